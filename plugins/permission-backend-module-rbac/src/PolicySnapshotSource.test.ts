import { createServer, IncomingHttpHeaders, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { PolicySnapshot } from '@controlplane/plugin-rbac-common';
import { PolicySnapshotSource } from './PolicySnapshotSource';

// A local HTTP server stands in for the rbac plugin's snapshot endpoint.

const revision = (n: number): PolicySnapshot => ({
  revision: n,
  roles: [{ name: `role-${n}`, grants: ['*'], members: ['user:default/a'] }],
});

class FakeRbacServer {
  snapshot = revision(1);
  requests: IncomingHttpHeaders[] = [];
  private readonly server: Server = createServer((req, res) => {
    this.requests.push(req.headers);
    const etag = `"${this.snapshot.revision}"`;
    if (req.url !== '/api/rbac/policy/snapshot') {
      res.writeHead(404).end();
    } else if (req.headers['if-none-match'] === etag) {
      res.writeHead(304, { etag }).end();
    } else {
      res
        .writeHead(200, { etag, 'content-type': 'application/json' })
        .end(JSON.stringify(this.snapshot));
    }
  });

  async start(): Promise<string> {
    await new Promise<void>(resolve => this.server.listen(0, resolve));
    const { port } = this.server.address() as AddressInfo;
    return `http://localhost:${port}/api/rbac`;
  }

  async stop() {
    this.server.closeAllConnections();
    await new Promise(resolve => this.server.close(resolve));
  }
}

describe('PolicySnapshotSource', () => {
  let server: FakeRbacServer;
  let time: number;
  let logger: ReturnType<typeof mockServices.logger.mock>;
  let source: PolicySnapshotSource;

  beforeEach(async () => {
    server = new FakeRbacServer();
    const baseUrl = await server.start();
    time = 1_000_000;
    logger = mockServices.logger.mock();
    source = new PolicySnapshotSource({
      discovery: {
        getBaseUrl: async () => baseUrl,
        getExternalBaseUrl: async () => baseUrl,
      },
      auth: mockServices.auth({ pluginId: 'permission' }),
      logger,
      refreshIntervalMs: 2000,
      maxStaleMs: 60000,
      now: () => time,
    });
  });

  afterEach(async () => {
    await server.stop().catch(() => {});
  });

  it('fetches the snapshot with a service token for the rbac plugin', async () => {
    await expect(source.getSnapshot()).resolves.toEqual(revision(1));
    expect(server.requests).toHaveLength(1);
    expect(server.requests[0].authorization).toBe(
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('plugin:permission'),
        targetPluginId: 'rbac',
      }),
    );
    expect(server.requests[0]['if-none-match']).toBeUndefined();
  });

  it('does not ask again within the refresh interval', async () => {
    await source.getSnapshot();
    time += 1999;
    server.snapshot = revision(2);
    await expect(source.getSnapshot()).resolves.toEqual(revision(1));
    expect(server.requests).toHaveLength(1);
  });

  it('revalidates with If-None-Match after the interval and keeps the snapshot on 304', async () => {
    const first = await source.getSnapshot();
    time += 2000;
    await expect(source.getSnapshot()).resolves.toBe(first);
    expect(server.requests).toHaveLength(2);
    expect(server.requests[1]['if-none-match']).toBe('"1"');
  });

  it('picks up a new revision after the interval', async () => {
    await source.getSnapshot();
    server.snapshot = revision(2);
    time += 2000;
    await expect(source.getSnapshot()).resolves.toEqual(revision(2));
    time += 2000;
    await source.getSnapshot();
    expect(server.requests[2]['if-none-match']).toBe('"2"');
  });

  it('makes one request for many concurrent callers', async () => {
    const snapshots = await Promise.all(
      Array.from({ length: 20 }, () => source.getSnapshot()),
    );
    expect(new Set(snapshots.map(s => s.revision))).toEqual(new Set([1]));
    expect(server.requests).toHaveLength(1);

    time += 2000;
    await Promise.all(Array.from({ length: 20 }, () => source.getSnapshot()));
    expect(server.requests).toHaveLength(2);
  });

  it('throws when the rbac plugin cannot be reached and there is no snapshot', async () => {
    await server.stop();
    await expect(source.getSnapshot()).rejects.toThrow(
      /No RBAC policy snapshot/,
    );
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('denying every permission'),
    );
  });

  it('throws on a malformed snapshot', async () => {
    server.snapshot = { revision: 1, roles: [{ name: 'x' }] } as any;
    await expect(source.getSnapshot()).rejects.toThrow(/malformed snapshot/);
  });

  it('keeps serving a fresh-enough snapshot while the rbac plugin is down', async () => {
    await source.getSnapshot();
    await server.stop();
    time += 60000;
    await expect(source.getSnapshot()).resolves.toEqual(revision(1));
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('still using revision 1'),
    );
  });

  it('throws once the snapshot is older than maxStaleMs', async () => {
    await source.getSnapshot();
    await server.stop();
    time += 60001;
    await expect(source.getSnapshot()).rejects.toThrow(/60001 ms old/);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('denying every permission'),
    );
  });
});
