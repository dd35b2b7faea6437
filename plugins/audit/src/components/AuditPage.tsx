import { Route, Routes } from 'react-router-dom';
import { AuditLogPage } from './AuditLogPage';
import { ResourceTimelinePage } from './ResourceTimelinePage';

/** The audit trail page: the records, and one resource's history. */
export const AuditPage = () => (
  <Routes>
    <Route path="/" element={<AuditLogPage />} />
    <Route path="/resource" element={<ResourceTimelinePage />} />
  </Routes>
);
