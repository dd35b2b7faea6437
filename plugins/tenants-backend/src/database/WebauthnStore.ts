import { KnexStore } from '@controlplane/backend-common';

/** A user's registered passkey. */
export interface WebauthnCredentialRow {
  /** The credential id, base64url. */
  id: string;
  user_id: string;
  /** The COSE public key, base64url. */
  public_key: string;
  counter: number | string;
  /** Comma-separated transports, or null. */
  transports: string | null;
  name: string;
  created_at: Date | string;
  last_used_at: Date | string | null;
}

/** A challenge handed to the browser, waiting for its answer. */
export interface WebauthnChallengeRow {
  challenge: string;
  user_id: string;
  purpose: 'register' | 'authenticate';
  /** The sign-in challenge it belongs to; null for a signed-in user. */
  mfa_token_hash: string | null;
  expires_at: Date | string;
}

/**
 * All SQL of passkeys: credentials and their pending challenges. Uses are
 * atomic (a challenge is deleted by the one request that answers it; a
 * counter only moves from the value the check saw).
 */
export class WebauthnStore extends KnexStore {
  async credentials(userId: string): Promise<WebauthnCredentialRow[]> {
    return this.db<WebauthnCredentialRow>('tenant_webauthn_credentials')
      .where({ user_id: userId })
      .orderBy([
        { column: 'created_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ]);
  }

  async credential(id: string): Promise<WebauthnCredentialRow | undefined> {
    return this.db<WebauthnCredentialRow>('tenant_webauthn_credentials')
      .where({ id })
      .first();
  }

  async hasCredential(userId: string): Promise<boolean> {
    const row = await this.db('tenant_webauthn_credentials')
      .where({ user_id: userId })
      .first('id');
    return Boolean(row);
  }

  async insertCredential(row: WebauthnCredentialRow): Promise<void> {
    await this.db('tenant_webauthn_credentials').insert(row);
  }

  /**
   * Records a use: the counter moves from `from` to `to`; false when a
   * concurrent use moved it first.
   */
  async useCredential(
    id: string,
    counter: { from: number; to: number },
    now: string,
  ): Promise<boolean> {
    const updated = await this.db('tenant_webauthn_credentials')
      .where({ id, counter: counter.from })
      .update({ counter: counter.to, last_used_at: now });
    return updated === 1;
  }

  /** Removes one of the user's credentials; false when they have none such. */
  async deleteCredential(userId: string, id: string): Promise<boolean> {
    const deleted = await this.db('tenant_webauthn_credentials')
      .where({ id, user_id: userId })
      .delete();
    return deleted > 0;
  }

  /** Stores a challenge, replacing the user's pending one of that purpose. */
  async replaceChallenge(row: WebauthnChallengeRow): Promise<void> {
    await this.db('tenant_webauthn_challenges')
      .where({ user_id: row.user_id, purpose: row.purpose })
      .delete();
    await this.db('tenant_webauthn_challenges').insert(row);
  }

  /**
   * Uses a pending, unexpired challenge of this user, purpose and sign-in
   * challenge; true for the one request that did.
   */
  async useChallenge(
    match: Omit<WebauthnChallengeRow, 'expires_at'>,
    now: string,
  ): Promise<boolean> {
    const query = this.db('tenant_webauthn_challenges')
      .where({
        challenge: match.challenge,
        user_id: match.user_id,
        purpose: match.purpose,
      })
      .andWhere('expires_at', '>', now);
    if (match.mfa_token_hash === null) query.whereNull('mfa_token_hash');
    else query.andWhere({ mfa_token_hash: match.mfa_token_hash });
    return (await query.delete()) === 1;
  }

  /** Forgets challenges that expired before `before`. */
  async deleteExpiredChallenges(before: string): Promise<number> {
    return this.db('tenant_webauthn_challenges')
      .where('expires_at', '<', before)
      .delete();
  }
}
