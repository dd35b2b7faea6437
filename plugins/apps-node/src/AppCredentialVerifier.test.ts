import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { eventually } from '@controlplane/test-utils';
import {
  AppCredentialRejectedError,
  AppCredentialVerifier,
  CredentialSnapshotUnavailableError,
} from './AppCredentialVerifier';
import { hashSecret } from './secretHash';
import {
  createTestCredential,
  FakeAppsServer,
  randomClientId,
  randomSecret,
  TEST_SECRET_HASH_KEY,
} from './testUtils';

const key = Buffer.from(TEST_SECRET_HASH_KEY, 'utf8');
const iso = (time: number) => new Date(time).toISOString();

describe('AppCredentialVerifier', () => {
  let server: FakeAppsServer;
  let baseUrl: string;
  let time: number;
  let verifier: AppCredentialVerifier;

  const createVerifier = (overrides: { maxStaleMs?: number } = {}) =>
    new AppCredentialVerifier({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth({ pluginId: 'audit' }),
      logger: mockServices.logger.mock(),
      secretHashKey: key,
      refreshIntervalMs: 2000,
      maxStaleMs: overrides.maxStaleMs ?? 30000,
      backgroundRefresh: false,
      now: () => time,
      sleep: async ms => {
        time += ms;
      },
    });

  beforeEach(async () => {
    server = new FakeAppsServer();
    baseUrl = await server.start();
    time = Date.parse('2026-01-01T00:00:00Z');
    verifier = createVerifier();
  });

  afterEach(async () => {
    verifier.stop();
    await server.stop();
  });

  const rejection = async (token: string) => {
    const error = await verifier.verify(token).then(
      () => undefined,
      (e: Error) => e,
    );
    expect(error).toBeInstanceOf(AppCredentialRejectedError);
    expect(error?.name).toBe('AuthenticationError');
    return error as AppCredentialRejectedError;
  };

  it('verifies a token into the app principal, fetching the snapshot as a service', async () => {
    const billing = createTestCredential({
      appName: 'billing-sync',
      scopes: ['audit:write'],
      tenants: ['acme'],
    });
    server.publish([billing.credential]);

    await expect(verifier.verify(billing.token)).resolves.toEqual({
      type: 'app',
      appId: billing.credential.appId,
      appName: 'billing-sync',
      credentialId: billing.credential.credentialId,
      clientId: billing.credential.clientId,
      scopes: ['audit:write'],
      tenants: ['acme'],
    });
    const [fetch] = server.snapshotRequests();
    expect(fetch.headers.authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:audit'),
        targetPluginId: 'apps',
      }),
    );
  });

  it('refuses malformed tokens, unknown client ids and wrong secrets', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);

    for (const token of [
      'cp_test_short.secret',
      `${billing.credential.clientId}.too-short`,
      `${billing.credential.clientId}:${billing.secret}`,
    ]) {
      expect((await rejection(token)).message).toMatch(
        /^Malformed app credential: send Authorization: Bearer <clientId>\.<secret>/,
      );
    }
    const unknown = randomClientId();
    expect((await rejection(`${unknown}.${billing.secret}`)).message).toBe(
      `Unknown client id ${unknown}`,
    );
    const wrong = await rejection(
      `${billing.credential.clientId}.${randomSecret()}`,
    );
    expect(wrong.message).toBe(
      `Wrong secret for client id ${billing.credential.clientId}`,
    );
    // Counts in that credential's usage.
    expect(wrong.credentialId).toBe(billing.credential.credentialId);
  });

  it('knows a credential issued after its snapshot at once, and reads the snapshot at most every 250 ms for unknown ids', async () => {
    const first = createTestCredential();
    server.publish([first.credential]);
    await verifier.verify(first.token);
    const reads = () => server.snapshotRequests().length;
    expect(reads()).toBe(1);

    // Issued a moment later, well within the 2 s refresh interval.
    time += 300;
    const issued = createTestCredential();
    server.publish([first.credential, issued.credential]);
    await expect(verifier.verify(issued.token)).resolves.toMatchObject({
      credentialId: issued.credential.credentialId,
    });
    expect(reads()).toBe(2);

    // Issued 100 ms after that read: its first call waits for the next
    // allowed read instead of being refused.
    time += 100;
    const soon = createTestCredential();
    server.publish([first.credential, issued.credential, soon.credential]);
    const startedAt = time;
    await expect(verifier.verify(soon.token)).resolves.toMatchObject({
      credentialId: soon.credential.credentialId,
    });
    expect(reads()).toBe(3);
    expect(time - startedAt).toBe(150);

    // Made-up ids arriving together share one read.
    await Promise.all(
      Array.from({ length: 20 }, () =>
        rejection(`${randomClientId()}.${randomSecret()}`),
      ),
    );
    expect(reads()).toBe(4);
    // One after the other, each waits for its own read: never more than
    // one read per 250 ms.
    const from = time;
    for (let i = 0; i < 8; i++) {
      await rejection(`${randomClientId()}.${randomSecret()}`);
    }
    expect(reads()).toBe(12);
    expect(time - from).toBeGreaterThanOrEqual(8 * 250);
  });

  it('refuses expired, revoked and disabled credentials with the reason', async () => {
    const expired = createTestCredential({ expiresAt: iso(time - 1000) });
    const later = createTestCredential({ expiresAt: iso(time + 60_000) });
    const revoked = createTestCredential({ refused: 'revoked' });
    const disabled = createTestCredential({
      appName: 'billing-sync',
      refused: 'app-disabled',
    });
    server.publish([
      expired.credential,
      later.credential,
      revoked.credential,
      disabled.credential,
    ]);

    expect((await rejection(expired.token)).message).toBe(
      `This credential expired at ${iso(time - 1000)}`,
    );
    expect((await rejection(revoked.token)).message).toBe(
      'This credential was revoked',
    );
    expect((await rejection(disabled.token)).message).toBe(
      'The app billing-sync is disabled',
    );
    await expect(verifier.verify(later.token)).resolves.toMatchObject({
      credentialId: later.credential.credentialId,
    });
    // Expiry counts even for a token verified a moment ago (cached).
    time += 60_000;
    expect((await rejection(later.token)).message).toBe(
      `This credential expired at ${iso(time)}`,
    );
  });

  it('accepts the old and the new secret during a rotation grace, then only the new', async () => {
    const rotated = createTestCredential();
    const newSecret = randomSecret();
    const graceEnds = iso(time + 3000);
    rotated.credential.secretHashes = [
      { hash: hashSecret(key, newSecret) },
      { hash: hashSecret(key, rotated.secret), validUntil: graceEnds },
    ];
    server.publish([rotated.credential]);
    const newToken = `${rotated.credential.clientId}.${newSecret}`;

    await expect(verifier.verify(rotated.token)).resolves.toBeDefined();
    await expect(verifier.verify(newToken)).resolves.toBeDefined();

    time += 3000;
    expect((await rejection(rotated.token)).message).toBe(
      `This secret was replaced by a rotation and stopped working at ${graceEnds}; use the new secret`,
    );
    await expect(verifier.verify(newToken)).resolves.toBeDefined();
  });

  it('applies a revocation from a new revision at the next refresh', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    await expect(verifier.verify(billing.token)).resolves.toBeDefined();

    server.publish([{ ...billing.credential, refused: 'revoked' }]);
    // Within the refresh interval the cached snapshot and result still hold.
    time += 1999;
    await expect(verifier.verify(billing.token)).resolves.toBeDefined();
    expect(server.snapshotRequests()).toHaveLength(1);

    time += 1;
    expect((await rejection(billing.token)).message).toBe(
      'This credential was revoked',
    );
    expect(server.snapshotRequests()).toHaveLength(2);
  });

  it('revalidates with If-None-Match and keeps the snapshot on 304', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    const first = await verifier.getSnapshot();
    time += 2000;
    await expect(verifier.getSnapshot()).resolves.toBe(first);
    const requests = server.snapshotRequests();
    expect(requests).toHaveLength(2);
    expect(requests[0].headers['if-none-match']).toBeUndefined();
    expect(requests[1].headers['if-none-match']).toBe(`"${first.revision}"`);
  });

  it('makes one request for many concurrent callers', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    await Promise.all(
      Array.from({ length: 20 }, () => verifier.verify(billing.token)),
    );
    expect(server.snapshotRequests()).toHaveLength(1);
  });

  it('fails closed when it never got a snapshot', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    server.failWith = 503;
    const error = await verifier.verify(billing.token).catch(e => e);
    expect(error).toBeInstanceOf(CredentialSnapshotUnavailableError);
    expect(error.message).toMatch(
      /no credential snapshot from the apps plugin yet: Error: GET \/credentials\/snapshot answered 503/,
    );
  });

  it('keeps the last snapshot while the apps plugin is down, up to maxStaleMs', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    await verifier.verify(billing.token);
    server.failWith = 503;

    time += 30_000;
    await expect(verifier.verify(billing.token)).resolves.toBeDefined();
    time += 1;
    await expect(verifier.verify(billing.token)).rejects.toThrow(
      /the credential snapshot is 30001 ms old, more than apps.verifier.maxStaleMs \(30000\)/,
    );

    // Back: accepted again.
    server.failWith = undefined;
    time += 2000;
    await expect(verifier.verify(billing.token)).resolves.toBeDefined();
  });

  it('revalidates in the background once an app has called', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    const background = new AppCredentialVerifier({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth({ pluginId: 'audit' }),
      logger: mockServices.logger.mock(),
      secretHashKey: key,
      refreshIntervalMs: 50,
      maxStaleMs: 30000,
    });
    try {
      // No snapshot is fetched before an app calls.
      expect(server.snapshotRequests()).toHaveLength(0);
      await expect(background.verify(billing.token)).resolves.toBeDefined();
      server.publish([{ ...billing.credential, refused: 'revoked' }]);
      // The timer fetches the new revision without any call waiting for it.
      await eventually(async () => {
        expect(server.snapshotRequests().length).toBeGreaterThan(1);
        await expect(background.verify(billing.token)).rejects.toThrow(
          'This credential was revoked',
        );
      }, 5000);
    } finally {
      background.stop();
    }
  });

  it('refuses app tokens with a clear error when no secret key is configured', async () => {
    const billing = createTestCredential();
    server.publish([billing.credential]);
    const unconfigured = AppCredentialVerifier.fromConfig(
      new ConfigReader({}),
      {
        discovery: {
          getBaseUrl: async () => baseUrl,
          getExternalBaseUrl: async () => baseUrl,
        },
        auth: mockServices.auth({ pluginId: 'audit' }),
        logger: mockServices.logger.mock(),
      },
    );
    try {
      await expect(unconfigured.verify(billing.token)).rejects.toThrow(
        /App credentials cannot be checked on this portal: apps.secretHashKey is not set/,
      );
    } finally {
      unconfigured.stop();
    }
  });
});
