import { NotFoundError } from '@backstage/errors';
import {
  tenantsOrganizationReadPermission,
  tenantsOrganizationUpdatePermission,
  tenantsPasswordPolicyReadPermission,
  tenantsPasswordPolicyUpdatePermission,
  tenantsSsoReadPermission,
  tenantsSsoUpdatePermission,
} from '@controlplane/plugin-tenants-common';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** A tenant's organization settings, password policy and SSO configuration. */
export function settingsRoutes(router: TenantsRouter, deps: TenantsRouteDeps) {
  const { service, loadTenant, tenantChange } = deps;

  router.get('/tenants/:tenant/organization', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsOrganizationReadPermission);
    res.json(service.settings.organization(tenant));
  });

  router.put('/tenants/:tenant/organization', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'organization-update',
          severityLevel: 'medium',
          permission: tenantsOrganizationUpdatePermission,
          resourceType: 'tenant-organization',
        },
        tenant => service.settings.putOrganization(tenant, req.body),
      ),
    );
  });

  router.get('/tenants/:tenant/password-policy', async (req, res) => {
    const { tenant } = await loadTenant(
      req,
      tenantsPasswordPolicyReadPermission,
    );
    res.json(tenant.passwordPolicy);
  });

  router.put('/tenants/:tenant/password-policy', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'password-policy-update',
          severityLevel: 'medium',
          permission: tenantsPasswordPolicyUpdatePermission,
          resourceType: 'tenant-password-policy',
        },
        tenant => service.settings.putPasswordPolicy(tenant, req.body),
      ),
    );
  });

  router.get('/tenants/:tenant/sso', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsSsoReadPermission);
    const sso = await service.settings.getSso(tenant);
    if (!sso) {
      throw new NotFoundError(`Tenant ${tenant.name} has no SSO configuration`);
    }
    res.json(sso);
  });

  router.put('/tenants/:tenant/sso', async (req, res) => {
    res.json(
      await tenantChange(
        req,
        {
          eventId: 'sso-update',
          severityLevel: 'high',
          permission: tenantsSsoUpdatePermission,
          resourceType: 'tenant-sso',
        },
        tenant => service.settings.putSso(tenant, req.body),
      ),
    );
  });

  router.delete('/tenants/:tenant/sso', async (req, res) => {
    await tenantChange(
      req,
      {
        eventId: 'sso-delete',
        severityLevel: 'high',
        permission: tenantsSsoUpdatePermission,
        resourceType: 'tenant-sso',
      },
      tenant => service.settings.deleteSso(tenant),
    );
    res.status(204).end();
  });
}
