import { Config } from '@backstage/config';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import {
  AuthenticationResponseJSON,
  AuthenticatorTransportFuture,
  generateAuthenticationOptions,
  generateRegistrationOptions,
  PublicKeyCredentialCreationOptionsJSON,
  PublicKeyCredentialRequestOptionsJSON,
  RegistrationResponseJSON,
  verifyAuthenticationResponse,
  verifyRegistrationResponse,
} from '@simplewebauthn/server';
import {
  decodeClientDataJSON,
  isoBase64URL,
  isoUint8Array,
} from '@simplewebauthn/server/helpers';
import { hashToken } from '../database/SessionStore';
import { TenantsStores } from '../database/stores';
import { WebauthnCredentialRow } from '../database/WebauthnStore';

const CHALLENGE_TTL_MS = 5 * 60_000;

/** The relying party: who the passkeys are for and which pages may use them. */
export interface RelyingParty {
  /** The domain passkeys are scoped to, e.g. `portal.example.com`. */
  rpId: string;
  /** What the authenticator shows, e.g. `Control plane`. */
  rpName: string;
  /** The origins of the pages that run the ceremonies. */
  origins: string[];
}

/**
 * `tenants.signin.webauthn`, by default the host of `app.baseUrl` and the
 * origins of the app and the backend (they differ in local development).
 */
export function relyingPartyFromConfig(config: Config): RelyingParty {
  const app = new URL(config.getString('app.baseUrl'));
  const backend = config.getOptionalString('backend.baseUrl');
  const webauthn = config.getOptionalConfig('tenants.signin.webauthn');
  return {
    rpId: webauthn?.getOptionalString('rpId') ?? app.hostname,
    rpName:
      webauthn?.getOptionalString('rpName') ??
      config.getOptionalString('app.title') ??
      'Control plane',
    origins: webauthn?.getOptionalStringArray('origins') ?? [
      ...new Set([app.origin, ...(backend ? [new URL(backend).origin] : [])]),
    ],
  };
}

/** A passkey as its owner sees it in the list. */
export interface PasskeyInfo {
  id: string;
  name: string;
  transports: string[];
  created_at: string;
  last_used_at: string | null;
}

/** The user a ceremony is for; `mfaToken` when it is part of a sign-in. */
export interface PasskeyScope {
  userId: string;
  mfaToken?: string;
}

const iso = (value: Date | string | null) =>
  value === null ? null : new Date(value).toISOString();

const transportsOf = (row: WebauthnCredentialRow) =>
  (row.transports
    ? row.transports.split(',')
    : []) as AuthenticatorTransportFuture[];

/**
 * WebAuthn registration and assertion of tenant users' passkeys (a second
 * factor, NFR-SEC-003): options with a single-use challenge that expires
 * after five minutes, verification against the relying party's id and
 * origins, and the signature counter, which must grow (a clone shows as a
 * counter that does not).
 */
export class Passkeys {
  constructor(
    private readonly options: {
      stores: TenantsStores;
      relyingParty: RelyingParty;
      now?: () => Date;
    },
  ) {}

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /** Whether the user has a passkey (then it is a second factor). */
  hasPasskey(userId: string): Promise<boolean> {
    return this.options.stores.webauthn.hasCredential(userId);
  }

  /** The user's passkeys, oldest first. */
  async list(userId: string): Promise<PasskeyInfo[]> {
    const rows = await this.options.stores.webauthn.credentials(userId);
    return rows.map(row => ({
      id: row.id,
      name: row.name,
      transports: transportsOf(row),
      created_at: iso(row.created_at)!,
      last_used_at: iso(row.last_used_at),
    }));
  }

  /** Options for creating a passkey; the user's passkeys are excluded. */
  async registrationOptions(
    scope: PasskeyScope,
    user: { email: string; display_name: string | null },
  ): Promise<PublicKeyCredentialCreationOptionsJSON> {
    const { rpId, rpName } = this.options.relyingParty;
    const existing = await this.options.stores.webauthn.credentials(
      scope.userId,
    );
    const options = await generateRegistrationOptions({
      rpName,
      rpID: rpId,
      userName: user.email,
      userDisplayName: user.display_name ?? user.email,
      // Stable, so an authenticator replaces its passkey for this account.
      userID: isoUint8Array.fromUTF8String(scope.userId),
      timeout: CHALLENGE_TTL_MS,
      attestationType: 'none',
      excludeCredentials: existing.map(row => ({
        id: row.id,
        transports: transportsOf(row),
      })),
      authenticatorSelection: {
        residentKey: 'preferred',
        userVerification: 'preferred',
      },
    });
    await this.#saveChallenge(scope, 'register', options.challenge);
    return options;
  }

  /**
   * Verifies a new passkey against its pending challenge (used up either
   * way) and stores it; 400 when refused.
   */
  async register(
    scope: PasskeyScope,
    response: RegistrationResponseJSON,
    name?: string,
  ): Promise<{ id: string; name: string }> {
    const challenge = await this.#useChallenge(scope, 'register', response);
    const { rpId, origins } = this.options.relyingParty;
    let verified;
    try {
      verified = await verifyRegistrationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: origins,
        expectedRPID: rpId,
        requireUserVerification: false,
      });
    } catch (error) {
      throw new InputError(
        `The passkey was not accepted: ${(error as Error).message}`,
      );
    }
    if (!verified.verified) {
      throw new InputError('The passkey was not accepted');
    }
    const { credential } = verified.registrationInfo;
    const { webauthn } = this.options.stores;
    if (await webauthn.credential(credential.id)) {
      throw new ConflictError('This passkey is already registered');
    }
    const label = name?.trim() || 'Passkey';
    await webauthn.insertCredential({
      id: credential.id,
      user_id: scope.userId,
      public_key: isoBase64URL.fromBuffer(credential.publicKey),
      counter: credential.counter,
      transports: response.response.transports?.join(',') || null,
      name: label,
      created_at: this.#now().toISOString(),
      last_used_at: null,
    });
    return { id: credential.id, name: label };
  }

  /** Options for an assertion with one of the user's passkeys. */
  async authenticationOptions(
    scope: PasskeyScope,
  ): Promise<PublicKeyCredentialRequestOptionsJSON> {
    const existing = await this.options.stores.webauthn.credentials(
      scope.userId,
    );
    if (existing.length === 0) {
      throw new ConflictError('No passkey is registered for this account');
    }
    const options = await generateAuthenticationOptions({
      rpID: this.options.relyingParty.rpId,
      allowCredentials: existing.map(row => ({
        id: row.id,
        transports: transportsOf(row),
      })),
      userVerification: 'preferred',
      timeout: CHALLENGE_TTL_MS,
    });
    await this.#saveChallenge(scope, 'authenticate', options.challenge);
    return options;
  }

  /**
   * Whether the assertion is good: the user's own passkey, signed over
   * the pending challenge (used up either way) from an allowed origin,
   * its counter grown. Refusals answer false, for the caller to count.
   */
  async authenticate(
    scope: PasskeyScope,
    response: AuthenticationResponseJSON,
  ): Promise<boolean> {
    let challenge: string;
    try {
      challenge = await this.#useChallenge(scope, 'authenticate', response);
    } catch {
      return false;
    }
    const { webauthn } = this.options.stores;
    const row = await webauthn.credential(response.id);
    if (!row || row.user_id !== scope.userId) return false;
    const counter = Number(row.counter);
    const { rpId, origins } = this.options.relyingParty;
    try {
      const verified = await verifyAuthenticationResponse({
        response,
        expectedChallenge: challenge,
        expectedOrigin: origins,
        expectedRPID: rpId,
        credential: {
          id: row.id,
          publicKey: isoBase64URL.toBuffer(row.public_key),
          counter,
          transports: transportsOf(row),
        },
        requireUserVerification: false,
      });
      if (!verified.verified) return false;
      return await webauthn.useCredential(
        row.id,
        { from: counter, to: verified.authenticationInfo.newCounter },
        this.#now().toISOString(),
      );
    } catch {
      return false;
    }
  }

  /**
   * Removes one of the user's passkeys (404 for any other id); refused
   * when the organization requires a second factor and it is the last.
   */
  async remove(userId: string, id: string, require2fa: boolean) {
    const { webauthn, mfa } = this.options.stores;
    const rows = await webauthn.credentials(userId);
    if (!rows.some(row => row.id === id)) {
      throw new NotFoundError('No such passkey');
    }
    if (
      require2fa &&
      rows.length === 1 &&
      !(await mfa.totp(userId))?.confirmed_at
    ) {
      throw new ConflictError(
        'Your organization requires a second factor: set up another one before removing this passkey',
      );
    }
    if (!(await webauthn.deleteCredential(userId, id))) {
      throw new NotFoundError('No such passkey');
    }
  }

  async #saveChallenge(
    scope: PasskeyScope,
    purpose: 'register' | 'authenticate',
    challenge: string,
  ) {
    await this.options.stores.webauthn.replaceChallenge({
      challenge,
      user_id: scope.userId,
      purpose,
      mfa_token_hash: scope.mfaToken ? hashToken(scope.mfaToken) : null,
      expires_at: new Date(
        this.#now().getTime() + CHALLENGE_TTL_MS,
      ).toISOString(),
    });
  }

  /**
   * Uses up the pending challenge the response's client data names, before
   * anything else is checked: every answer spends it. 400 when there is no
   * such challenge (unknown, used, expired or of another ceremony).
   */
  async #useChallenge(
    scope: PasskeyScope,
    purpose: 'register' | 'authenticate',
    response: { response: { clientDataJSON: string } },
  ): Promise<string> {
    let challenge: string;
    try {
      ({ challenge } = decodeClientDataJSON(response.response.clientDataJSON));
    } catch {
      throw new InputError('The passkey response has no readable client data');
    }
    const used =
      typeof challenge === 'string' &&
      (await this.options.stores.webauthn.useChallenge(
        {
          challenge,
          user_id: scope.userId,
          purpose,
          mfa_token_hash: scope.mfaToken ? hashToken(scope.mfaToken) : null,
        },
        this.#now().toISOString(),
      ));
    if (!used) {
      throw new InputError(
        'This passkey challenge expired or was already used: ask for new options',
      );
    }
    return challenge;
  }
}
