import { KnexStore } from '@controlplane/backend-common';

/** A user's TOTP authenticator. */
export interface TotpRow {
  user_id: string;
  secret_encrypted: string;
  confirmed_at: Date | string | null;
  last_step: number | string | null;
}

/** A good password waiting for its second factor. */
export interface ChallengeRow {
  token_hash: string;
  user_id: string;
  purpose: 'verify' | 'enroll';
  ip_address: string | null;
  user_agent: string | null;
  attempts: number;
  expires_at: Date | string;
  used_at: Date | string | null;
}

/**
 * All SQL of second factors: TOTP secrets, recovery codes, challenges and
 * known devices. Uses are atomic updates (a code, a step, a challenge is
 * used once, however many requests race for it).
 */
export class MfaStore extends KnexStore {
  async totp(userId: string): Promise<TotpRow | undefined> {
    return this.db<TotpRow>('tenant_user_totp')
      .where({ user_id: userId })
      .first();
  }

  /** Stores a new, unconfirmed secret (replacing an unconfirmed one). */
  async saveUnconfirmedTotp(
    userId: string,
    secretEncrypted: string,
    now: string,
  ): Promise<void> {
    await this.db('tenant_user_totp')
      .where({ user_id: userId })
      .whereNull('confirmed_at')
      .delete();
    await this.db('tenant_user_totp').insert({
      user_id: userId,
      secret_encrypted: secretEncrypted,
      confirmed_at: null,
      last_step: null,
      created_at: now,
    });
  }

  /**
   * Accepts TOTP time step `step` once: true when it is newer than every
   * step used before (and confirms an unconfirmed authenticator).
   */
  async useStep(userId: string, step: number, now: string): Promise<boolean> {
    const updated = await this.db('tenant_user_totp')
      .where({ user_id: userId })
      .andWhere(builder =>
        builder.whereNull('last_step').orWhere('last_step', '<', step),
      )
      .update({
        last_step: step,
        confirmed_at: this.db.raw('coalesce(??, ?)', ['confirmed_at', now]),
      });
    return updated === 1;
  }

  /** Removes the authenticator and the recovery codes. */
  async deleteTotp(userId: string): Promise<boolean> {
    await this.db('tenant_recovery_codes').where({ user_id: userId }).delete();
    const deleted = await this.db('tenant_user_totp')
      .where({ user_id: userId })
      .delete();
    return deleted > 0;
  }

  /** Replaces a user's recovery codes by these hashes. */
  async replaceRecoveryCodes(userId: string, hashes: string[]): Promise<void> {
    await this.db('tenant_recovery_codes').where({ user_id: userId }).delete();
    await this.db('tenant_recovery_codes').insert(
      hashes.map(code_hash => ({ user_id: userId, code_hash, used_at: null })),
    );
  }

  /** Uses a recovery code once; true when it existed unused. */
  async useRecoveryCode(
    userId: string,
    codeHash: string,
    now: string,
  ): Promise<boolean> {
    const updated = await this.db('tenant_recovery_codes')
      .where({ user_id: userId, code_hash: codeHash })
      .whereNull('used_at')
      .update({ used_at: now });
    return updated === 1;
  }

  async insertChallenge(row: ChallengeRow): Promise<void> {
    await this.db('tenant_mfa_challenges').insert(row);
  }

  async challenge(tokenHash: string): Promise<ChallengeRow | undefined> {
    return this.db<ChallengeRow>('tenant_mfa_challenges')
      .where({ token_hash: tokenHash })
      .first();
  }

  /** Counts an attempt on an open challenge; false when none are left. */
  async countAttempt(tokenHash: string, maxAttempts: number): Promise<boolean> {
    const updated = await this.db('tenant_mfa_challenges')
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .andWhere('attempts', '<', maxAttempts)
      .increment('attempts', 1);
    return updated === 1;
  }

  /** Uses a challenge once; true for the one request that did. */
  async useChallenge(tokenHash: string, now: string): Promise<boolean> {
    const updated = await this.db('tenant_mfa_challenges')
      .where({ token_hash: tokenHash })
      .whereNull('used_at')
      .update({ used_at: now });
    return updated === 1;
  }

  /** Forgets challenges that expired before `before`. */
  async deleteExpiredChallenges(before: string): Promise<number> {
    return this.db('tenant_mfa_challenges')
      .where('expires_at', '<', before)
      .delete();
  }

  /** Forgets devices not seen since `before`: they get a step-up again. */
  async forgetDevicesUnseenSince(before: string): Promise<number> {
    return this.db('tenant_known_devices')
      .where('last_seen_at', '<', before)
      .delete();
  }

  async isKnownDevice(userId: string, deviceHash: string): Promise<boolean> {
    const row = await this.db('tenant_known_devices')
      .where({ user_id: userId, device_hash: deviceHash })
      .first('user_id');
    return Boolean(row);
  }

  async rememberDevice(
    userId: string,
    deviceHash: string,
    now: string,
  ): Promise<void> {
    await this.db('tenant_known_devices')
      .insert({ user_id: userId, device_hash: deviceHash, last_seen_at: now })
      .onConflict(['user_id', 'device_hash'])
      .merge(['last_seen_at']);
  }
}
