import { mockServices } from '@backstage/backend-test-utils';
import { FakeAppsServer } from './testUtils';
import { UsageRecorder } from './UsageRecorder';

describe('UsageRecorder', () => {
  let server: FakeAppsServer;
  let baseUrl: string;
  let time: number;
  let logger: ReturnType<typeof mockServices.logger.mock>;

  const createRecorder = (maxEntries?: number) =>
    new UsageRecorder({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth({ pluginId: 'audit' }),
      logger,
      maxEntries,
      now: () => time,
    });

  beforeEach(async () => {
    server = new FakeAppsServer();
    baseUrl = await server.start();
    time = Date.parse('2026-03-01T10:59:30Z');
    logger = mockServices.logger.mock();
  });

  afterEach(async () => {
    await server.stop();
  });

  it('counts per credential, hour and endpoint and sends the counts once', async () => {
    const usage = createRecorder();
    usage.record('cred-1', 'POST /api/audit/events', 'successful');
    usage.record('cred-1', 'POST /api/audit/events', 'successful');
    usage.record('cred-1', 'POST /api/audit/events', 'failed');
    usage.record('cred-1', 'POST /api/audit/events', 'rateLimited');
    usage.record('cred-2', 'POST /api/audit/events', 'successful');
    time += 60_000; // the next hour
    usage.record('cred-1', 'POST /api/audit/events', 'successful');

    await usage.flush();
    expect(server.usageReports).toHaveLength(1);
    expect(server.usageReports[0].entries).toEqual([
      {
        credentialId: 'cred-1',
        hour: '2026-03-01T10:00:00.000Z',
        endpoint: 'POST /api/audit/events',
        successful: 2,
        failed: 1,
        rateLimited: 1,
        lastUsedAt: '2026-03-01T10:59:30.000Z',
      },
      {
        credentialId: 'cred-2',
        hour: '2026-03-01T10:00:00.000Z',
        endpoint: 'POST /api/audit/events',
        successful: 1,
        failed: 0,
        rateLimited: 0,
        lastUsedAt: '2026-03-01T10:59:30.000Z',
      },
      {
        credentialId: 'cred-1',
        hour: '2026-03-01T11:00:00.000Z',
        endpoint: 'POST /api/audit/events',
        successful: 1,
        failed: 0,
        rateLimited: 0,
        lastUsedAt: '2026-03-01T11:00:30.000Z',
      },
    ]);
    const post = server.requests.find(r => r.url === '/api/apps/usage')!;
    expect(post.headers.authorization).toMatch(/^Bearer /);

    // Nothing new: nothing sent.
    await usage.flush();
    expect(server.usageReports).toHaveLength(1);
  });

  it('keeps the counts of a failed flush for the next one', async () => {
    const usage = createRecorder();
    usage.record('cred-1', 'GET /api/flags/flags', 'successful');
    server.failUsageWith = 503;
    await usage.flush();
    expect(server.usageReports).toHaveLength(0);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringMatching(/^Could not send app usage counts .* keeping 1/),
    );

    usage.record('cred-1', 'GET /api/flags/flags', 'failed');
    server.failUsageWith = undefined;
    await usage.flush();
    expect(server.usageReports).toEqual([
      {
        entries: [
          expect.objectContaining({
            credentialId: 'cred-1',
            successful: 1,
            failed: 1,
          }),
        ],
      },
    ]);
    expect(usage.pending()).toEqual([]);
  });

  it('keeps at most maxEntries counts, dropping with a warning', async () => {
    const usage = createRecorder(2);
    usage.record('cred-1', 'GET /a', 'successful');
    usage.record('cred-1', 'GET /b', 'successful');
    usage.record('cred-1', 'GET /c', 'successful');
    expect(usage.pending().map(e => e.endpoint)).toEqual(['GET /a', 'GET /b']);
    server.failUsageWith = 500;
    await usage.flush();
    expect(logger.warn).toHaveBeenCalledWith(
      'Dropped usage counts of 1 app calls: more than 2 unsent credential/hour/endpoint counts',
    );
    expect(usage.pending()).toHaveLength(2);
  });
});
