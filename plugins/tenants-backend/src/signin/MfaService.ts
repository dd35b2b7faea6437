import { createHash, randomBytes } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthenticationError,
  ConflictError,
  InputError,
} from '@backstage/errors';
import { authenticator } from 'otplib';
import { StoredTenant } from '../database/rows';
import { hashToken, newToken } from '../database/SessionStore';
import { TenantsStores } from '../database/stores';
import { SecretCipher } from '../service/SecretCipher';

const STEP_SECONDS = 30;
/** Codes of the step before and after are accepted (clock drift). */
const WINDOW = 1;
const CHALLENGE_TTL_MS = 5 * 60_000;
const CHALLENGE_ATTEMPTS = 5;
const RECOVERY_CODES = 10;

/** What stands between a good password and a session. */
export type SecondFactorNeed = 'verify' | 'enroll';

/** A challenge as the sign-in answers it. */
export interface MfaChallenge {
  mfa_required: true;
  mfa_token: string;
  /** Enrol an authenticator first (the organization requires one). */
  enrollment_required: boolean;
  methods: Array<'totp' | 'recovery_code' | 'webauthn'>;
  expires_in: number;
}

/** The user a challenge or an enrolment is for. */
export interface MfaUser {
  id: string;
  email: string;
}

/**
 * The network and browser a sign-in comes from, as one hash: the address's
 * network (/24 for IPv4, /48 for IPv6) and the user agent, so a new
 * network or browser reads as a new device.
 */
export function deviceHash(ip: string, userAgent = ''): string {
  const v4 = ip.startsWith('::ffff:') ? ip.slice(7) : ip;
  let network = ip;
  if (isIP(v4) === 4) network = v4.split('.').slice(0, 3).join('.');
  else if (isIP(ip) === 6) network = ip.split(':').slice(0, 3).join(':');
  return createHash('sha256')
    .update(`${network}\n${userAgent}`, 'utf8')
    .digest('hex');
}

const recoveryHash = (code: string) =>
  hashToken(code.trim().toLowerCase().replace(/[\s-]/g, ''));

/**
 * Second factors of tenant users: TOTP (RFC 6238, each code once) with
 * single-use recovery codes, and the challenge a good password opens when
 * a second factor is due — always when the organization requires it, and
 * from a network or browser the user has not signed in from (adaptive
 * authentication) once they have an authenticator.
 */
export class MfaService {
  constructor(
    private readonly options: {
      stores: TenantsStores;
      cipher: SecretCipher;
      /** The name authenticator apps show, e.g. `Control plane`. */
      issuerName: string;
      now?: () => Date;
    },
  ) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /** Whether a second factor is due for this sign-in, and which. */
  async need(
    user: MfaUser,
    tenant: StoredTenant,
    device: { ip: string; userAgent?: string },
  ): Promise<SecondFactorNeed | undefined> {
    const totp = await this.options.stores.mfa.totp(user.id);
    // A passkey is a second factor as much as a confirmed authenticator.
    const enrolled =
      Boolean(totp?.confirmed_at) ||
      (await this.options.stores.webauthn.hasCredential(user.id));
    if (!enrolled) {
      return tenant.settings.require2fa ? 'enroll' : undefined;
    }
    if (tenant.settings.require2fa) return 'verify';
    const known = await this.options.stores.mfa.isKnownDevice(
      user.id,
      deviceHash(device.ip, device.userAgent),
    );
    return known ? undefined : 'verify';
  }

  /** Opens a challenge; its token is answered once. */
  async challenge(
    user: MfaUser,
    purpose: SecondFactorNeed,
    device: { ip: string; userAgent?: string },
  ): Promise<MfaChallenge> {
    const token = newToken();
    await this.options.stores.mfa.insertChallenge({
      token_hash: hashToken(token),
      user_id: user.id,
      purpose,
      ip_address: device.ip.slice(0, 64),
      user_agent: device.userAgent?.slice(0, 512) ?? null,
      attempts: 0,
      expires_at: new Date(
        this.#now().getTime() + CHALLENGE_TTL_MS,
      ).toISOString(),
      used_at: null,
    });
    return {
      mfa_required: true,
      mfa_token: token,
      enrollment_required: purpose === 'enroll',
      methods: await this.#methods(user.id, purpose),
      expires_in: CHALLENGE_TTL_MS / 1000,
    };
  }

  /** What may answer a challenge: an enrolment may be TOTP or a passkey. */
  async #methods(
    userId: string,
    purpose: SecondFactorNeed,
  ): Promise<MfaChallenge['methods']> {
    if (purpose === 'enroll') return ['totp', 'webauthn'];
    const totp = await this.options.stores.mfa.totp(userId);
    return [
      ...(totp?.confirmed_at ? (['totp', 'recovery_code'] as const) : []),
      ...((await this.options.stores.webauthn.hasCredential(userId))
        ? (['webauthn'] as const)
        : []),
    ];
  }

  /**
   * The user of an open challenge of `purpose`, counting an attempt
   * (five per challenge); refused when unknown, used, expired or spent.
   */
  async openChallenge(
    token: string,
    purpose: SecondFactorNeed,
  ): Promise<{ userId: string }> {
    const { mfa } = this.options.stores;
    const row = await this.#pending(token, purpose);
    if (!(await mfa.countAttempt(row.token_hash, CHALLENGE_ATTEMPTS))) {
      throw new AuthenticationError(
        'Too many wrong codes for this sign-in: sign in again',
      );
    }
    return { userId: row.user_id };
  }

  /**
   * The user of an open challenge without counting an attempt: for the
   * options of a passkey ceremony, whose answer counts.
   */
  async pendingChallenge(
    token: string,
    purpose: SecondFactorNeed,
  ): Promise<{ userId: string }> {
    return { userId: (await this.#pending(token, purpose)).user_id };
  }

  async #pending(token: string, purpose: SecondFactorNeed) {
    const row = await this.options.stores.mfa.challenge(hashToken(token));
    if (
      !row ||
      row.purpose !== purpose ||
      row.used_at ||
      new Date(row.expires_at) <= this.#now()
    ) {
      throw new AuthenticationError(
        'This sign-in step expired or was already used: sign in again',
      );
    }
    return row;
  }

  /** Closes a challenge; false when a concurrent request already did. */
  closeChallenge(token: string): Promise<boolean> {
    return this.options.stores.mfa.useChallenge(
      hashToken(token),
      this.#now().toISOString(),
    );
  }

  /** Remembers the device of a completed sign-in. */
  async rememberDevice(
    userId: string,
    device: { ip: string; userAgent?: string },
  ): Promise<void> {
    await this.options.stores.mfa.rememberDevice(
      userId,
      deviceHash(device.ip, device.userAgent),
      this.#now().toISOString(),
    );
  }

  /**
   * Starts TOTP enrolment: a new secret (replacing one not confirmed yet),
   * answered once with the `otpauth://` URI for a QR code.
   */
  async beginTotp(
    user: MfaUser,
  ): Promise<{ secret: string; otpauth_url: string }> {
    const { mfa } = this.options.stores;
    const existing = await mfa.totp(user.id);
    if (existing?.confirmed_at) {
      throw new ConflictError(
        'An authenticator is already set up: remove it first',
      );
    }
    const secret = authenticator.generateSecret(20);
    await mfa.saveUnconfirmedTotp(
      user.id,
      this.options.cipher.encrypt(secret, `totp:${user.id}`),
      this.#now().toISOString(),
    );
    return {
      secret,
      otpauth_url: authenticator.keyuri(
        user.email,
        this.options.issuerName,
        secret,
      ),
    };
  }

  /**
   * Confirms enrolment with a first code from the authenticator; answers
   * fresh recovery codes (shown once; any earlier ones stop working).
   */
  async confirmTotp(userId: string, code: string): Promise<string[]> {
    const totp = await this.options.stores.mfa.totp(userId);
    if (!totp) throw new ConflictError('Start the authenticator set-up first');
    if (totp.confirmed_at) {
      throw new ConflictError('The authenticator is already set up');
    }
    if (!(await this.#useTotp(userId, totp.secret_encrypted, code))) {
      throw new InputError(
        'The code does not match: check the authenticator app and the time of the device',
      );
    }
    return this.newRecoveryCodes(userId);
  }

  /** Replaces the recovery codes; answers the new ones (shown once). */
  async newRecoveryCodes(userId: string): Promise<string[]> {
    const codes = Array.from({ length: RECOVERY_CODES }, () => {
      const raw = randomBytes(5).toString('hex');
      return `${raw.slice(0, 5)}-${raw.slice(5)}`;
    });
    await this.options.stores.mfa.replaceRecoveryCodes(
      userId,
      codes.map(recoveryHash),
    );
    return codes;
  }

  /**
   * Whether `code` is a current TOTP code of the user's confirmed
   * authenticator (not used before) or one of their unused recovery codes;
   * either is used up.
   */
  async verify(
    userId: string,
    code: string,
  ): Promise<{ ok: boolean; method?: 'totp' | 'recovery_code' }> {
    const { mfa } = this.options.stores;
    const totp = await mfa.totp(userId);
    if (!totp?.confirmed_at) return { ok: false };
    if (/^\d{6}$/.test(code.trim())) {
      const ok = await this.#useTotp(userId, totp.secret_encrypted, code);
      return ok ? { ok, method: 'totp' } : { ok: false };
    }
    const ok = await mfa.useRecoveryCode(
      userId,
      recoveryHash(code),
      this.#now().toISOString(),
    );
    return ok ? { ok, method: 'recovery_code' } : { ok: false };
  }

  /** Removes the authenticator and recovery codes; a current code needed. */
  async removeTotp(
    user: MfaUser,
    tenant: StoredTenant,
    code: string,
  ): Promise<void> {
    if (tenant.settings.require2fa) {
      throw new ConflictError(
        'Your organization requires a second factor: it cannot be removed',
      );
    }
    if (!(await this.verify(user.id, code)).ok) {
      throw new InputError('The code does not match');
    }
    await this.options.stores.mfa.deleteTotp(user.id);
  }

  /** Checks a 6-digit code against the secret and uses its time step once. */
  async #useTotp(
    userId: string,
    secretEncrypted: string,
    code: string,
  ): Promise<boolean> {
    const secret = this.options.cipher.decrypt(
      secretEncrypted,
      `totp:${userId}`,
    );
    const now = this.#now().getTime();
    const checker = authenticator.clone({ window: WINDOW, epoch: now });
    const delta = checker.checkDelta(code.trim(), secret);
    if (delta === null) return false;
    const step = Math.floor(now / 1000 / STEP_SECONDS) + delta;
    return this.options.stores.mfa.useStep(
      userId,
      step,
      this.#now().toISOString(),
    );
  }
}
