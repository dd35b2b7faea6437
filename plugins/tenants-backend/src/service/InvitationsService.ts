import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  Invitation,
  InvitationPage,
  InvitationStatus,
  NewInvitation,
  TENANT_NOTIFICATION_TOPICS,
  tenantPath,
  TenantUser,
  TenantUserRole,
} from '@controlplane/plugin-tenants-common';
import {
  InvitationRow,
  StoredTenant,
  toTenant,
  toInvitation,
  toIso,
  toItemsPage,
  toUser,
  UserRow,
} from '../database/rows';
import { hashToken, newToken } from '../database/SessionStore';
import { TenantsStore } from '../database/TenantsStore';
import { normalizeEmail, TenantsContext } from './TenantsContext';
import { GoneError } from './errors';

/** Invitations to a tenant: create, deliver, resend, revoke, accept. */
export class InvitationsService {
  readonly #ctx: TenantsContext;

  constructor(ctx: TenantsContext) {
    this.#ctx = ctx;
  }

  newInvitationRow(
    tenantId: string,
    email: string,
    role: TenantUserRole,
    token: string,
    actor: string,
    now: Date,
  ): InvitationRow {
    return {
      id: randomUUID(),
      tenant_id: tenantId,
      email,
      role,
      token_hash: hashToken(token),
      status: 'pending',
      expires_at: new Date(
        now.getTime() + this.#ctx.options.invitationExpiryMs,
      ).toISOString(),
      created_by: actor,
      created_at: now.toISOString(),
      accepted_at: null,
      user_id: null,
    };
  }

  #acceptUrl(token: string): string {
    const url = new URL(this.#ctx.options.acceptUrl);
    url.searchParams.set('token', token);
    return url.toString();
  }

  /** Sends the invitation; the answer carries the link only for the log mailer. */
  async deliver(
    tenant: StoredTenant,
    row: InvitationRow,
    token: string,
    now: Date,
  ): Promise<Invitation> {
    const acceptUrl = this.#acceptUrl(token);
    try {
      await this.#ctx.options.mailer.send({
        tenant: tenant.name,
        tenantDisplayName: tenant.displayName,
        email: row.email,
        role: row.role as TenantUserRole,
        acceptUrl,
        expiresAt: toIso(row.expires_at),
      });
    } catch (error) {
      // The invitation stands; it can be resent.
      this.#ctx.options.logger.error(
        `Could not send invitation ${row.id} to tenant ${tenant.name}: ${error}`,
      );
    }
    return {
      ...toInvitation(row, tenant.name, now),
      ...(this.#ctx.options.mailer.revealsLinkToInviter ? { acceptUrl } : {}),
    };
  }

  async listInvitations(
    tenant: StoredTenant,
    query: { status?: InvitationStatus[]; limit: number; cursor?: string },
  ): Promise<InvitationPage> {
    const now = this.#ctx.now();
    return toItemsPage(
      await this.#ctx.stores.tenants.listInvitations(tenant.id, {
        ...query,
        now: now.toISOString(),
      }),
      row => toInvitation(row, tenant.name, now),
    );
  }

  async invite(
    tenant: StoredTenant,
    input: NewInvitation,
    actor: string,
  ): Promise<Change<Invitation>> {
    if (tenant.status !== 'active') {
      throw new ConflictError(
        `Tenant ${tenant.name} is ${tenant.status}; invitations need an active tenant`,
      );
    }
    const email = normalizeEmail(input.email);
    const allowed = tenant.settings.allowedDomains;
    const emailDomain = email.split('@')[1];
    if (allowed.length > 0 && !allowed.includes(emailDomain)) {
      throw new InputError(
        `${emailDomain} is not an allowed domain of tenant ${
          tenant.name
        } (allowed: ${allowed.join(', ')})`,
      );
    }
    const now = this.#ctx.now();
    const token = newToken();
    const row = this.newInvitationRow(
      tenant.id,
      email,
      input.role,
      token,
      actor,
      now,
    );
    await this.#ctx.stores.transaction(async s => {
      await s.tenants.lockTenant(tenant.id);
      if (await s.tenants.userByEmail(tenant.id, email)) {
        throw new ConflictError(
          `${email} is already a user of tenant ${tenant.name}`,
        );
      }
      if (
        await s.tenants.pendingInvitationFor(
          tenant.id,
          email,
          now.toISOString(),
        )
      ) {
        throw new ConflictError(
          `${email} already has a pending invitation to tenant ${tenant.name}; resend it instead`,
        );
      }
      await s.tenants.insertInvitation(row);
    });
    const invitation = await this.deliver(tenant, row, token, now);
    return {
      result: invitation,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-invitation',
        resourceId: row.id,
        after: { email, role: input.role, expiresAt: invitation.expiresAt },
      },
    };
  }

  async #loadInvitation(store: TenantsStore, tenant: StoredTenant, id: string) {
    const row = await store.invitation(tenant.id, id);
    if (!row) {
      throw new NotFoundError(`No invitation ${id} in tenant ${tenant.name}`);
    }
    return row;
  }

  /** A new token and expiry for a pending (or expired) invitation. */
  async resend(tenant: StoredTenant, id: string): Promise<Change<Invitation>> {
    if (tenant.status !== 'active') {
      throw new ConflictError(`Tenant ${tenant.name} is ${tenant.status}`);
    }
    const now = this.#ctx.now();
    const token = newToken();
    const row = await this.#ctx.stores.transaction(async s => {
      const current = await this.#loadInvitation(s.tenants, tenant, id);
      if (current.status !== 'pending') {
        throw new ConflictError(
          `Invitation ${id} is ${current.status} and cannot be resent`,
        );
      }
      const patch = {
        token_hash: hashToken(token),
        expires_at: new Date(
          now.getTime() + this.#ctx.options.invitationExpiryMs,
        ).toISOString(),
      };
      if (!(await s.tenants.updateInvitation(id, 'pending', patch))) {
        throw new ConflictError(`Invitation ${id} changed concurrently`);
      }
      return { ...current, ...patch };
    });
    const invitation = await this.deliver(tenant, row, token, now);
    return {
      result: invitation,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-invitation',
        resourceId: id,
        after: { email: row.email, expiresAt: invitation.expiresAt },
      },
    };
  }

  async revokeInvitation(
    tenant: StoredTenant,
    id: string,
  ): Promise<Change<Invitation>> {
    const now = this.#ctx.now();
    const row = await this.#ctx.stores.transaction(async s => {
      const current = await this.#loadInvitation(s.tenants, tenant, id);
      if (
        current.status !== 'pending' ||
        !(await s.tenants.updateInvitation(id, 'pending', {
          status: 'revoked',
        }))
      ) {
        throw new ConflictError(
          `Invitation ${id} is ${current.status} and cannot be revoked`,
        );
      }
      return { ...current, status: 'revoked' };
    });
    return {
      result: toInvitation(row, tenant.name, now),
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-invitation',
        resourceId: id,
        before: { status: 'pending' },
        after: { status: 'revoked', email: row.email },
      },
    };
  }

  /**
   * Accepts an invitation with its token: creates the user, and the token is
   * used up. Unknown tokens are 400; used, revoked or expired ones 410.
   */
  /**
   * Accepts an invitation; with `firstPassword`, which checks a password
   * against the tenant's policy and answers its hash, the user gets it.
   */
  async accept(
    token: string,
    displayName?: string,
    firstPassword?: (tenant: StoredTenant) => Promise<string>,
  ): Promise<Change<TenantUser>> {
    const now = this.#ctx.now();
    const row = await this.#ctx.stores.tenants.invitationByTokenHash(
      hashToken(token),
    );
    if (!row) {
      throw new InputError(
        'This invitation link is not valid; it may have been replaced by a newer invitation',
      );
    }
    if (row.status === 'accepted') {
      throw new GoneError('This invitation has already been used');
    }
    if (row.status === 'revoked') {
      throw new GoneError('This invitation was revoked');
    }
    if (new Date(row.expires_at) <= now) {
      throw new GoneError(
        `This invitation expired at ${toIso(
          row.expires_at,
        )}; ask for a new one`,
      );
    }
    const userId = randomUUID();
    const { user, tenantName } = await this.#ctx.unique(() =>
      this.#ctx.stores.transaction(async s => {
        const tenantRow = await s.tenants.lockTenant(row.tenant_id);
        if (tenantRow.status !== 'active') {
          throw new ConflictError(
            `Tenant ${tenantRow.name} is ${tenantRow.status}; the invitation cannot be accepted now`,
          );
        }
        if (await s.tenants.userByEmail(row.tenant_id, row.email)) {
          throw new ConflictError(
            `${row.email} is already a user of tenant ${tenantRow.name}`,
          );
        }
        // Before anything is written: a refused password changes nothing.
        const passwordHash = firstPassword
          ? await firstPassword(toTenant(tenantRow))
          : undefined;
        const used = await s.tenants.updateInvitation(row.id, 'pending', {
          status: 'accepted',
          accepted_at: now.toISOString(),
          user_id: userId,
        });
        if (!used) throw new GoneError('This invitation has already been used');
        const newUser: UserRow = {
          id: userId,
          tenant_id: row.tenant_id,
          email: row.email,
          display_name: displayName?.trim() || null,
          role: row.role,
          status: 'active',
          created_at: now.toISOString(),
          updated_at: now.toISOString(),
        };
        await s.tenants.insertUser(newUser);
        if (passwordHash) {
          await s.signin.setPassword(userId, passwordHash, {
            previous: null,
            keep: 0,
            now: now.toISOString(),
          });
        }
        return { user: newUser, tenantName: tenantRow.name };
      }),
    );
    await this.#notifyAccepted(row, user, tenantName);
    return {
      result: toUser(user, tenantName),
      audit: {
        tenant: tenantName,
        resourceType: 'tenant-user',
        resourceId: userId,
        after: { email: user.email, role: user.role, invitationId: row.id },
      },
    };
  }

  /** Tells the inviter and the tenant's owners, after the commit. */
  async #notifyAccepted(
    invitation: InvitationRow,
    user: UserRow,
    tenantName: string,
  ): Promise<void> {
    const { notifier, invitationNotifyEntityRef } = this.#ctx.options;
    if (!notifier) return;
    const owners = (
      invitationNotifyEntityRef ?? 'group:default/{tenant}-owners'
    ).replace('{tenant}', tenantName);
    const who = user.display_name
      ? `${user.display_name} (${user.email})`
      : user.email;
    await notifier.notify({
      topic: TENANT_NOTIFICATION_TOPICS.invitationAccepted,
      recipients: [invitation.created_by, owners],
      title: `${who} joined ${tenantName}`,
      description: `${user.email} accepted the invitation to ${tenantName} as ${user.role}.`,
      // The users tab, where the new user is.
      link: tenantPath(tenantName, 'users'),
    });
  }
}
