import {
  Link as RouterLink,
  Route,
  Routes,
  useLocation,
} from 'react-router-dom';
import { Box, Tab, Tabs } from '@material-ui/core';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { rootRouteRef } from '../routes';
import { RolesPage } from './RolesPage/RolesPage';
import { RoleDetailPage } from './RoleDetail/RoleDetailPage';
import { AllRolesMatrixPage } from './AllRolesMatrixPage';
import { ExplainPage } from './Explain/ExplainPage';

const TABS = [
  { path: '', label: 'Roles' },
  { path: 'permissions', label: 'Permissions' },
  { path: 'explain', label: 'Explain' },
];

/** Tabs for the sections of the page; role details belong to "Roles". */
const RbacTabs = () => {
  const root = useRouteRef(rootRouteRef)?.() ?? '/rbac';
  const { pathname } = useLocation();
  const rest = pathname.slice(root.length).replace(/^\//, '');
  const current = TABS.findIndex(
    tab => tab.path !== '' && rest.startsWith(tab.path),
  );
  return (
    <Tabs value={current === -1 ? 0 : current} indicatorColor="primary">
      {TABS.map(tab => (
        <Tab
          key={tab.label}
          label={tab.label}
          component={RouterLink}
          to={tab.path === '' ? root : `${root}/${tab.path}`}
        />
      ))}
    </Tabs>
  );
};

/** The access control page: roles, the permission matrix and explanations. */
export const RbacPage = () => (
  <Box p={3}>
    <RbacTabs />
    <Box mt={3}>
      <Routes>
        <Route path="/" element={<RolesPage />} />
        <Route path="/roles/:name" element={<RoleDetailPage />} />
        <Route path="/permissions" element={<AllRolesMatrixPage />} />
        <Route path="/explain" element={<ExplainPage />} />
      </Routes>
    </Box>
  </Box>
);
