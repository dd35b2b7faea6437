import { Route, Routes } from 'react-router-dom';
import { FlagPage } from './FlagPage';
import { FlagsHome } from './FlagsHome';

/**
 * The flags page: the list, matrix, "evaluate as" and tenant views at
 * `/flags` and one flag at `/flags/:key`; each view frames itself with
 * `PortalPage`.
 */
export const FlagsPage = () => (
  <Routes>
    <Route path="/" element={<FlagsHome />} />
    <Route path="/:key" element={<FlagPage />} />
  </Routes>
);
