import { createHash, randomBytes, randomUUID } from 'node:crypto';
import {
  KnexStore,
  newestFirstPage,
  RowPage,
} from '@controlplane/backend-common';
import { SessionCheck } from '@controlplane/plugin-tenants-common';
import { SessionRow } from './rows';

/** SHA-256 hex of a token: only this is stored, never the token. */
export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** A fresh opaque token: 32 random bytes, base64url. */
export function newToken(): string {
  return randomBytes(32).toString('base64url');
}

/** What a session records of the sign-in that began it. */
export interface SigninFacts {
  role: string;
  method: 'password' | 'mfa' | 'sso';
  ip?: string;
  userAgent?: string;
}

/** A session found by its refresh token, with its user and tenant now. */
export interface RefreshableSession {
  id: string;
  userId: string;
  tenantId: string;
  expiresAt: string;
  revoked: boolean;
  /** The role when the session began; null for sessions not from sign-in. */
  roleAtSignin: string | null;
  /** The OIDC client the session was issued to; null for first-party. */
  clientId: string | null;
  userRole: string;
  userStatus: string;
  tenantStatus: string;
}

/**
 * Sessions of tenant users (DAT-SESSION): opaque tokens whose SHA-256 is
 * stored. A session is valid only while it is neither revoked nor expired,
 * its user exists and is enabled, and its tenant is active, all checked in
 * one query.
 */
export class SessionStore extends KnexStore {
  /** Issues a session; the token is returned once and never stored. */
  async issue(options: {
    userId: string;
    tenantId: string;
    ttlMs: number;
    now?: Date;
    impersonationId?: string;
    /** What a sign-in knows: the role then, how, from where. */
    signin?: SigninFacts;
  }): Promise<{ id: string; token: string; expiresAt: string }> {
    const now = options.now ?? new Date();
    const token = newToken();
    const id = randomUUID();
    const expiresAt = new Date(now.getTime() + options.ttlMs).toISOString();
    await this.db('tenant_sessions').insert({
      id,
      user_id: options.userId,
      tenant_id: options.tenantId,
      token_hash: hashToken(token),
      created_at: now.toISOString(),
      expires_at: expiresAt,
      revoked_at: null,
      revoke_reason: null,
      impersonation_id: options.impersonationId ?? null,
      role: options.signin?.role ?? null,
      auth_method: options.signin?.method ?? null,
      ip_address: options.signin?.ip?.slice(0, 64) ?? null,
      user_agent: options.signin?.userAgent?.slice(0, 512) ?? null,
    });
    return { id, token, expiresAt };
  }

  async check(token: string, now = new Date()): Promise<SessionCheck> {
    const row = await this.db('tenant_sessions as s')
      .join('tenant_users as u', 'u.id', 's.user_id')
      .join('tenants as t', 't.id', 's.tenant_id')
      .where('s.token_hash', hashToken(token))
      .first(
        's.id',
        's.user_id',
        's.expires_at',
        's.revoked_at',
        's.impersonation_id',
        'u.status as user_status',
        'u.role as user_role',
        't.status as tenant_status',
        't.name as tenant_name',
      );
    if (!row) return { valid: false, reason: 'unknown' };
    if (row.revoked_at) return { valid: false, reason: 'revoked' };
    if (new Date(row.expires_at) <= now) {
      return { valid: false, reason: 'expired' };
    }
    if (row.tenant_status !== 'active') {
      return { valid: false, reason: 'tenant-inactive' };
    }
    if (row.user_status !== 'active') {
      return { valid: false, reason: 'user-disabled' };
    }
    return {
      valid: true,
      sessionId: row.id,
      userId: row.user_id,
      tenant: row.tenant_name,
      role: row.user_role,
      expiresAt: new Date(row.expires_at).toISOString(),
      ...(row.impersonation_id
        ? { impersonationId: row.impersonation_id }
        : {}),
    };
  }

  async get(userId: string, id: string): Promise<SessionRow | undefined> {
    return this.db<SessionRow>('tenant_sessions')
      .where({ user_id: userId, id })
      .first();
  }

  /** A user's sessions, newest first, keyset-paged. */
  async listForUser(
    userId: string,
    options: {
      limit: number;
      cursor?: string;
      activeOnly?: boolean;
      now: string;
    },
  ): Promise<RowPage<SessionRow>> {
    const builder = this.db<SessionRow>('tenant_sessions').where({
      user_id: userId,
    });
    if (options.activeOnly) {
      builder.whereNull('revoked_at').andWhere('expires_at', '>', options.now);
    }
    return newestFirstPage<SessionRow>(builder, {
      timeColumn: 'created_at',
      idColumn: 'id',
      timeKey: 'c',
      timeOf: row => row.created_at,
      limit: options.limit,
      cursor: options.cursor,
    });
  }

  /**
   * The session whose current refresh token this is, with its user's and
   * tenant's state now (a deleted user or tenant: undefined); on
   * PostgreSQL the session row stays locked until the transaction ends, so
   * two refreshes with one token run one after the other.
   */
  async byRefreshToken(token: string): Promise<RefreshableSession | undefined> {
    const query = this.db('tenant_sessions as s')
      .join('tenant_users as u', 'u.id', 's.user_id')
      .join('tenants as t', 't.id', 's.tenant_id')
      .where('s.token_hash', hashToken(token))
      .first(
        's.id',
        's.user_id',
        's.tenant_id',
        's.expires_at',
        's.revoked_at',
        's.role',
        's.client_id',
        'u.role as user_role',
        'u.status as user_status',
        't.status as tenant_status',
      );
    const row = this.isPostgres ? await query.forUpdate('s') : await query;
    if (!row) return undefined;
    return {
      id: row.id,
      userId: row.user_id,
      tenantId: row.tenant_id,
      expiresAt: new Date(row.expires_at).toISOString(),
      revoked: row.revoked_at !== null,
      roleAtSignin: row.role,
      clientId: row.client_id ?? null,
      userRole: row.user_role,
      userStatus: row.user_status,
      tenantStatus: row.tenant_status,
    };
  }

  /** The session a rotated-out (used) refresh token belonged to. */
  async sessionOfRotatedToken(token: string): Promise<string | undefined> {
    const row = await this.db('tenant_rotated_refresh_tokens')
      .where({ token_hash: hashToken(token) })
      .first('session_id');
    return row?.session_id;
  }

  /**
   * Replaces a session's refresh token with a new one and extends it to
   * `expiresAt`; the old one is kept as used. Answers the new token, or
   * undefined when the old one was no longer current (a concurrent refresh
   * won).
   */
  async rotateRefreshToken(
    sessionId: string,
    oldToken: string,
    options: { expiresAt: string; now: string },
  ): Promise<string | undefined> {
    const token = newToken();
    const oldHash = hashToken(oldToken);
    const updated = await this.db('tenant_sessions')
      .where({ id: sessionId, token_hash: oldHash })
      .whereNull('revoked_at')
      .update({
        token_hash: hashToken(token),
        expires_at: options.expiresAt,
        refreshed_at: options.now,
      });
    if (updated !== 1) return undefined;
    await this.db('tenant_rotated_refresh_tokens').insert({
      token_hash: oldHash,
      session_id: sessionId,
      rotated_at: options.now,
    });
    return token;
  }

  /**
   * Forgets the used refresh tokens of sessions that ended (revoked or
   * expired) before `before`: a refresh of such a session is refused
   * anyway, reuse or not.
   */
  async deleteRotatedTokensOfEndedSessions(before: string): Promise<number> {
    return this.db('tenant_rotated_refresh_tokens')
      .whereIn(
        'session_id',
        this.db('tenant_sessions')
          .where('expires_at', '<', before)
          .orWhere('revoked_at', '<', before)
          .select('id'),
      )
      .delete();
  }

  /** Whether a session exists, is unrevoked and unexpired. */
  async isActive(id: string, now: string): Promise<boolean> {
    const row = await this.db('tenant_sessions')
      .where({ id })
      .whereNull('revoked_at')
      .andWhere('expires_at', '>', now)
      .first('id');
    return Boolean(row);
  }

  /** Revokes one session; returns whether it was still unrevoked. */
  async revoke(id: string, reason: string, now = new Date()): Promise<boolean> {
    const count = await this.db('tenant_sessions')
      .where({ id })
      .whereNull('revoked_at')
      .update({ revoked_at: now.toISOString(), revoke_reason: reason });
    return count === 1;
  }

  /** Revokes every unrevoked session of a user; returns how many. */
  async revokeAllForUser(
    userId: string,
    reason: string,
    now = new Date(),
  ): Promise<number> {
    return this.db('tenant_sessions')
      .where({ user_id: userId })
      .whereNull('revoked_at')
      .update({ revoked_at: now.toISOString(), revoke_reason: reason });
  }

  /** Revokes every unrevoked session of a tenant's users; returns how many. */
  async revokeAllForTenant(
    tenantId: string,
    reason: string,
    now = new Date(),
  ): Promise<number> {
    return this.db('tenant_sessions')
      .where({ tenant_id: tenantId })
      .whereNull('revoked_at')
      .update({ revoked_at: now.toISOString(), revoke_reason: reason });
  }
}
