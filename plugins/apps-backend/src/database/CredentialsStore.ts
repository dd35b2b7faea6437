import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { AppsApiOperations } from '@controlplane/plugin-apps-common';
import { QueryParams } from '@controlplane/common';
import {
  ColumnFilter,
  KnexStore,
  newestFirstPage,
  RowPage,
} from '@controlplane/backend-common';
import { applyAppFilter, whereOwnedBy } from './appFilter';
import {
  CredentialRow,
  CredentialWithAppRow,
  SnapshotCredentialRow,
} from './rows';

/**
 * `GET /api-keys` as the store runs it: the page size parsed, the time that
 * tells active from expired, the permission filter added.
 */
export type CredentialListQuery = Omit<
  QueryParams<AppsApiOperations['ListCredentials']>,
  'limit' | 'owner'
> & {
  limit: number;
  /** Only credentials of apps owned by one of these entity refs. */
  owner?: string[];
  now: string;
  filter?: PermissionCriteria<ColumnFilter>;
};

/** The credentials of the apps: never a secret, only keyed hashes. */
export class CredentialsStore extends KnexStore {
  async insertCredential(row: CredentialRow): Promise<void> {
    await this.db('app_credentials').insert(row);
  }

  private withAppName() {
    return this.db('app_credentials')
      .join('apps', 'apps.id', 'app_credentials.app_id')
      .select('app_credentials.*', 'apps.name as app_name');
  }

  async credentialById(id: string): Promise<CredentialWithAppRow | undefined> {
    return this.withAppName().where('app_credentials.id', id).first();
  }

  /** The credentials of `ids` with their apps' names (one query). */
  async credentialsByIds(ids: string[]): Promise<CredentialWithAppRow[]> {
    if (ids.length === 0) return [];
    return this.withAppName().whereIn('app_credentials.id', ids);
  }

  /** Reads the credential and locks its row until the transaction ends. */
  async lockCredential(id: string): Promise<CredentialRow | undefined> {
    return this.forUpdate(
      this.db<CredentialRow>('app_credentials').where({ id }).first(),
    );
  }

  async updateCredential(
    id: string,
    patch: Partial<
      Pick<
        CredentialRow,
        | 'secret_hash'
        | 'previous_secret_hash'
        | 'previous_valid_until'
        | 'rotated_at'
        | 'revoked_at'
        | 'revoked_by'
      >
    >,
  ): Promise<void> {
    await this.db('app_credentials').where({ id }).update(patch);
  }

  private filtered(query: CredentialListQuery) {
    let builder = this.withAppName();
    if (query.filter) {
      builder = applyAppFilter(builder, query.filter);
    }
    if (query.appId) builder.where('app_credentials.app_id', query.appId);
    if (query.owner) whereOwnedBy(builder, query.owner);
    if (query.expiresBefore) {
      builder.where('app_credentials.expires_at', '<', query.expiresBefore);
    }
    if (query.status === 'revoked') {
      builder.whereNotNull('app_credentials.revoked_at');
    } else if (query.status === 'expired') {
      builder
        .whereNull('app_credentials.revoked_at')
        .where('app_credentials.expires_at', '<=', query.now);
    } else if (query.status === 'active') {
      builder
        .whereNull('app_credentials.revoked_at')
        .where(inner =>
          inner
            .whereNull('app_credentials.expires_at')
            .orWhere('app_credentials.expires_at', '>', query.now),
        );
    }
    return builder;
  }

  /** Credentials newest first, with how many match in all. */
  async listCredentials(
    query: CredentialListQuery,
  ): Promise<RowPage<CredentialWithAppRow> & { total: number }> {
    const [{ count }] = await this.filtered(query)
      .clearSelect()
      .count({ count: '*' });
    const page = await newestFirstPage<CredentialWithAppRow>(
      this.filtered(query),
      {
        timeColumn: 'app_credentials.created_at',
        idColumn: 'app_credentials.id',
        timeKey: 'c',
        timeOf: row => row.created_at,
        limit: query.limit,
        cursor: query.cursor,
      },
    );
    return { ...page, total: Number(count) };
  }

  /**
   * Every credential a verifier must know: not revoked, or revoked after
   * `revokedSince` (so verifiers refuse it by reason), with its app's name
   * and status.
   */
  async verifiable(revokedSince: string): Promise<SnapshotCredentialRow[]> {
    return this.withAppName()
      .select(
        'apps.status as app_status',
        'apps.environment as app_environment',
      )
      .where(inner =>
        inner
          .whereNull('app_credentials.revoked_at')
          .orWhere('app_credentials.revoked_at', '>', revokedSince),
      )
      .orderBy('app_credentials.id');
  }

  /** The credentials neither revoked nor expired at `now`. */
  async countActive(now: string): Promise<number> {
    const [{ count }] = await this.db('app_credentials')
      .whereNull('revoked_at')
      .andWhere(inner =>
        inner.whereNull('expires_at').orWhere('expires_at', '>', now),
      )
      .count({ count: '*' });
    return Number(count);
  }

  /** Which of `ids` name a credential. */
  async existingIds(ids: string[]): Promise<Set<string>> {
    if (ids.length === 0) return new Set();
    const rows: { id: string }[] = await this.db('app_credentials')
      .whereIn('id', ids)
      .select('id');
    return new Set(rows.map(row => row.id));
  }

  /** Moves last_used_at forward only. */
  async touchLastUsed(credentialId: string, at: string): Promise<void> {
    await this.db('app_credentials')
      .where({ id: credentialId })
      .andWhere(inner =>
        inner.whereNull('last_used_at').orWhere('last_used_at', '<', at),
      )
      .update({ last_used_at: at });
  }
}
