import { KnexStore } from '@controlplane/backend-common';
import { toIso } from './rows';

/** A credential that expires soon, with what its notice needs of its app. */
export interface ExpiringCredential {
  id: string;
  name: string;
  appId: string;
  appName: string;
  /** The app's owner entity, e.g. `group:default/team-apps`. */
  owner: string;
  /** ISO 8601 UTC. */
  expiresAt: string;
}

interface ExpiringCredentialRow {
  id: string;
  name: string;
  app_id: string;
  app_name: string;
  owner: string;
  expires_at: Date | string;
}

/**
 * The notices about credentials expiring soon: which credentials are due
 * one, and the marker that one was sent (per credential and expiry).
 */
export class ExpiryNoticeStore extends KnexStore {
  /**
   * Credentials neither revoked nor expired at `now` that expire by `until`
   * and have no notice for their expiry: soonest first, one page of at most
   * `limit` after `after` (the last one of the previous page).
   */
  async due(options: {
    now: string;
    until: string;
    limit: number;
    after?: { expiresAt: string; id: string };
  }): Promise<ExpiringCredential[]> {
    const { after } = options;
    const rows: ExpiringCredentialRow[] = await this.db('app_credentials as c')
      .join('apps as a', 'a.id', 'c.app_id')
      .leftJoin('app_credential_expiry_notices as n', join =>
        join
          .on('n.credential_id', '=', 'c.id')
          .andOn('n.expires_at', '=', 'c.expires_at'),
      )
      .whereNull('c.revoked_at')
      .whereNotNull('c.expires_at')
      .where('c.expires_at', '>', options.now)
      .where('c.expires_at', '<=', options.until)
      .whereNull('n.credential_id')
      .modify(query => {
        if (after) {
          query.where(inner =>
            inner
              .where('c.expires_at', '>', after.expiresAt)
              .orWhere(same =>
                same
                  .where('c.expires_at', '=', after.expiresAt)
                  .where('c.id', '>', after.id),
              ),
          );
        }
      })
      .orderBy('c.expires_at')
      .orderBy('c.id')
      .limit(options.limit)
      .select(
        'c.id',
        'c.name',
        'c.app_id',
        'c.expires_at',
        'a.name as app_name',
        'a.owner',
      );
    return rows.map(row => ({
      id: row.id,
      name: row.name,
      appId: row.app_id,
      appName: row.app_name,
      owner: row.owner,
      expiresAt: toIso(row.expires_at),
    }));
  }

  /**
   * Records the notices of these credentials' expiries; answers the ids it
   * recorded now. A notice recorded before (by another instance, or an
   * earlier run) is not recorded again: its id is not in the answer.
   */
  async claim(
    credentials: Array<Pick<ExpiringCredential, 'id' | 'expiresAt'>>,
    at: string,
  ): Promise<Set<string>> {
    if (credentials.length === 0) return new Set();
    const rows: Array<{ credential_id: string }> = await this.db(
      'app_credential_expiry_notices',
    )
      .insert(
        credentials.map(credential => ({
          credential_id: credential.id,
          expires_at: credential.expiresAt,
          notified_at: at,
        })),
      )
      .onConflict(['credential_id', 'expires_at'])
      .ignore()
      .returning('credential_id');
    return new Set(rows.map(row => row.credential_id));
  }

  /** Forgets these notices (they could not be sent): the next run retries. */
  async release(
    credentials: Array<Pick<ExpiringCredential, 'id' | 'expiresAt'>>,
  ): Promise<void> {
    if (credentials.length === 0) return;
    await this.db('app_credential_expiry_notices')
      .where(query => {
        for (const credential of credentials) {
          query.orWhere(one =>
            one
              .where('credential_id', credential.id)
              .where('expires_at', credential.expiresAt),
          );
        }
      })
      .delete();
  }
}
