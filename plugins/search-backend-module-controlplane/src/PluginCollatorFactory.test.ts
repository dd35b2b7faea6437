import { AddressInfo } from 'node:net';
import { Server } from 'node:http';
import { mockServices } from '@backstage/backend-test-utils';
import { createPermission } from '@backstage/plugin-permission-common';
import { IndexableDocument } from '@backstage/plugin-search-common';
import express from 'express';
import {
  PluginCollatorFactory,
  PluginCollatorSource,
} from './PluginCollatorFactory';

type Item = { id: string };
type Request = { path: string; query: Record<string, unknown>; auth?: string };

const readPermission = createPermission({
  name: 'widgets.widget.read',
  attributes: { action: 'read' },
});

const source = (
  extra: Partial<PluginCollatorSource<Item, IndexableDocument>> = {},
): PluginCollatorSource<Item, IndexableDocument> => ({
  type: 'widget',
  pluginId: 'widgets',
  path: '/widgets',
  paged: true,
  visibilityPermission: readPermission,
  toDocument: item => ({
    title: `Widget ${item.id}`,
    text: '',
    location: `/widgets/${item.id}`,
  }),
  ...extra,
});

/** Reads every document a collator yields (rejects when it fails). */
async function collate(
  factory: PluginCollatorFactory<Item, IndexableDocument>,
) {
  const documents: IndexableDocument[] = [];
  for await (const document of await factory.getCollator()) {
    documents.push(document);
  }
  return documents;
}

/**
 * The collator against a fake plugin over HTTP: what it asks, with which
 * credentials, and what it does with pages, errors and a missing plugin.
 */
describe('PluginCollatorFactory', () => {
  let server: Server;
  let baseUrl: string;
  let requests: Request[];
  let answer: (req: express.Request, res: express.Response) => void;

  beforeAll(async () => {
    const app = express();
    app.get('/api/widgets/*', (req, res) => {
      requests.push({
        path: req.path,
        query: req.query,
        auth: req.headers.authorization,
      });
      answer(req, res);
    });
    server = app.listen(0);
    await new Promise(resolve => server.once('listening', resolve));
    baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise(resolve => server.close(resolve));
  });
  beforeEach(() => {
    requests = [];
  });

  const deps = () => {
    const logger = mockServices.logger.mock();
    return {
      logger,
      auth: mockServices.auth({ pluginId: 'search' }),
      discovery: mockServices.discovery.mock({
        getBaseUrl: async pluginId => `${baseUrl}/api/${pluginId}`,
      }),
    };
  };

  it('pages through the list with the cursors the plugin answers, as the search backend itself', async () => {
    // Three pages: a, b | c, d | e.
    const ids = ['a', 'b', 'c', 'd', 'e'];
    answer = (req, res) => {
      const start = req.query.cursor ? Number(req.query.cursor) : 0;
      const end = Math.min(start + 2, ids.length);
      res.json({
        items: ids.slice(start, end).map(id => ({ id })),
        ...(end < ids.length ? { nextCursor: String(end) } : {}),
      });
    };
    const factory = new PluginCollatorFactory(
      source({ query: { status: 'open,closed' } }),
      deps(),
    );
    expect(factory.type).toBe('widget');
    expect(factory.visibilityPermission).toBe(readPermission);

    const documents = await collate(factory);
    expect(documents.map(d => d.title)).toEqual([
      'Widget a',
      'Widget b',
      'Widget c',
      'Widget d',
      'Widget e',
    ]);
    expect(requests.map(r => r.query)).toEqual([
      { status: 'open,closed', limit: '200' },
      { status: 'open,closed', limit: '200', cursor: '2' },
      { status: 'open,closed', limit: '200', cursor: '4' },
    ]);
    // A service token of the search plugin for the widgets plugin.
    const token = JSON.parse(
      requests[0].auth!.replace(/^Bearer mock-service-token:/, ''),
    );
    expect(token).toMatchObject({ sub: 'plugin:search', target: 'widgets' });
  });

  it('asks a route without pages once, without a limit', async () => {
    answer = (_req, res) => {
      res.json({ items: [{ id: 'x' }], nextCursor: 'ignored' });
    };
    const documents = await collate(
      new PluginCollatorFactory(source({ paged: false }), deps()),
    );
    expect(documents).toHaveLength(1);
    expect(requests).toEqual([
      expect.objectContaining({ path: '/api/widgets/widgets', query: {} }),
    ]);
  });

  it('fails the collation when the plugin answers an error, so the index keeps what it had', async () => {
    let calls = 0;
    answer = (_req, res) => {
      calls += 1;
      if (calls === 1) {
        res.json({ items: [{ id: 'a' }], nextCursor: 'next' });
      } else {
        res.status(500).json({ error: { name: 'Error', message: 'boom' } });
      }
    };
    await expect(
      collate(new PluginCollatorFactory(source(), deps())),
    ).rejects.toThrow(
      'GET /api/widgets/widgets?limit=200&cursor=next answered 500',
    );
  });

  it('fails the collation on an answer without items', async () => {
    answer = (_req, res) => {
      res.json({ widgets: [] });
    };
    await expect(
      collate(new PluginCollatorFactory(source(), deps())),
    ).rejects.toThrow('answered no items');
  });

  it('yields nothing for a plugin that is not installed, and warns once', async () => {
    const missing = source({ pluginId: 'gadgets', path: '/gadgets' });
    const { logger, ...rest } = deps();
    const factory = new PluginCollatorFactory(missing, { logger, ...rest });
    // Nothing serves /api/gadgets: the fake backend answers 404.
    expect(await collate(factory)).toEqual([]);
    expect(await collate(factory)).toEqual([]);
    expect(logger.warn).toHaveBeenCalledTimes(1);
    expect(logger.warn).toHaveBeenCalledWith(
      expect.stringContaining('the gadgets plugin answers 404 on /gadgets'),
    );
  });

  it('fails when the plugin cannot be reached', async () => {
    const unreachable = deps();
    unreachable.discovery.getBaseUrl.mockResolvedValue(
      'http://127.0.0.1:1/api/widgets',
    );
    await expect(
      collate(new PluginCollatorFactory(source(), unreachable)),
    ).rejects.toThrow();
  });
});
