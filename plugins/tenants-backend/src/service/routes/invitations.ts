import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { actorRef, limitOf, listOf } from '@controlplane/backend-common';
import {
  InvitationStatus,
  tenantsUserInvitePermission,
  tenantsUserReadPermission,
} from '@controlplane/plugin-tenants-common';
import { StoredTenant } from '../../database/rows';
import type { TenantsRouteDeps, TenantsRouter } from '../router';

/** Invitations to a tenant: list, invite, resend, revoke, accept. */
export function invitationsRoutes(
  router: TenantsRouter,
  deps: TenantsRouteDeps,
) {
  const { service, audited, loadTenant, tenantChange, mayManageOwners } = deps;

  router.get('/tenants/:tenant/invitations', async (req, res) => {
    const { tenant } = await loadTenant(req, tenantsUserReadPermission);
    res.json(
      await service.invitations.listInvitations(tenant, {
        status: listOf<InvitationStatus>(req.query.status),
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
      }),
    );
  });

  router.post('/tenants/:tenant/invitations', async (req, res) => {
    const body = req.body;
    const invitation = await tenantChange(
      req,
      {
        eventId: 'invitation-create',
        severityLevel: 'medium',
        permission: tenantsUserInvitePermission,
        resourceType: 'tenant-invitation',
        resourceId: body.email,
      },
      async (tenant, credentials) => {
        if (
          body.role === 'owner' &&
          !(await mayManageOwners(credentials, tenant))
        ) {
          throw new NotAllowedError(
            'Inviting an owner needs tenants.owner.manage',
          );
        }
        return service.invitations.invite(tenant, body, actorRef(credentials));
      },
    );
    res.status(201).json(invitation);
  });

  router.post(
    '/tenants/:tenant/invitations/:invitationId/resend',
    async (req, res) => {
      res.json(
        await tenantChange(
          req,
          {
            eventId: 'invitation-resend',
            severityLevel: 'medium',
            permission: tenantsUserInvitePermission,
            resourceType: 'tenant-invitation',
            resourceId: req.params.invitationId,
          },
          tenant => service.invitations.resend(tenant, req.params.invitationId),
        ),
      );
    },
  );

  router.delete(
    '/tenants/:tenant/invitations/:invitationId',
    async (req, res) => {
      res.json(
        await tenantChange(
          req,
          {
            eventId: 'invitation-revoke',
            severityLevel: 'medium',
            permission: tenantsUserInvitePermission,
            resourceType: 'tenant-invitation',
            resourceId: req.params.invitationId,
          },
          tenant =>
            service.invitations.revokeInvitation(
              tenant,
              req.params.invitationId,
            ),
        ),
      );
    },
  );

  router.post('/invitations/accept', async (req, res) => {
    const { token, displayName, password } = req.body;
    if (password !== undefined && !deps.signin) {
      throw new ServiceUnavailableError(
        'Passwords cannot be set: tenants.secretKey is not configured',
      );
    }
    const { signin } = deps;
    const firstPassword =
      password !== undefined && signin
        ? (tenant: StoredTenant) => signin.firstPasswordHash(tenant, password)
        : undefined;
    // The token is the credential: no sign-in, and it is never audited.
    const user = await audited(
      req,
      {
        eventId: 'invitation-accept',
        severityLevel: 'medium',
        meta: { resourceType: 'tenant-invitation' },
      },
      () => service.invitations.accept(token, displayName, firstPassword),
    );
    res.status(201).json(user);
  });
}
