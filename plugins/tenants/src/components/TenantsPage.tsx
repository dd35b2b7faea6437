import { Route, Routes } from 'react-router-dom';
import { ImpersonationsProvider } from './Impersonation';
import { TenantsListPage } from './TenantsListPage';
import { TenantDetailPage } from './TenantDetailPage';
import { AcceptInvitationPage } from './AcceptInvitationPage';

/**
 * The tenants page: the list at `/tenants`, one tenant at `/tenants/:tenant`,
 * and the target of invitation links, `/tenants/invitations/accept?token=`.
 * Each view frames itself with `PortalPage`.
 */
export const TenantsPage = () => (
  <ImpersonationsProvider>
    <Routes>
      <Route path="/" element={<TenantsListPage />} />
      <Route path="/invitations/accept" element={<AcceptInvitationPage />} />
      <Route path="/:tenant" element={<TenantDetailPage />} />
    </Routes>
  </ImpersonationsProvider>
);
