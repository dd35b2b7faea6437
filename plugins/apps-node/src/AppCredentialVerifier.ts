import { createHash } from 'node:crypto';
import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  AuthenticationError,
  ServiceUnavailableError,
} from '@backstage/errors';
import {
  CredentialSnapshot,
  parseAppToken,
  RateLimitRule,
  SnapshotCredential,
} from '@controlplane/plugin-apps-common';
import { AppRequestPrincipal } from '@controlplane/backend-common';
import { hashesEqual, hashSecret, readSecretHashKey } from './secretHash';

/** The app behind a verified credential; never holds the secret. */
export type AppPrincipal = AppRequestPrincipal;

/**
 * A 401 for an app credential. `credentialId` is set when the client id
 * named a known credential, so the refusal counts in that credential's usage.
 */
export class AppCredentialRejectedError extends AuthenticationError {
  declare readonly credentialId?: string;

  constructor(message: string, credentialId?: string) {
    super(message);
    // Not enumerable: the error middleware serializes the error's own
    // enumerable fields into the response.
    Object.defineProperty(this, 'credentialId', {
      value: credentialId,
      enumerable: false,
    });
  }
}

/** No snapshot may be used (none fetched yet, or too stale): fail closed. */
export class CredentialSnapshotUnavailableError extends ServiceUnavailableError {}

export interface AppCredentialVerifierOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /**
   * The key secrets are hashed with, or how to read it; read on the first
   * verification so a plugin starts even where apps are not configured.
   */
  secretHashKey: Buffer | (() => Buffer);
  /** Revalidate the snapshot with the apps plugin at most this often. */
  refreshIntervalMs: number;
  /** Keep using the last snapshot this long while the apps plugin is unreachable. */
  maxStaleMs: number;
  /**
   * Revalidate on a timer once an app has called (default true); tests turn
   * it off and drive time with `now`.
   */
  backgroundRefresh?: boolean;
  /** The clock, for tests. */
  now?: () => number;
  /** Waits `ms` of the `now` clock (tests with their own clock pass theirs). */
  sleep?: (ms: number) => Promise<void>;
}

const REQUEST_TIMEOUT_MS = 5000;
const MAX_CACHED_TOKENS = 10_000;

/**
 * An unknown client id makes the verifier revalidate the snapshot (a
 * credential issued a moment ago works on its first call), but not more
 * often than this: a call that comes sooner waits for the next revalidation,
 * shared by every unknown id waiting for it, so made-up ids cannot turn
 * into a flood of snapshot reads.
 */
const UNKNOWN_CLIENT_RECHECK_MS = 250;

const MALFORMED_MESSAGE =
  'Malformed app credential: send Authorization: Bearer <clientId>.<secret>, a client id like cp_live_… or cp_test_… and the 43-character secret issued with it';

interface IndexedSnapshot {
  snapshot: CredentialSnapshot;
  etag?: string;
  byClientId: Map<string, SnapshotCredential>;
  rulesByApp: Map<string, RateLimitRule[]>;
}

interface CachedVerification {
  principal: AppPrincipal;
  verifiedAt: number;
  /** When the credential or the matched secret stops working. */
  validUntil: number;
}

function timeOf(iso: string | undefined): number {
  if (iso === undefined) return Infinity;
  const time = Date.parse(iso);
  // An unreadable date must not extend validity.
  return Number.isNaN(time) ? -Infinity : time;
}

/**
 * Verifies app credentials in memory against the apps plugin's credential
 * snapshot (`GET /api/apps/credentials/snapshot`).
 *
 * The snapshot is revalidated with `If-None-Match` once the refresh interval
 * has passed: in the background once an app has called (`start`), and by the
 * next caller otherwise; concurrent callers share one request. When the apps
 * plugin cannot be reached, the last snapshot is used until it is older than
 * `maxStaleMs`; without a usable snapshot every app is refused (503).
 *
 * A verified token is remembered, under a hash of it, for at most the
 * refresh interval and only while the snapshot revision stays the same, so
 * the hot path is one map lookup and a revocation still counts at the next
 * refresh.
 */
export class AppCredentialVerifier {
  static fromConfig(
    config: Config,
    deps: Pick<AppCredentialVerifierOptions, 'discovery' | 'auth' | 'logger'>,
  ): AppCredentialVerifier {
    const verifier = config.getOptionalConfig('apps.verifier');
    const positive = (name: string, fallback: number) => {
      const value = verifier?.getOptionalNumber(name) ?? fallback;
      if (!(value > 0)) {
        throw new Error(`apps.verifier.${name} must be a positive number`);
      }
      return value;
    };
    let key: Buffer | undefined;
    return new AppCredentialVerifier({
      ...deps,
      secretHashKey: () => {
        key ??= readSecretHashKey(config);
        return key;
      },
      refreshIntervalMs: positive('refreshIntervalMs', 2000),
      maxStaleMs: positive('maxStaleMs', 30000),
    });
  }

  readonly refreshIntervalMs: number;
  private readonly options: AppCredentialVerifierOptions;
  private readonly now: () => number;
  private current?: IndexedSnapshot;
  private fetchedAt = -Infinity;
  private checkedAt = -Infinity;
  private lastError?: unknown;
  private inFlight?: Promise<void>;
  private recheck?: { startsAt: number; done: Promise<void> };
  private lastRecheckAt = -Infinity;
  private timer?: ReturnType<typeof setInterval>;
  private stopped = false;
  private readonly verified = new Map<string, CachedVerification>();
  private verifiedRevision?: string;

  constructor(options: AppCredentialVerifierOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
    this.refreshIntervalMs = options.refreshIntervalMs;
  }

  /**
   * Keeps the snapshot fresh in the background, so callers do not wait for
   * a revalidation. Started by the first app call; idempotent.
   */
  start(): void {
    if (
      this.timer ||
      this.stopped ||
      this.options.backgroundRefresh === false
    ) {
      return;
    }
    this.timer = setInterval(() => {
      this.revalidate().catch(() => {});
    }, this.options.refreshIntervalMs);
    this.timer.unref?.();
  }

  /** Stops the background revalidation (on shutdown). */
  stop(): void {
    this.stopped = true;
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  /** The current snapshot; throws {@link CredentialSnapshotUnavailableError}. */
  async getSnapshot(): Promise<CredentialSnapshot> {
    return (await this.usableSnapshot()).snapshot;
  }

  /** The app's own rate limit rules in the current snapshot. */
  rateLimitRules(appId: string): RateLimitRule[] {
    return this.current?.rulesByApp.get(appId) ?? [];
  }

  /**
   * The app a bearer token belongs to. Throws {@link AppCredentialRejectedError}
   * (401) with the reason, or {@link CredentialSnapshotUnavailableError} (503)
   * when credentials cannot be checked right now.
   */
  async verify(token: string): Promise<AppPrincipal> {
    const parsed = parseAppToken(token);
    if (!parsed) {
      throw new AppCredentialRejectedError(MALFORMED_MESSAGE);
    }
    const indexed = await this.usableSnapshot();
    const now = this.now();

    if (this.verifiedRevision !== indexed.snapshot.revision) {
      this.verified.clear();
      this.verifiedRevision = indexed.snapshot.revision;
    }
    const cacheKey = createHash('sha256').update(token).digest('base64');
    const cached = this.verified.get(cacheKey);
    if (
      cached &&
      now - cached.verifiedAt < this.options.refreshIntervalMs &&
      now < cached.validUntil
    ) {
      return cached.principal;
    }
    this.verified.delete(cacheKey);

    const credential = await this.credentialOf(indexed, parsed.clientId);
    if (!credential) {
      throw new AppCredentialRejectedError(
        `Unknown client id ${parsed.clientId}`,
      );
    }
    const reject = (message: string): never => {
      throw new AppCredentialRejectedError(message, credential.credentialId);
    };
    if (credential.refused === 'revoked') {
      reject('This credential was revoked');
    }
    if (credential.refused === 'app-disabled') {
      reject(`The app ${credential.appName} is disabled`);
    }
    const expiresAt = timeOf(credential.expiresAt);
    if (expiresAt <= now) {
      reject(`This credential expired at ${credential.expiresAt}`);
    }

    const hash = hashSecret(this.secretHashKey(), parsed.secret);
    const matched = credential.secretHashes.find(entry =>
      hashesEqual(entry.hash, hash),
    );
    if (!matched) {
      reject(`Wrong secret for client id ${credential.clientId}`);
    }
    const secretValidUntil = timeOf(matched!.validUntil);
    if (secretValidUntil <= now) {
      reject(
        `This secret was replaced by a rotation and stopped working at ${
          matched!.validUntil
        }; use the new secret`,
      );
    }

    const principal: AppPrincipal = {
      type: 'app',
      appId: credential.appId,
      appName: credential.appName,
      credentialId: credential.credentialId,
      clientId: credential.clientId,
      scopes: [...credential.scopes],
      tenants: [...credential.tenants],
      ...(credential.environment
        ? { environment: credential.environment }
        : {}),
    };
    if (this.verified.size >= MAX_CACHED_TOKENS) {
      this.verified.clear();
    }
    this.verified.set(cacheKey, {
      principal,
      verifiedAt: now,
      validUntil: Math.min(expiresAt, secretValidUntil),
    });
    return principal;
  }

  /**
   * The snapshot's entry for a client id; for an id it does not know, once
   * more after a revalidation (see UNKNOWN_CLIENT_RECHECK_MS).
   */
  private async credentialOf(indexed: IndexedSnapshot, clientId: string) {
    const known = indexed.byClientId.get(clientId);
    if (known) return known;
    await this.recheckAfter(this.now());
    return this.current?.byClientId.get(clientId);
  }

  /**
   * A revalidation that starts at `arrivedAt` or later (so it sees what was
   * issued before the call came), at most one per UNKNOWN_CLIENT_RECHECK_MS
   * however many unknown ids wait for it.
   */
  private recheckAfter(arrivedAt: number): Promise<void> {
    if (this.recheck && this.recheck.startsAt >= arrivedAt) {
      return this.recheck.done;
    }
    const startsAt = Math.max(
      arrivedAt,
      this.lastRecheckAt + UNKNOWN_CLIENT_RECHECK_MS,
    );
    this.lastRecheckAt = startsAt;
    const sleep =
      this.options.sleep ??
      ((ms: number) => new Promise<void>(resolve => setTimeout(resolve, ms)));
    const done = (async () => {
      const wait = startsAt - this.now();
      if (wait > 0) await sleep(wait);
      // A revalidation already under way may have read before the call.
      await this.inFlight;
      await this.revalidate();
    })().finally(() => {
      if (this.recheck?.done === done) this.recheck = undefined;
    });
    this.recheck = { startsAt, done };
    return done;
  }

  private secretHashKey(): Buffer {
    const { secretHashKey } = this.options;
    try {
      return typeof secretHashKey === 'function'
        ? secretHashKey()
        : secretHashKey;
    } catch (error) {
      throw new CredentialSnapshotUnavailableError(
        `App credentials cannot be checked on this portal: ${
          (error as Error).message
        }`,
      );
    }
  }

  private async usableSnapshot(): Promise<IndexedSnapshot> {
    // While the timer keeps the snapshot fresh, a caller waits for a
    // revalidation only if the timer fell behind by a whole interval.
    const { refreshIntervalMs } = this.options;
    const waitAfter = this.timer ? 2 * refreshIntervalMs : refreshIntervalMs;
    if (this.now() - this.checkedAt >= waitAfter) {
      await this.revalidate();
    }
    this.start();

    if (!this.current) {
      throw new CredentialSnapshotUnavailableError(
        `App credentials cannot be checked right now: no credential snapshot from the apps plugin yet${this.failure()}`,
      );
    }
    const age = this.now() - this.fetchedAt;
    if (age > this.options.maxStaleMs) {
      throw new CredentialSnapshotUnavailableError(
        `App credentials cannot be checked right now: the credential snapshot is ${age} ms old, more than apps.verifier.maxStaleMs (${
          this.options.maxStaleMs
        })${this.failure()}`,
      );
    }
    return this.current;
  }

  /** One revalidation at a time; concurrent callers wait for the same one. */
  private revalidate(): Promise<void> {
    this.inFlight ??= this.refresh().finally(() => {
      this.inFlight = undefined;
    });
    return this.inFlight;
  }

  private failure(): string {
    return this.lastError ? `: ${this.lastError}` : '';
  }

  /** Fetches or revalidates the snapshot; never throws, records the error. */
  private async refresh(): Promise<void> {
    try {
      const response = await this.request(this.current?.etag);
      if (response.status === 304 && this.current) {
        this.fetchedAt = this.now();
      } else if (response.ok) {
        const snapshot = parseSnapshot(await response.json());
        this.current = indexSnapshot(
          snapshot,
          response.headers.get('etag') ?? undefined,
        );
        this.fetchedAt = this.now();
      } else {
        throw new Error(
          `GET /credentials/snapshot answered ${response.status} ${response.statusText}`,
        );
      }
      this.lastError = undefined;
    } catch (error) {
      // Warn once per outage, not every refresh interval.
      if (!this.lastError) {
        const fallback =
          this.current && this.now() - this.fetchedAt <= this.options.maxStaleMs
            ? `still using revision ${this.current.snapshot.revision} for up to ${this.options.maxStaleMs} ms`
            : 'refusing every app credential until it can';
        this.options.logger.warn(
          `Could not get the credential snapshot from the apps plugin, ${fallback}: ${error}`,
        );
      }
      this.lastError = error;
    } finally {
      this.checkedAt = this.now();
    }
  }

  private async request(etag: string | undefined): Promise<Response> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('apps');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'apps',
    });
    return fetch(`${baseUrl}/credentials/snapshot`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(etag ? { 'if-none-match': etag } : {}),
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}

function indexSnapshot(
  snapshot: CredentialSnapshot,
  etag: string | undefined,
): IndexedSnapshot {
  return {
    snapshot,
    etag,
    byClientId: new Map(snapshot.credentials.map(c => [c.clientId, c])),
    rulesByApp: new Map(snapshot.rateLimits.map(r => [r.appId, r.rules])),
  };
}

/** Checks the shape, so a malformed answer fails here and not in `verify`. */
function parseSnapshot(body: unknown): CredentialSnapshot {
  const snapshot = body as CredentialSnapshot;
  const isString = (value: unknown) => typeof value === 'string';
  const isStringArray = (value: unknown) =>
    Array.isArray(value) && value.every(isString);
  const valid =
    isString(snapshot?.revision) &&
    Array.isArray(snapshot.credentials) &&
    snapshot.credentials.every(
      c =>
        isString(c?.credentialId) &&
        isString(c.clientId) &&
        isString(c.appId) &&
        isString(c.appName) &&
        Array.isArray(c.secretHashes) &&
        c.secretHashes.every(h => isString(h?.hash)) &&
        isStringArray(c.scopes) &&
        isStringArray(c.tenants),
    ) &&
    Array.isArray(snapshot.rateLimits) &&
    snapshot.rateLimits.every(
      r =>
        isString(r?.appId) &&
        Array.isArray(r.rules) &&
        r.rules.every(
          rule =>
            isString(rule?.routePattern) &&
            typeof rule.limitPerMinute === 'number' &&
            typeof rule.burst === 'number',
        ),
    );
  if (!valid) {
    throw new Error('GET /credentials/snapshot answered a malformed snapshot');
  }
  return snapshot;
}
