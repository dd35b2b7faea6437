import { KnexStore } from '@controlplane/backend-common';

/** A pending SSO sign-in, keyed by its state's SHA-256. */
export interface SsoStateRow {
  state_hash: string;
  tenant_id: string;
  nonce: string;
  code_verifier: string;
  authorization_request: string | null;
  ip: string | null;
  created_at: Date | string;
  expires_at: Date | string;
}

/** All SQL of pending SSO sign-ins: each is used once, before it expires. */
export class SsoStateStore extends KnexStore {
  async insert(row: SsoStateRow): Promise<void> {
    await this.db('tenant_sso_states').insert(row);
  }

  /**
   * Takes a pending sign-in out: of requests racing with the same state,
   * only the one whose delete removed the row gets it. An expired one is
   * removed too, and answered as undefined. With its tenant's name.
   */
  async consume(
    stateHash: string,
    now: Date,
  ): Promise<(SsoStateRow & { tenant_name: string }) | undefined> {
    const row = await this.db('tenant_sso_states as s')
      .join('tenants as t', 't.id', 's.tenant_id')
      .where('s.state_hash', stateHash)
      .first('s.*', 't.name as tenant_name');
    if (!row) return undefined;
    const deleted = await this.db('tenant_sso_states')
      .where({ state_hash: stateHash })
      .delete();
    if (deleted !== 1) return undefined;
    return new Date(row.expires_at) > now ? row : undefined;
  }

  /** Forgets pending sign-ins that expired before `before`. */
  async deleteExpired(before: string): Promise<number> {
    return this.db('tenant_sso_states')
      .where('expires_at', '<', before)
      .delete();
  }
}
