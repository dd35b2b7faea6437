import { KnexStore } from '@controlplane/backend-common';
import { TenantRow, UserRow } from './rows';

/** A tenant user who may be signing in, with their tenant. */
export interface SigninAccount {
  user: UserRow & {
    password_hash: string | null;
    password_changed_at: Date | string | null;
  };
  tenant: TenantRow;
}

/** Failed attempts of one account or address. */
export interface ThrottleRow {
  key: string;
  failures: number;
  first_failure_at: Date | string;
  blocked_until: Date | string | null;
}

/**
 * All SQL of signing in: the accounts an e-mail address names, passwords and
 * their history, and the throttle of failed attempts.
 */
export class SigninStore extends KnexStore {
  /**
   * The accounts of an e-mail address with their tenants, in two queries
   * however many there are; of one tenant when `tenant` (its name) is given.
   */
  async accountsByEmail(
    email: string,
    tenant?: string,
  ): Promise<SigninAccount[]> {
    const users = this.db('tenant_users as u')
      .where('u.email', email)
      .select('u.*')
      .limit(100);
    if (tenant) {
      users
        .join('tenants as t', 't.id', 'u.tenant_id')
        .andWhere('t.name', tenant);
    }
    const userRows: Array<SigninAccount['user']> = await users;
    if (userRows.length === 0) return [];
    const tenants = new Map(
      (
        await this.db<TenantRow>('tenants').whereIn(
          'id',
          userRows.map(user => user.tenant_id),
        )
      ).map(row => [row.id, row]),
    );
    return userRows.flatMap(user => {
      const row = tenants.get(user.tenant_id);
      return row ? [{ user, tenant: row }] : [];
    });
  }

  /** The account of a user id, or undefined. */
  async accountById(userId: string): Promise<SigninAccount | undefined> {
    const user = await this.db('tenant_users').where({ id: userId }).first();
    if (!user) return undefined;
    const tenant = await this.db<TenantRow>('tenants')
      .where({ id: user.tenant_id })
      .first();
    return tenant ? { user, tenant } : undefined;
  }

  /** The user's newest `count` earlier password hashes. */
  async passwordHistory(userId: string, count: number): Promise<string[]> {
    if (count <= 0) return [];
    const rows: Array<{ password_hash: string }> = await this.db(
      'tenant_password_history',
    )
      .where({ user_id: userId })
      .orderBy([
        { column: 'created_at', order: 'desc' },
        { column: 'id', order: 'desc' },
      ])
      .limit(count)
      .select('password_hash');
    return rows.map(row => row.password_hash);
  }

  /**
   * Sets a user's password hash; the one it replaces goes into the history,
   * of which the newest `keep` are kept.
   */
  async setPassword(
    userId: string,
    hash: string,
    options: { previous: string | null; keep: number; now: string },
  ): Promise<void> {
    const { previous, keep, now } = options;
    await this.db('tenant_users').where({ id: userId }).update({
      password_hash: hash,
      password_changed_at: now,
      updated_at: now,
    });
    if (previous) {
      await this.db('tenant_password_history').insert({
        user_id: userId,
        password_hash: previous,
        created_at: now,
      });
    }
    const history = this.db('tenant_password_history').where({
      user_id: userId,
    });
    if (keep > 0) {
      history.whereNotIn(
        'id',
        this.db('tenant_password_history')
          .where({ user_id: userId })
          .orderBy([
            { column: 'created_at', order: 'desc' },
            { column: 'id', order: 'desc' },
          ])
          .limit(keep)
          .select('id'),
      );
    }
    await history.delete();
  }

  /**
   * Issues a reset token for a user; earlier unused ones stop working, so
   * only the newest e-mail's link works.
   */
  async insertResetToken(row: {
    token_hash: string;
    user_id: string;
    created_at: string;
    expires_at: string;
  }): Promise<void> {
    await this.db('tenant_password_resets')
      .where({ user_id: row.user_id })
      .whereNull('used_at')
      .update({ used_at: row.created_at });
    await this.db('tenant_password_resets').insert({ ...row, used_at: null });
  }

  /** When the user's newest reset token was issued, if ever. */
  async newestResetAt(userId: string): Promise<string | undefined> {
    const row = await this.db('tenant_password_resets')
      .where({ user_id: userId })
      .max({ newest: 'created_at' })
      .first();
    return row?.newest ? new Date(row.newest).toISOString() : undefined;
  }

  /** The user of an unused, unexpired reset token. */
  async resetTokenUser(
    tokenHash: string,
    now: string,
  ): Promise<string | undefined> {
    const row = await this.db('tenant_password_resets')
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .first('user_id');
    return row?.user_id;
  }

  /** Uses a reset token once; true for the one request that did. */
  async useResetToken(tokenHash: string, now: string): Promise<boolean> {
    const updated = await this.db('tenant_password_resets')
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .andWhere('expires_at', '>', now)
      .update({ used_at: now });
    return updated === 1;
  }

  /** Forgets reset tokens that expired before `before`. */
  async deleteExpiredResets(before: string): Promise<number> {
    return this.db('tenant_password_resets')
      .where('expires_at', '<', before)
      .delete();
  }

  /** The throttle rows of these keys. */
  async throttles(keys: string[]): Promise<ThrottleRow[]> {
    return this.db<ThrottleRow>('tenant_signin_throttle').whereIn('key', keys);
  }

  /**
   * Counts one more failure of `key`, atomically (attempts at the same
   * moment all count); failures older than `windowStart` are forgotten
   * first. Answers the count.
   */
  async addFailure(key: string, now: string, windowStart: string) {
    const rows: Array<{ failures: number | string }> = await this.db(
      'tenant_signin_throttle',
    )
      .insert({ key, failures: 1, first_failure_at: now, blocked_until: null })
      .onConflict('key')
      .merge({
        failures: this.db.raw('case when ?? < ? then 1 else ?? + 1 end', [
          'tenant_signin_throttle.first_failure_at',
          windowStart,
          'tenant_signin_throttle.failures',
        ]),
        first_failure_at: this.db.raw('case when ?? < ? then ? else ?? end', [
          'tenant_signin_throttle.first_failure_at',
          windowStart,
          now,
          'tenant_signin_throttle.first_failure_at',
        ]),
      })
      .returning('failures');
    return Number(rows[0].failures);
  }

  /** Blocks `key` until `until` (never shortens an existing block). */
  async block(key: string, until: string): Promise<void> {
    await this.db('tenant_signin_throttle')
      .where({ key })
      .andWhere(builder =>
        builder.whereNull('blocked_until').orWhere('blocked_until', '<', until),
      )
      .update({ blocked_until: until });
  }

  /**
   * Forgets throttle rows whose failures began and whose block ended
   * before `before`: they no longer slow anyone down.
   */
  async deleteStaleThrottles(before: string): Promise<number> {
    return this.db('tenant_signin_throttle')
      .where('first_failure_at', '<', before)
      .andWhere(builder =>
        builder
          .whereNull('blocked_until')
          .orWhere('blocked_until', '<', before),
      )
      .delete();
  }

  /** Forgets the failures of a key (after a good sign-in). */
  async clearThrottle(key: string): Promise<void> {
    await this.db('tenant_signin_throttle').where({ key }).delete();
  }
}
