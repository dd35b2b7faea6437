import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { Change, ColumnFilter } from '@controlplane/backend-common';
import {
  Impersonation,
  ImpersonationPage,
  NewImpersonation,
  Revoked,
  SessionCheck,
  SessionPage,
  StartedImpersonation,
} from '@controlplane/plugin-tenants-common';
import {
  optionalIso,
  StoredTenant,
  toImpersonation,
  toIso,
  toItemsPage,
  toSession,
} from '../database/rows';
import { requireReason, TenantsContext } from './TenantsContext';

/**
 * Sessions of tenant users, and impersonations: sessions an operator starts
 * for a user, time-boxed.
 */
export class SessionsService {
  readonly #ctx: TenantsContext;

  constructor(ctx: TenantsContext) {
    this.#ctx = ctx;
  }

  async listSessions(
    tenant: StoredTenant,
    userId: string,
    query: { limit: number; cursor?: string; activeOnly?: boolean },
  ): Promise<SessionPage> {
    await this.#ctx.loadUser(this.#ctx.stores.tenants, tenant, userId);
    const now = this.#ctx.now();
    return toItemsPage(
      await this.#ctx.stores.sessions.listForUser(userId, {
        ...query,
        now: now.toISOString(),
      }),
      row => toSession(row, tenant.name, now),
    );
  }

  async revokeSession(
    tenant: StoredTenant,
    userId: string,
    sessionId: string,
  ): Promise<Change<Revoked>> {
    await this.#ctx.loadUser(this.#ctx.stores.tenants, tenant, userId);
    const session = await this.#ctx.stores.sessions.get(userId, sessionId);
    if (!session) {
      throw new NotFoundError(`No session ${sessionId} of user ${userId}`);
    }
    const revoked = (await this.#ctx.stores.sessions.revoke(
      sessionId,
      'admin-revoked',
      this.#ctx.now(),
    ))
      ? 1
      : 0;
    return {
      result: { revoked },
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-session',
        resourceId: sessionId,
        after: { userId, revoked },
      },
    };
  }

  async revokeAllSessions(
    tenant: StoredTenant,
    userId: string,
  ): Promise<Change<Revoked>> {
    await this.#ctx.loadUser(this.#ctx.stores.tenants, tenant, userId);
    const revoked = await this.#ctx.stores.sessions.revokeAllForUser(
      userId,
      'admin-revoked',
      this.#ctx.now(),
    );
    return {
      result: { revoked },
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-user',
        resourceId: userId,
        after: { sessionsRevoked: revoked },
      },
    };
  }

  /**
   * Issues a session for a user (for the sign-in of a later issue and for
   * impersonation). Its lifetime is the tenant's session timeout.
   */
  async issueSession(
    tenant: StoredTenant,
    userId: string,
  ): Promise<{ id: string; token: string; expiresAt: string }> {
    await this.#ctx.loadUser(this.#ctx.stores.tenants, tenant, userId);
    return this.#ctx.stores.sessions.issue({
      userId,
      tenantId: tenant.id,
      ttlMs: tenant.settings.sessionTimeoutMinutes * 60_000,
      now: this.#ctx.now(),
    });
  }

  checkSession(token: string): Promise<SessionCheck> {
    return this.#ctx.stores.sessions.check(token, this.#ctx.now());
  }

  // --------------------------------------------------------- impersonations

  get impersonationMaxMinutes(): number {
    return this.#ctx.options.impersonationMaxMinutes;
  }

  /**
   * Starts a time-boxed impersonation of an active user of an active tenant:
   * a session for that user, ending at the latest after the maximum
   * duration. The session token is returned once, never stored or logged.
   */
  async startImpersonation(
    actor: string,
    input: NewImpersonation,
  ): Promise<Change<StartedImpersonation>> {
    const reason = requireReason(input.reason, 'impersonate a user');
    const max = this.#ctx.options.impersonationMaxMinutes;
    const minutes = input.durationMinutes ?? max;
    if (!Number.isInteger(minutes) || minutes < 1 || minutes > max) {
      throw new InputError(
        `durationMinutes must be a whole number from 1 to ${max}`,
      );
    }
    const tenant = await this.#ctx.getTenant(input.tenant);
    if (tenant.status !== 'active') {
      throw new ConflictError(`Tenant ${tenant.name} is ${tenant.status}`);
    }
    const user = await this.#ctx.loadUser(
      this.#ctx.stores.tenants,
      tenant,
      input.userId,
    );
    if (user.status !== 'active') {
      throw new ConflictError(
        `${user.email} is disabled and cannot be impersonated`,
      );
    }
    const now = this.#ctx.now();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + minutes * 60_000).toISOString();
    const token = await this.#ctx.stores.transaction(async s => {
      const session = await s.sessions.issue({
        userId: user.id,
        tenantId: tenant.id,
        ttlMs: minutes * 60_000,
        now,
        impersonationId: id,
      });
      await s.tenants.insertImpersonation({
        id,
        tenant_id: tenant.id,
        user_id: user.id,
        actor,
        reason,
        session_id: session.id,
        started_at: now.toISOString(),
        expires_at: expiresAt,
        ended_at: null,
        end_reason: null,
        ended_by: null,
      });
      return session.token;
    });
    const impersonation = toImpersonation(
      (await this.#ctx.stores.tenants.impersonation(id))!,
      now,
    );
    return {
      result: { impersonation, sessionToken: token },
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-impersonation',
        resourceId: id,
        reason,
        after: {
          userId: user.id,
          userEmail: user.email,
          expiresAt,
          durationMinutes: minutes,
        },
      },
    };
  }

  async getImpersonation(id: string): Promise<Impersonation> {
    const row = await this.#ctx.stores.tenants.impersonation(id);
    if (!row) throw new NotFoundError(`No impersonation ${id}`);
    return toImpersonation(row, this.#ctx.now());
  }

  async stopImpersonation(
    id: string,
    actor: string,
  ): Promise<Change<Impersonation>> {
    const now = this.#ctx.now();
    const row = await this.#ctx.stores.tenants.impersonation(id);
    if (!row) throw new NotFoundError(`No impersonation ${id}`);
    if (!toImpersonation(row, now).active) {
      throw new ConflictError(`Impersonation ${id} has already ended`);
    }
    const ended = await this.#ctx.stores.tenants.endImpersonation(id, {
      ended_at: now.toISOString(),
      end_reason: 'stopped',
      ended_by: actor,
    });
    if (!ended)
      throw new ConflictError(`Impersonation ${id} has already ended`);
    await this.#revokeImpersonationSession(row, now);
    const result = toImpersonation(
      (await this.#ctx.stores.tenants.impersonation(id))!,
      now,
    );
    return {
      result,
      audit: {
        tenant: result.tenant,
        resourceType: 'tenant-impersonation',
        resourceId: id,
        reason: row.reason,
        after: { endReason: 'stopped', endedBy: actor, userId: row.user_id },
      },
    };
  }

  /** Ends the session an ended impersonation ran in. */
  async #revokeImpersonationSession(
    row: { session_id: string | null },
    now: Date,
  ) {
    if (row.session_id) {
      await this.#ctx.stores.sessions.revoke(
        row.session_id,
        'impersonation-ended',
        now,
      );
    }
  }

  async listActiveImpersonations(query: {
    tenant?: string;
    filter?: PermissionCriteria<ColumnFilter>;
    limit: number;
    cursor?: string;
  }): Promise<ImpersonationPage> {
    const now = this.#ctx.now();
    return toItemsPage(
      await this.#ctx.stores.tenants.listActiveImpersonations({
        ...query,
        now: now.toISOString(),
      }),
      row => toImpersonation(row, now),
    );
  }

  /**
   * Ends the impersonations past their expiry and revokes their sessions;
   * each is ended by exactly one caller (one instance of the task), which
   * gets it back to audit.
   */
  async endExpiredImpersonations(): Promise<Change<Impersonation>[]> {
    const now = this.#ctx.now();
    const expired = await this.#ctx.stores.tenants.expiredImpersonations(
      now.toISOString(),
      500,
    );
    const ended: Change<Impersonation>[] = [];
    for (const row of expired) {
      const claimed = await this.#ctx.stores.tenants.endImpersonation(row.id, {
        ended_at: toIso(row.expires_at),
        end_reason: 'expired',
        ended_by: null,
      });
      if (!claimed) continue;
      await this.#revokeImpersonationSession(row, now);
      const result = toImpersonation(
        { ...row, ended_at: toIso(row.expires_at), end_reason: 'expired' },
        now,
      );
      ended.push({
        result,
        audit: {
          tenant: result.tenant,
          resourceType: 'tenant-impersonation',
          resourceId: row.id,
          reason: row.reason,
          after: {
            endReason: 'expired',
            userId: row.user_id,
            actor: row.actor,
            endedAt: optionalIso(row.expires_at) ?? null,
          },
        },
      });
    }
    return ended;
  }
}
