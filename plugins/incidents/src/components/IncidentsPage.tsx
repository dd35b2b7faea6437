import { Route, Routes } from 'react-router-dom';
import { IncidentPage } from './IncidentPage';
import { IncidentsHome } from './IncidentsHome';

/**
 * The incidents page: the queue at `/incidents` (and `/incidents/queue`),
 * the maintenance calendar at `/incidents/maintenance`, and one incident at
 * `/incidents/<id>` (where the backend's notifications link).
 */
export const IncidentsPage = () => (
  <Routes>
    <Route path="/" element={<IncidentsHome view="queue" />} />
    <Route path="/queue" element={<IncidentsHome view="queue" />} />
    <Route path="/maintenance" element={<IncidentsHome view="maintenance" />} />
    <Route path="/:id" element={<IncidentPage />} />
  </Routes>
);
