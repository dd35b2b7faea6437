import { PLATFORM_ADMIN_ROLE, Role } from '@controlplane/plugin-rbac-common';

/** The roles created on the first start, when the database has no roles. */
export const SEED_ROLES: Pick<Role, 'name' | 'description' | 'grants'>[] = [
  {
    name: PLATFORM_ADMIN_ROLE,
    description: 'Everything, including editing roles',
    grants: ['*'],
  },
  {
    name: 'operator',
    description:
      'Runs the platform: tenants, flags, apps, incidents and health',
    grants: [
      'tenants.*',
      'flags.*',
      'apps.*',
      // Every tenant's usage; quotas and budgets are the tenants' owners',
      // credits the platform admins'.
      'billing.usage.read',
      'incidents.*',
      'platform-health.*',
      // Promotions: sees them, runs maintenance freezes and their overrides.
      'promotions.request.read',
      'promotions.freeze.*',
      'catalog.entity.read',
      'catalog.location.read',
      'rbac.role.read',
    ],
  },
  {
    name: 'org-owner',
    description: 'Owns a customer organization: its tenants, billing and apps',
    grants: [
      'tenants.*',
      'billing.*',
      'apps.*',
      'flags.flag.read',
      'flags.tenant.read',
      'audit.log.read',
      // Their tenant's tickets: see them, open them, comment.
      'incidents.incident.read',
      'incidents.incident.create',
      // Their tenant's health, usage and incidents on the dashboard.
      'platform-health.dashboard.read',
      'catalog.entity.read',
    ],
  },
  {
    name: 'tenant-admin',
    description: 'Manages the users and invitations of a tenant',
    // Users, invitations (tenants.user.invite) and sessions; no SSO, no billing.
    grants: [
      'tenants.tenant.read',
      'tenants.user.*',
      'tenants.session.*',
      // Their tenant's effective feature flags, read-only.
      'flags.tenant.read',
      // Their tenant's tickets: see them, open them, comment.
      'incidents.incident.read',
      'incidents.incident.create',
      // Their tenant's health, usage and incidents on the dashboard.
      'platform-health.dashboard.read',
      'catalog.entity.read',
    ],
  },
  {
    name: 'approver',
    description: 'Approves or rejects promotions between environments',
    grants: [
      'promotions.request.read',
      'promotions.request.approve',
      'promotions.request.reject',
      // The second person an override of a freeze needs.
      'promotions.freeze.override',
      'catalog.entity.read',
    ],
  },
  {
    name: 'developer',
    description:
      'Builds apps: reads flags and apps, manages the credentials of the apps their teams own, requests promotions',
    // Reads everywhere; changes to credentials only on apps owned by the
    // developer or their groups (issue 11: not the apps of other teams).
    grants: [
      'apps.app.read',
      'apps.app.create',
      'apps.credential.read',
      'apps.credential.create@owned',
      'apps.credential.rotate@owned',
      'apps.credential.revoke@owned',
      'apps.usage.read',
      'flags.flag.read',
      'promotions.request.create',
      'promotions.request.read',
      'catalog.*',
    ],
  },
  {
    name: 'auditor',
    description: 'Reads and exports the audit trail, sees the roles',
    grants: [
      'audit.log.read',
      'audit.log.export',
      'audit.chain.verify',
      'catalog.entity.read',
      'rbac.role.read',
    ],
  },
  {
    name: 'support-agent',
    description: 'Helps customers: reads platform health, incidents and audit',
    grants: [
      'platform-health.dashboard.read',
      // Sees and works tickets; read-only elsewhere.
      'incidents.incident.*',
      'audit.log.read',
      'tenants.tenant.read',
      'tenants.user.read',
      'tenants.session.read',
      'tenants.organization.read',
      'tenants.impersonation.read',
      'apps.app.read',
      'catalog.entity.read',
    ],
  },
];
