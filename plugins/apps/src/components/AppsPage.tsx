import { Route, Routes } from 'react-router-dom';
import { ApiKeysPage } from './ApiKeysPage';
import { AppPage } from './AppPage';
import { AppsListPage } from './AppsListPage';

/**
 * The apps page: the list at `/apps`, every credential at `/apps/api-keys`
 * and one app at `/apps/:id`; each view frames itself with `PortalPage`.
 */
export const AppsPage = () => (
  <Routes>
    <Route path="/" element={<AppsListPage />} />
    <Route path="/api-keys" element={<ApiKeysPage />} />
    <Route path="/:id" element={<AppPage />} />
  </Routes>
);
