import { createHomeCard } from '@controlplane/frontend-common';
import {
  tenantsTenantCreatePermission,
  tenantsUserReadPermission,
} from '@controlplane/plugin-tenants-common';

/**
 * "Tenants at risk" on the home page of operators and platform admins. It
 * is for whoever provisions tenants (`tenants.tenant.create`, basic: a
 * tenant's own owners never hold it); the tenants it lists are those the
 * user may read.
 */
export const tenantsAtRiskCard = createHomeCard({
  name: 'tenants-at-risk',
  widgetName: 'TenantsAtRisk',
  title: 'Tenants at risk',
  description:
    'Suspended tenants and those failing, drifting, over quota or over budget',
  permission: tenantsTenantCreatePermission,
  order: 100,
  loader: () =>
    import('./TenantsAtRiskCard').then(m => <m.TenantsAtRiskCard />),
});

/**
 * "My tenant": a tenant owner's or administrator's users and invitations.
 * For those who read users in their own tenants only (a tenant-scoped role);
 * a platform-wide operator belongs to no tenant and has "Tenants at risk".
 */
export const myTenantCard = createHomeCard({
  name: 'my-tenant',
  widgetName: 'MyTenant',
  title: 'My tenant',
  description: "Your tenant's users and pending invitations",
  permission: tenantsUserReadPermission,
  audience: 'scoped',
  order: 10,
  loader: () => import('./MyTenantCard').then(m => <m.MyTenantCard />),
});
