import {
  AuthService,
  DiscoveryService,
  LoggerService,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { PolicySnapshot } from '@controlplane/plugin-rbac-common';

/** Where the policy gets the roles from; throws when it has none it may use. */
export interface SnapshotSource {
  getSnapshot(): Promise<PolicySnapshot>;
}

/** Thrown when no snapshot may be used: none fetched yet, or too stale. */
export class PolicySnapshotUnavailableError extends Error {
  name = 'PolicySnapshotUnavailableError';
}

export interface PolicySnapshotSourceOptions {
  discovery: DiscoveryService;
  auth: AuthService;
  logger: LoggerService;
  /** Revalidate with the rbac plugin at most this often. */
  refreshIntervalMs: number;
  /** Keep using the last snapshot this long while the rbac plugin is unreachable. */
  maxStaleMs: number;
  /** The clock, for tests. */
  now?: () => number;
}

const REQUEST_TIMEOUT_MS = 5000;

/**
 * The rbac plugin's policy snapshot (`GET /api/rbac/policy/snapshot`), cached.
 *
 * Once the refresh interval has passed, the next caller revalidates it with
 * `If-None-Match` (a 304 keeps the cached one) and concurrent callers wait for
 * that same request. When the rbac plugin cannot be reached, the cached
 * snapshot is used until it is older than `maxStaleMs`; without a usable
 * snapshot `getSnapshot` throws, so the policy fails closed.
 */
export class PolicySnapshotSource implements SnapshotSource {
  static fromConfig(
    config: Config,
    deps: Pick<PolicySnapshotSourceOptions, 'discovery' | 'auth' | 'logger'>,
  ): PolicySnapshotSource {
    return new PolicySnapshotSource({
      ...deps,
      refreshIntervalMs:
        config.getOptionalNumber('permission.rbac.refreshIntervalMs') ?? 2000,
      maxStaleMs:
        config.getOptionalNumber('permission.rbac.maxStaleMs') ?? 60000,
    });
  }

  private readonly options: PolicySnapshotSourceOptions;
  private readonly now: () => number;
  private cached?: { snapshot: PolicySnapshot; etag?: string; at: number };
  private checkedAt = -Infinity;
  private lastError?: unknown;
  private inFlight?: Promise<void>;

  constructor(options: PolicySnapshotSourceOptions) {
    this.options = options;
    this.now = options.now ?? Date.now;
  }

  async getSnapshot(): Promise<PolicySnapshot> {
    if (
      !this.inFlight &&
      this.now() - this.checkedAt >= this.options.refreshIntervalMs
    ) {
      this.inFlight = this.refresh().finally(() => {
        this.inFlight = undefined;
      });
    }
    await this.inFlight;

    if (!this.cached) {
      throw new PolicySnapshotUnavailableError(
        `No RBAC policy snapshot yet${this.failure()}`,
      );
    }
    const age = this.now() - this.cached.at;
    if (age > this.options.maxStaleMs) {
      throw new PolicySnapshotUnavailableError(
        `The RBAC policy snapshot is ${age} ms old, more than permission.rbac.maxStaleMs (${
          this.options.maxStaleMs
        })${this.failure()}`,
      );
    }
    return this.cached.snapshot;
  }

  private failure(): string {
    return this.lastError ? `: ${this.lastError}` : '';
  }

  /** Fetches or revalidates the snapshot; never throws, records the error. */
  private async refresh(): Promise<void> {
    try {
      const response = await this.request(this.cached?.etag);
      if (response.status === 304 && this.cached) {
        this.cached.at = this.now();
      } else if (response.ok) {
        this.cached = {
          snapshot: parseSnapshot(await response.json()),
          etag: response.headers.get('etag') ?? undefined,
          at: this.now(),
        };
      } else {
        throw new Error(
          `GET /policy/snapshot answered ${response.status} ${response.statusText}`,
        );
      }
      this.lastError = undefined;
    } catch (error) {
      this.lastError = error;
      const fallback =
        this.cached && this.now() - this.cached.at <= this.options.maxStaleMs
          ? `still using revision ${this.cached.snapshot.revision}`
          : 'denying every permission until it can';
      this.options.logger.warn(
        `Could not get the RBAC policy snapshot from the rbac plugin, ${fallback}: ${error}`,
      );
    } finally {
      this.checkedAt = this.now();
    }
  }

  private async request(etag: string | undefined): Promise<Response> {
    const { discovery, auth } = this.options;
    const baseUrl = await discovery.getBaseUrl('rbac');
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: 'rbac',
    });
    return fetch(`${baseUrl}/policy/snapshot`, {
      headers: {
        authorization: `Bearer ${token}`,
        ...(etag ? { 'if-none-match': etag } : {}),
      },
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
    });
  }
}

/** Checks the shape, so a malformed answer fails here and not in `evaluate`. */
function parseSnapshot(body: unknown): PolicySnapshot {
  const snapshot = body as PolicySnapshot;
  const isStringArray = (value: unknown) =>
    Array.isArray(value) && value.every(item => typeof item === 'string');
  if (
    typeof snapshot?.revision !== 'number' ||
    !Array.isArray(snapshot.roles) ||
    !snapshot.roles.every(
      role =>
        typeof role?.name === 'string' &&
        isStringArray(role.grants) &&
        isStringArray(role.members),
    )
  ) {
    throw new Error('GET /policy/snapshot answered a malformed snapshot');
  }
  return snapshot;
}
