import { KnexStore } from '@controlplane/backend-common';
import { optionalIso, toIso } from './rows';

/** A key that signs access tokens, timestamps as ISO 8601 UTC. */
export interface SigningKeyRow {
  /** The JWK thumbprint (RFC 7638) of the public key. */
  kid: string;
  alg: string;
  /** The public JWK as JSON, without private parameters. */
  public_jwk: string;
  /** The private JWK as JSON, encrypted with the kid as context. */
  private_jwk_encrypted: string;
  created_at: string;
  /** Signs from then on; published before. */
  active_from: string;
  /** Left out of the JWKS from then on; null while not superseded. */
  retire_at: string | null;
}

const TABLE = 'tenant_signing_keys';

/** The keys that sign tenant users' access tokens. */
export class SigningKeyStore extends KnexStore {
  /** All keys, in the order they sign: by active_from, then kid. */
  async list(): Promise<SigningKeyRow[]> {
    const rows = await this.db(TABLE)
      .select(
        'kid',
        'alg',
        'public_jwk',
        'private_jwk_encrypted',
        'created_at',
        'active_from',
        'retire_at',
      )
      .orderBy([
        { column: 'active_from', order: 'asc' },
        { column: 'kid', order: 'asc' },
      ]);
    return rows.map(row => ({
      kid: row.kid,
      alg: row.alg,
      public_jwk: row.public_jwk,
      private_jwk_encrypted: row.private_jwk_encrypted,
      created_at: toIso(row.created_at),
      active_from: toIso(row.active_from),
      retire_at: optionalIso(row.retire_at) ?? null,
    }));
  }

  async insert(row: SigningKeyRow): Promise<void> {
    await this.db(TABLE).insert(row);
  }

  /**
   * Sets when a key leaves the JWKS, unless already set (the first rotation
   * to see the key superseded decides); answers whether it was set now.
   */
  async setRetireAt(kid: string, retireAt: string): Promise<boolean> {
    const count = await this.db(TABLE)
      .where({ kid })
      .whereNull('retire_at')
      .update({ retire_at: retireAt });
    return count === 1;
  }

  /** Deletes the keys retired at or before `now`; answers how many. */
  async deleteRetired(now: string): Promise<number> {
    return this.db(TABLE)
      .whereNotNull('retire_at')
      .andWhere('retire_at', '<=', now)
      .delete();
  }
}
