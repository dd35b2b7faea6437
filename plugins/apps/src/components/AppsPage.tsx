import { Route, Routes } from 'react-router-dom';
import { Box } from '@material-ui/core';
import { ApiKeysPage } from './ApiKeysPage';
import { AppPage } from './AppPage';
import { AppsListPage } from './AppsListPage';

/**
 * The apps page: the list at `/apps`, every credential at `/apps/api-keys`
 * and one app at `/apps/:id`.
 */
export const AppsPage = () => (
  <Box p={3}>
    <Routes>
      <Route path="/" element={<AppsListPage />} />
      <Route path="/api-keys" element={<ApiKeysPage />} />
      <Route path="/:id" element={<AppPage />} />
    </Routes>
  </Box>
);
