import {
  Link as RouterLink,
  Route,
  Routes,
  useLocation,
} from 'react-router-dom';
import { HeaderTabs } from '@backstage/core-components';
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
    <HeaderTabs
      selectedIndex={current === -1 ? 0 : current}
      tabs={TABS.map(tab => ({
        id: tab.path || 'roles',
        label: tab.label,
        tabProps: {
          component: RouterLink,
          to: tab.path === '' ? root : `${root}/${tab.path}`,
        },
      }))}
    />
  );
};

/**
 * The access control page: tabs for the roles, the permission matrix and
 * explanations; each view is a PortalPage.
 */
export const RbacPage = () => (
  <>
    <RbacTabs />
    <Routes>
      <Route path="/" element={<RolesPage />} />
      <Route path="/roles/:name" element={<RoleDetailPage />} />
      <Route path="/permissions" element={<AllRolesMatrixPage />} />
      <Route path="/explain" element={<ExplainPage />} />
    </Routes>
  </>
);
