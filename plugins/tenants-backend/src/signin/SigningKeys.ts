import { randomUUID } from 'node:crypto';
import { AuthenticationError } from '@backstage/errors';
import {
  calculateJwkThumbprint,
  errors as joseErrors,
  exportJWK,
  generateKeyPair,
  importJWK,
  JWK,
  JWTHeaderParameters,
  JWTPayload,
  jwtVerify,
  KeyLike,
  SignJWT,
} from 'jose';
import { SigningKeyRow, SigningKeyStore } from '../database/SigningKeyStore';
import { SecretCipher } from '../service/SecretCipher';

const ALG = 'ES256';
const DAY_MS = 24 * 60 * 60 * 1000;

/** How long the keys read from the store are used before reading again. */
const KEY_CACHE_MAX_AGE_MS = 60_000;

/**
 * A token with a kid the cache does not know makes it read the store again,
 * at most this often: another instance may just have created the key.
 */
const UNKNOWN_KID_RELOAD_MS = 1_000;

/**
 * Added to a superseded key's retire_at: an instance whose cache has not yet
 * seen the successor (two instances creating keys at once) may sign with the
 * superseded key for up to the cache's age.
 */
const RETIRE_GRACE_MS = 2 * KEY_CACHE_MAX_AGE_MS;

export interface SigningKeysOptions {
  store: SigningKeyStore;
  cipher: SecretCipher;
  /** The `iss` of every token, e.g. `${baseUrl}/api/tenants/auth`. */
  issuer: string;
  /** How long a key signs before the next takes over (e.g. 30 days). */
  rotationDays: number;
  /** The longest lifetime of a token signed (the access token's): a superseded key stays published that long. */
  tokenTtlSeconds: number;
  /** How long a new key is published before it signs (e.g. 3600), so verifiers caching the JWKS know it in time. */
  publishAheadSeconds: number;
  now?: () => Date;
}

/** A stored key as used here: times in epoch milliseconds. */
interface KnownKey {
  kid: string;
  publicJwk: JWK;
  privateJwkEncrypted: string;
  activeFrom: number;
  retireAt: number | undefined;
}

/** A token naming a kid that is not published. */
class UnknownKidError extends Error {}

function toKnownKey(row: SigningKeyRow): KnownKey {
  return {
    kid: row.kid,
    publicJwk: JSON.parse(row.public_jwk) as JWK,
    privateJwkEncrypted: row.private_jwk_encrypted,
    activeFrom: Date.parse(row.active_from),
    retireAt: row.retire_at === null ? undefined : Date.parse(row.retire_at),
  };
}

/** The keys in the JWKS at `now`: all not retired (keys are sorted). */
function publishedKeys(keys: KnownKey[], now: number): KnownKey[] {
  return keys.filter(key => key.retireAt === undefined || key.retireAt > now);
}

/** The key that signs at `now`: the published one that became active last. */
function signingKey(keys: KnownKey[], now: number): KnownKey | undefined {
  return publishedKeys(keys, now)
    .filter(key => key.activeFrom <= now)
    .at(-1);
}

/** A short reason for a refused token, safe to show to its bearer. */
function refusalMessage(error: unknown): string {
  if (error instanceof UnknownKidError) return 'Token signed by an unknown key';
  if (error instanceof joseErrors.JWTExpired) return 'Token expired';
  if (error instanceof joseErrors.JWTClaimValidationFailed) {
    return `Token claim "${error.claim}" is invalid`;
  }
  if (error instanceof joseErrors.JWSSignatureVerificationFailed) {
    return 'Token signature is invalid';
  }
  if (error instanceof joseErrors.JOSEAlgNotAllowed) {
    return 'Token algorithm is not allowed';
  }
  return 'Token is malformed';
}

/**
 * The ES256 keys that sign tenant users' access tokens, and their rotation:
 * a new key is published before it signs, and a superseded key stays
 * published as long as the tokens it signed may live. Private keys are
 * stored only encrypted; keys are cached in memory, so signing and verifying
 * do not read the database per token.
 */
export class SigningKeys {
  readonly #store: SigningKeyStore;
  readonly #cipher: SecretCipher;
  readonly #issuer: string;
  readonly #rotationMs: number;
  readonly #tokenTtlMs: number;
  readonly #publishAheadMs: number;
  readonly #now: () => Date;

  #cache: { loadedAt: number; keys: KnownKey[] } | undefined;
  #loading: Promise<KnownKey[]> | undefined;
  #readsBegun = 0;
  #cachedRead = 0;
  readonly #privateKeys = new Map<string, Promise<KeyLike | Uint8Array>>();
  readonly #publicKeys = new Map<string, Promise<KeyLike | Uint8Array>>();

  constructor(options: SigningKeysOptions) {
    if (!(options.rotationDays > 0)) {
      throw new Error('rotationDays must be positive');
    }
    if (!(options.tokenTtlSeconds > 0)) {
      throw new Error('tokenTtlSeconds must be positive');
    }
    if (
      !(options.publishAheadSeconds >= 0) ||
      options.publishAheadSeconds * 1000 >= options.rotationDays * DAY_MS
    ) {
      throw new Error(
        'publishAheadSeconds must be at least 0 and shorter than rotationDays',
      );
    }
    this.#store = options.store;
    this.#cipher = options.cipher;
    this.#issuer = options.issuer;
    this.#rotationMs = options.rotationDays * DAY_MS;
    this.#tokenTtlMs = options.tokenTtlSeconds * 1000;
    this.#publishAheadMs = options.publishAheadSeconds * 1000;
    this.#now = options.now ?? (() => new Date());
  }

  /**
   * Makes sure a key signs now (on a fresh system: one that signs at once),
   * publishes the next key `publishAheadSeconds` before the current one is
   * `rotationDays` old, sets retire_at of a superseded key to (its
   * successor's active_from + tokenTtlSeconds, plus a grace for caches), and
   * deletes keys whose retire_at has passed. Safe to run on several
   * instances at once: at worst one extra key is created.
   */
  async rotate(): Promise<void> {
    const now = this.#now().getTime();
    await this.#store.deleteRetired(new Date(now).toISOString());

    const keys = (await this.#store.list()).map(toKnownKey);
    const current = signingKey(keys, now);
    if (!current) {
      await this.#createKey(now, now);
    } else if (!keys.some(key => key.activeFrom > now)) {
      const handoverAt = current.activeFrom + this.#rotationMs;
      if (now >= handoverAt - this.#publishAheadMs) {
        // Overdue (no rotation ran for a while): still published ahead.
        await this.#createKey(
          now,
          Math.max(handoverAt, now + this.#publishAheadMs),
        );
      }
    }

    // Read again: another instance may have added keys meanwhile.
    const all = (await this.#store.list()).map(toKnownKey);
    for (let i = 0; i + 1 < all.length; i++) {
      const key = all[i];
      const successor = all[i + 1];
      if (key.retireAt === undefined && successor.activeFrom <= now) {
        const retireAt =
          successor.activeFrom + this.#tokenTtlMs + RETIRE_GRACE_MS;
        await this.#store.setRetireAt(
          key.kid,
          new Date(retireAt).toISOString(),
        );
      }
    }
    // Not a shared read: one begun before the changes above may miss them.
    await this.#read(now);
  }

  /**
   * Signs claims with the current key: ES256, header `kid`, `iss`, `iat`,
   * `exp` = now + expiresInSeconds, `aud`, a random `jti`. Throws if no key
   * signs yet (rotate() not run).
   */
  async sign(
    claims: Record<string, unknown> & { sub: string },
    options: { audience: string; expiresInSeconds: number },
  ): Promise<string> {
    const now = this.#now().getTime();
    const key = signingKey(await this.#keys(now), now);
    if (!key) {
      throw new Error('No signing key is active; run rotate() first');
    }
    const issuedAt = Math.floor(now / 1000);
    return new SignJWT({ ...claims })
      .setProtectedHeader({ alg: ALG, kid: key.kid })
      .setSubject(claims.sub)
      .setIssuer(this.#issuer)
      .setAudience(options.audience)
      .setIssuedAt(issuedAt)
      .setExpirationTime(issuedAt + options.expiresInSeconds)
      .setJti(randomUUID())
      .sign(await this.#privateKey(key));
  }

  /**
   * The public keys not retired (pending, current, superseded), as a JWKS.
   * Plain records too, so they fit a generated response type.
   */
  async jwks(): Promise<{ keys: Array<JWK & Record<string, unknown>> }> {
    const now = this.#now().getTime();
    const keys = publishedKeys(await this.#keys(now), now);
    return { keys: keys.map(key => ({ ...key.publicJwk })) };
  }

  /**
   * Verifies a token against the published keys, the issuer and the
   * audience; answers its payload. Throws AuthenticationError on any
   * failure.
   */
  async verify(
    token: string,
    options: { audience: string },
  ): Promise<JWTPayload> {
    const now = this.#now();
    try {
      const { payload } = await jwtVerify(
        token,
        (header: JWTHeaderParameters) =>
          this.#verificationKey(header.kid, now.getTime()),
        {
          algorithms: [ALG],
          issuer: this.#issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'iat', 'sub'],
          currentDate: now,
        },
      );
      return payload;
    } catch (error) {
      throw new AuthenticationError(refusalMessage(error));
    }
  }

  async #createKey(now: number, activeFrom: number): Promise<void> {
    const { publicKey, privateKey } = await generateKeyPair(ALG, {
      extractable: true,
    });
    const publicParts = await exportJWK(publicKey);
    const kid = await calculateJwkThumbprint(publicParts);
    const publicJwk: JWK = { ...publicParts, kid, alg: ALG, use: 'sig' };
    const privateJwk: JWK = { ...(await exportJWK(privateKey)), kid, alg: ALG };
    await this.#store.insert({
      kid,
      alg: ALG,
      public_jwk: JSON.stringify(publicJwk),
      private_jwk_encrypted: this.#cipher.encrypt(
        JSON.stringify(privateJwk),
        kid,
      ),
      created_at: new Date(now).toISOString(),
      active_from: new Date(activeFrom).toISOString(),
      retire_at: null,
    });
  }

  async #verificationKey(
    kid: string | undefined,
    now: number,
  ): Promise<KeyLike | Uint8Array> {
    if (!kid) throw new UnknownKidError();
    let key = publishedKeys(await this.#keys(now), now).find(
      k => k.kid === kid,
    );
    if (
      !key &&
      this.#cache &&
      now - this.#cache.loadedAt >= UNKNOWN_KID_RELOAD_MS
    ) {
      key = publishedKeys(await this.#reload(now), now).find(
        k => k.kid === kid,
      );
    }
    if (!key) throw new UnknownKidError();
    return this.#imported(this.#publicKeys, key.kid, () => key.publicJwk);
  }

  #privateKey(key: KnownKey): Promise<KeyLike | Uint8Array> {
    return this.#imported(
      this.#privateKeys,
      key.kid,
      () =>
        JSON.parse(
          this.#cipher.decrypt(key.privateJwkEncrypted, key.kid),
        ) as JWK,
    );
  }

  /** A key imported once per kid; a failed import is tried again later. */
  #imported(
    cache: Map<string, Promise<KeyLike | Uint8Array>>,
    kid: string,
    jwk: () => JWK,
  ): Promise<KeyLike | Uint8Array> {
    let imported = cache.get(kid);
    if (!imported) {
      imported = Promise.resolve()
        .then(() => importJWK(jwk(), ALG))
        .catch(error => {
          cache.delete(kid);
          throw error;
        });
      cache.set(kid, imported);
    }
    return imported;
  }

  /** The keys, read from the store when the cache is older than its age. */
  async #keys(now: number): Promise<KnownKey[]> {
    const cache = this.#cache;
    if (
      cache &&
      now >= cache.loadedAt &&
      now - cache.loadedAt < KEY_CACHE_MAX_AGE_MS
    ) {
      return cache.keys;
    }
    return this.#reload(now);
  }

  /** Reads the keys from the store; concurrent callers share one read. */
  #reload(now: number): Promise<KnownKey[]> {
    if (!this.#loading) {
      this.#loading = this.#read(now).finally(() => {
        this.#loading = undefined;
      });
    }
    return this.#loading;
  }

  /**
   * Reads the keys from the store into the cache, unless a read begun later
   * has already answered (its keys are newer).
   */
  async #read(now: number): Promise<KnownKey[]> {
    const readNumber = ++this.#readsBegun;
    const keys = (await this.#store.list()).map(toKnownKey);
    if (readNumber > this.#cachedRead) {
      this.#cachedRead = readNumber;
      this.#cache = { loadedAt: now, keys };
      // Forget imported keys that are gone from the store.
      const kids = new Set(keys.map(key => key.kid));
      for (const imported of [this.#privateKeys, this.#publicKeys]) {
        for (const kid of imported.keys()) {
          if (!kids.has(kid)) imported.delete(kid);
        }
      }
    }
    return keys;
  }
}
