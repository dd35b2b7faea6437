import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  AppRateLimits,
  CredentialSnapshot,
  formatAppToken,
  SnapshotCredential,
  UsageReport,
} from '@controlplane/plugin-apps-common';
import { createClient } from 'redis';
import { hashSecret } from '../secretHash';

/** The Redis of the tests: `APPS_TEST_REDIS_URL`, default the local one. */
export const TEST_REDIS_URL =
  process.env.APPS_TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

const isSet = (value: string | undefined) =>
  !!value && value !== '0' && value !== 'false';

/**
 * Whether a missing Redis fails the run: when PORTAL_REQUIRE_REDIS is set,
 * and in CI (`bin/portal test` sets CI) unless PORTAL_REQUIRE_REDIS=0 says
 * this run has no Redis on purpose. Mirrors PORTAL_REQUIRE_POSTGRES.
 */
export function isRedisRequired(): boolean {
  const required = process.env.PORTAL_REQUIRE_REDIS;
  if (required === '0' || required === 'false') return false;
  return isSet(required) || isSet(process.env.CI);
}

/**
 * Whether something accepts TCP connections at the test Redis's address.
 * Synchronous (a short child process), because Jest decides which tests
 * run before any of them starts.
 */
export function isTestRedisReachable(): boolean {
  const { hostname, port } = new URL(TEST_REDIS_URL);
  const probe = `
    const socket = require('node:net').connect(
      { host: ${JSON.stringify(hostname || '127.0.0.1')}, port: ${
    Number(port) || 6379
  } },
      () => { socket.end(); process.exit(0); },
    );
    socket.on('error', () => process.exit(1));
    socket.setTimeout(1000, () => process.exit(1));`;
  const result = spawnSync(process.execPath, ['-e', probe], {
    timeout: 5000,
    stdio: 'ignore',
  });
  return result.status === 0;
}

/** Whether the Redis tests run, and the note naming why they do not. */
export interface TestRedisStatus {
  /** Run them: Redis is reachable, or required (then they fail without it). */
  run: boolean;
  /** Appended to the block's name when skipped: the reason. */
  note: string;
}

/**
 * Whether tests that need the test Redis run: when it is reachable, or when
 * it is required ({@link isRedisRequired}; then {@link connectTestRedis}
 * fails them). Otherwise skip them with `note` in the block's name, so the
 * skip shows in the output.
 */
export function testRedisStatus(): TestRedisStatus {
  if (isTestRedisReachable() || isRedisRequired()) {
    return { run: true, note: '' };
  }
  return {
    run: false,
    note: ` [skipped: no Redis at ${TEST_REDIS_URL}; set APPS_TEST_REDIS_URL]`,
  };
}

/**
 * A client of the test Redis, for blocks that run by {@link testRedisStatus}.
 * Throws when it cannot connect, which fails the block when Redis is
 * required but missing.
 */
export async function connectTestRedis(): Promise<
  ReturnType<typeof createClient>
> {
  const client = createClient({
    url: TEST_REDIS_URL,
    socket: { connectTimeout: 1000, reconnectStrategy: false },
  });
  client.on('error', () => {});
  await client.connect().catch(error => {
    throw new Error(
      `Cannot connect to the test Redis ${TEST_REDIS_URL}: ${error}`,
    );
  });
  return client;
}

/** A secret hash key for tests: `apps.secretHashKey` in their config. */
export const TEST_SECRET_HASH_KEY = 'test-secret-hash-key-of-at-least-32-chars';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** A random client id of the issued format. */
export function randomClientId(live = false): string {
  const bytes = randomBytes(16);
  const suffix = [...bytes].map(byte => BASE32[byte % 32]).join('');
  return `${live ? 'cp_live_' : 'cp_test_'}${suffix}`;
}

/** A random secret of the issued format (43 base64url characters). */
export function randomSecret(): string {
  return randomBytes(32).toString('base64url');
}

export interface TestCredential {
  credential: SnapshotCredential;
  secret: string;
  /** What the app sends after `Bearer `. */
  token: string;
}

/**
 * A credential as the apps plugin's snapshot lists it, with its secret and
 * token, hashed with {@link TEST_SECRET_HASH_KEY} unless `key` is given.
 */
export function createTestCredential(
  options: Partial<Omit<SnapshotCredential, 'secretHashes'>> & {
    key?: string;
    secret?: string;
  } = {},
): TestCredential {
  const { key = TEST_SECRET_HASH_KEY, secret = randomSecret() } = options;
  const clientId = options.clientId ?? randomClientId();
  const appName = options.appName ?? 'billing-sync';
  const credential: SnapshotCredential = {
    credentialId: options.credentialId ?? `cred-${clientId.slice(-8)}`,
    clientId,
    appId: options.appId ?? `app-${appName}`,
    appName,
    secretHashes: [{ hash: hashSecret(Buffer.from(key, 'utf8'), secret) }],
    scopes: options.scopes ?? ['audit:write'],
    tenants: options.tenants ?? ['acme'],
    ...(options.expiresAt ? { expiresAt: options.expiresAt } : {}),
    ...(options.refused ? { refused: options.refused } : {}),
  };
  return { credential, secret, token: formatAppToken(clientId, secret) };
}

/**
 * A real HTTP server standing in for the apps backend's endpoints the
 * verifiers call: `GET /credentials/snapshot` (ETag, 304) and `POST /usage`.
 */
export class FakeAppsServer {
  snapshot: CredentialSnapshot = {
    revision: '1',
    credentials: [],
    rateLimits: [],
  };
  /** Answer every call with this status instead (503 = apps plugin down). */
  failWith?: number;
  /** Answer `POST /usage` with this status instead of 204. */
  failUsageWith?: number;
  readonly requests: {
    method: string;
    url: string;
    headers: IncomingHttpHeaders;
  }[] = [];
  readonly usageReports: UsageReport[] = [];
  private revision = 1;
  private baseUrl?: string;

  private readonly server: Server = createServer((req, res) => {
    this.requests.push({
      method: req.method ?? '',
      url: req.url ?? '',
      headers: req.headers,
    });
    if (this.failWith) {
      res.writeHead(this.failWith).end();
      return;
    }
    if (req.method === 'GET' && req.url === '/api/apps/credentials/snapshot') {
      const etag = `"${this.snapshot.revision}"`;
      if (req.headers['if-none-match'] === etag) {
        res.writeHead(304, { etag }).end();
      } else {
        res
          .writeHead(200, { etag, 'content-type': 'application/json' })
          .end(JSON.stringify(this.snapshot));
      }
      return;
    }
    if (req.method === 'POST' && req.url === '/api/apps/usage') {
      let body = '';
      req.on('data', chunk => {
        body += chunk;
      });
      req.on('end', () => {
        if (this.failUsageWith) {
          res.writeHead(this.failUsageWith).end();
          return;
        }
        this.usageReports.push(JSON.parse(body));
        res.writeHead(204).end();
      });
      return;
    }
    res.writeHead(404).end();
  });

  /** Starts listening; resolves with the base URL of the `apps` plugin. */
  async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, resolve));
    const { port } = this.server.address() as AddressInfo;
    this.baseUrl = `http://localhost:${port}/api/apps`;
    return this.baseUrl;
  }

  /** Serves these credentials (and rate limits) as a new revision. */
  publish(
    credentials: SnapshotCredential[],
    rateLimits: AppRateLimits[] = [],
  ): void {
    this.revision += 1;
    this.snapshot = {
      revision: String(this.revision),
      credentials,
      rateLimits,
    };
  }

  snapshotRequests() {
    return this.requests.filter(
      r => r.url === '/api/apps/credentials/snapshot',
    );
  }

  /**
   * A discovery service for a test backend that finds the `apps` plugin on
   * this server (`startTestBackend`'s own discovery ignores the config).
   * Other plugins resolve to this server too, which does not know them.
   */
  discoveryFactory() {
    return createServiceFactory({
      service: coreServices.discovery,
      deps: {},
      factory: () => {
        const appsUrl = this.baseUrl;
        if (!appsUrl) throw new Error('FakeAppsServer is not started');
        const other = async (pluginId: string) =>
          `${appsUrl.replace(/\/api\/apps$/, '')}/api/${pluginId}`;
        const getBaseUrl = async (pluginId: string) =>
          pluginId === 'apps' ? appsUrl : other(pluginId);
        return { getBaseUrl, getExternalBaseUrl: getBaseUrl };
      },
    });
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}
