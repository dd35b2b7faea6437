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
