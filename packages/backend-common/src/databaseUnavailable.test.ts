import { createServer, Server, Socket } from 'node:net';
import {
  ExtendedHttpServer,
  rootHttpRouterServiceFactory,
} from '@backstage/backend-defaults/rootHttpRouter';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import {
  mockServices,
  ServiceFactoryTester,
  startTestBackend,
} from '@backstage/backend-test-utils';
import {
  ConflictError,
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Request, Response } from 'express';
import Router from 'express-promise-router';
import knexFactory, { Knex } from 'knex';
import request from 'supertest';
import {
  databaseUnavailableErrorHandler,
  isDatabaseUnavailableError,
} from './databaseUnavailable';
import { applyDefaultsWithEdgeHygiene } from './edgeHygieneRootHttpRouter';
import { portalHttpRouterServiceFactory } from './portalHttpRouter';

const ACQUIRE_TIMEOUT_MS = 1000;

// knex reports failed connection attempts through its logger; the tests
// look at the errors themselves.
const quietLog = {
  warn() {},
  error() {},
  debug() {},
  deprecate() {},
};

async function errorOf(work: () => Promise<unknown>): Promise<unknown> {
  return work().then(
    () => undefined,
    error => error,
  );
}

async function listening(server: Server): Promise<number> {
  await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (!address || typeof address === 'string') {
    throw new Error('no port');
  }
  return address.port;
}

/** A local port nothing listens on (it was free a moment ago). */
async function closedPort(): Promise<number> {
  const server = createServer();
  const port = await listening(server);
  await new Promise(resolve => server.close(resolve));
  return port;
}

/** A server that accepts connections and never says a word (a hung database). */
async function silentServer(): Promise<{
  port: number;
  close(): Promise<void>;
}> {
  const sockets: Socket[] = [];
  const server = createServer(socket => sockets.push(socket));
  const port = await listening(server);
  return {
    port,
    async close() {
      sockets.forEach(socket => socket.destroy());
      await new Promise(resolve => server.close(resolve));
    },
  };
}

function pgKnexAt(port: number): Knex {
  return knexFactory({
    client: 'pg',
    connection: {
      host: '127.0.0.1',
      port,
      user: 'postgres',
      database: 'none',
    },
    acquireConnectionTimeout: ACQUIRE_TIMEOUT_MS,
    log: quietLog,
  });
}

const databases = createPortalTestDatabases();
const onPostgres = databases.supports('POSTGRES_15');

describe('isDatabaseUnavailableError', () => {
  it('recognises the real error of a database nobody listens for (ECONNREFUSED)', async () => {
    const knex = pgKnexAt(await closedPort());
    try {
      const error = await errorOf(() => knex.raw('select 1'));
      expect(error).toMatchObject({ code: 'ECONNREFUSED' });
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      await knex.destroy();
    }
  });

  it('recognises the real error of a database that does not answer (KnexTimeoutError)', async () => {
    const silent = await silentServer();
    const knex = pgKnexAt(silent.port);
    try {
      const started = Date.now();
      const error = await errorOf(() => knex.raw('select 1'));
      expect(Date.now() - started).toBeLessThan(2 * ACQUIRE_TIMEOUT_MS);
      expect(error).toMatchObject({ name: 'KnexTimeoutError' });
      expect(isDatabaseUnavailableError(error)).toBe(true);
    } finally {
      // Closed first: knex waits for the connection attempt to end.
      await silent.close();
      await knex.destroy();
    }
  });

  (onPostgres ? describe : describe.skip)(
    onPostgres
      ? 'on PostgreSQL'
      : 'on PostgreSQL (skipped: BACKSTAGE_TEST_DATABASE_POSTGRES15_CONNECTION_STRING is not set)',
    () => {
      let db: Knex;

      beforeAll(async () => {
        db = await databases.init('POSTGRES_15');
        await db.schema.createTable('things', table => {
          table.integer('id').primary();
          table.string('name').unique();
          table.integer('value');
        });
        await db('things').insert({ id: 1, name: 'first', value: 0 });
      }, 30_000);

      it('recognises the real error of a session the server terminated', async () => {
        const victim = knexFactory({
          client: 'pg',
          connection: db.client.config.connection,
          pool: { min: 1, max: 1 },
          log: quietLog,
        });
        try {
          const [{ pid }] = (await victim.raw('select pg_backend_pid() as pid'))
            .rows;
          const sleeping = errorOf(() => victim.raw('select pg_sleep(30)'));
          const deadline = Date.now() + 10_000;
          for (;;) {
            const { rows } = await db.raw(
              `select 1 from pg_stat_activity where pid = ? and state = 'active' and query like '%pg_sleep(30)%'`,
              [pid],
            );
            if (rows.length > 0) break;
            if (Date.now() > deadline) throw new Error('pg_sleep never ran');
          }
          await db.raw('select pg_terminate_backend(?)', [pid]);
          const ended = await sleeping;
          // 57P01 admin_shutdown: "terminating connection due to administrator command".
          expect(ended).toMatchObject({ code: '57P01' });
          expect(isDatabaseUnavailableError(ended)).toBe(true);
        } finally {
          await victim.destroy();
        }
      }, 20_000);

      it('does not take query errors for an outage', async () => {
        const uniqueViolation = await errorOf(() =>
          db('things').insert({ id: 2, name: 'first', value: 0 }),
        );
        expect(uniqueViolation).toMatchObject({ code: '23505' });
        expect(isDatabaseUnavailableError(uniqueViolation)).toBe(false);

        const syntax = await errorOf(() => db.raw('selec 1'));
        expect(syntax).toMatchObject({ code: '42601' });
        expect(isDatabaseUnavailableError(syntax)).toBe(false);

        const division = await errorOf(() => db.raw('select 1/0'));
        expect(division).toMatchObject({ code: '22012' });
        expect(isDatabaseUnavailableError(division)).toBe(false);
      });

      it('does not take a serialization failure for an outage', async () => {
        const first = await db.transaction({
          isolationLevel: 'repeatable read',
        });
        try {
          await first('things').where({ id: 1 }).first();
          await db('things').where({ id: 1 }).update({ value: 2 });
          const serialization = await errorOf(() =>
            first('things').where({ id: 1 }).update({ value: 1 }),
          );
          expect(serialization).toMatchObject({ code: '40001' });
          expect(isDatabaseUnavailableError(serialization)).toBe(false);
        } finally {
          await first.rollback().catch(() => undefined);
        }
      });
    },
  );

  it('does not take SQLite errors for an outage', async () => {
    const lite = await databases.init('SQLITE_3');
    await lite.schema.createTable('things', table => {
      table.string('name').unique();
    });
    await lite('things').insert({ name: 'first' });
    const uniqueViolation = await errorOf(() =>
      lite('things').insert({ name: 'first' }),
    );
    expect(uniqueViolation).toMatchObject({
      code: expect.stringMatching(/^SQLITE_CONSTRAINT/),
    });
    expect(isDatabaseUnavailableError(uniqueViolation)).toBe(false);
    const syntax = await errorOf(() => lite.raw('selec 1'));
    expect(syntax).toBeInstanceOf(Error);
    expect(isDatabaseUnavailableError(syntax)).toBe(false);
  });

  it('knows the codes and messages of knex, pg and PostgreSQL', () => {
    for (const code of [
      'ECONNREFUSED',
      'ECONNRESET',
      'ETIMEDOUT',
      'EPIPE',
      'ENOTFOUND',
      'EAI_AGAIN',
      '08000',
      '08001',
      '08003',
      '08004',
      '08006',
      '57P01',
      '57P02',
      '57P03',
      '53300',
    ]) {
      expect([code, isDatabaseUnavailableError({ code })]).toEqual([
        code,
        true,
      ]);
    }
    for (const code of ['23505', '23503', '42601', '40001', '40P01', '22012']) {
      expect([code, isDatabaseUnavailableError({ code })]).toEqual([
        code,
        false,
      ]);
    }
    for (const message of [
      'Connection terminated unexpectedly',
      'Connection terminated due to connection timeout',
      'Client has encountered a connection error and is not queryable',
      'Knex: Timeout acquiring a connection. The pool is probably full. Are you missing a .transacting(trx) call?',
    ]) {
      expect(isDatabaseUnavailableError(new Error(message))).toBe(true);
    }
  });

  it('looks through causes a few levels deep, and aggregated errors', () => {
    const refused = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    const wrapped = new Error('outer', {
      cause: new Error('middle', { cause: refused }),
    });
    expect(isDatabaseUnavailableError(wrapped)).toBe(true);
    expect(
      isDatabaseUnavailableError(new AggregateError([refused], 'all failed')),
    ).toBe(true);
    let deep: Error = refused;
    for (let i = 0; i < 10; i++) {
      deep = new Error(`level ${i}`, { cause: deep });
    }
    expect(isDatabaseUnavailableError(deep)).toBe(false);
    const cyclic: { message: string; cause?: unknown } = { message: 'loop' };
    cyclic.cause = cyclic;
    expect(isDatabaseUnavailableError(cyclic)).toBe(false);
  });

  it("ignores Backstage's errors and other values", () => {
    expect(isDatabaseUnavailableError(new InputError('bad'))).toBe(false);
    expect(isDatabaseUnavailableError(new NotFoundError('gone'))).toBe(false);
    expect(isDatabaseUnavailableError(new ConflictError('taken'))).toBe(false);
    expect(isDatabaseUnavailableError(new Error('a bug'))).toBe(false);
    expect(isDatabaseUnavailableError(undefined)).toBe(false);
    expect(isDatabaseUnavailableError(null)).toBe(false);
    expect(isDatabaseUnavailableError('ECONNREFUSED')).toBe(false);
  });
});

describe('databaseUnavailableErrorHandler', () => {
  function responseMock(headersSent = false) {
    return {
      headersSent,
      setHeader: jest.fn(),
    } as unknown as Response & { setHeader: jest.Mock };
  }
  const req = { method: 'GET', originalUrl: '/api/things' } as Request;

  it('passes on a ServiceUnavailableError with the original as cause and sets Retry-After', () => {
    const logger = mockServices.logger.mock();
    const res = responseMock();
    const next = jest.fn();
    const original = Object.assign(new Error('connect ECONNREFUSED'), {
      code: 'ECONNREFUSED',
    });
    databaseUnavailableErrorHandler(logger)(original, req, res, next);
    expect(res.setHeader).toHaveBeenCalledWith('Retry-After', '5');
    expect(next).toHaveBeenCalledTimes(1);
    const converted = next.mock.calls[0][0];
    expect(converted).toBeInstanceOf(ServiceUnavailableError);
    expect(converted.message).toBe(
      'The database is not reachable; retry shortly',
    );
    expect(converted.cause).toBe(original);
    expect(logger.warn).toHaveBeenCalledWith(
      'Database unavailable for GET /api/things',
      original,
    );
  });

  it('passes other errors on unchanged', () => {
    const res = responseMock();
    const next = jest.fn();
    const bug = new Error('a bug');
    databaseUnavailableErrorHandler()(bug, req, res, next);
    expect(next).toHaveBeenCalledWith(bug);
    expect(res.setHeader).not.toHaveBeenCalled();
  });

  it('passes the original on once the headers are sent', () => {
    const res = responseMock(true);
    const next = jest.fn();
    const original = Object.assign(new Error('reset'), { code: 'ECONNRESET' });
    databaseUnavailableErrorHandler()(original, req, res, next);
    expect(next).toHaveBeenCalledWith(original);
    expect(res.setHeader).not.toHaveBeenCalled();
  });
});

describe('a database outage over HTTP', () => {
  let closedKnex: Knex;
  let silent: Awaited<ReturnType<typeof silentServer>>;
  let silentKnex: Knex;

  beforeAll(async () => {
    closedKnex = pgKnexAt(await closedPort());
    silent = await silentServer();
    silentKnex = pgKnexAt(silent.port);
  });

  afterAll(async () => {
    // Closed first: knex waits for the connection attempt to end.
    await silent.close();
    await silentKnex.destroy();
    await closedKnex.destroy();
  });

  function routes() {
    const router = Router();
    router.get('/refused', async (_req, res) => {
      res.json(await closedKnex.raw('select 1'));
    });
    router.get('/silent', async (_req, res) => {
      res.json(await silentKnex.raw('select 1'));
    });
    router.get('/bug', async () => {
      throw new Error('a bug');
    });
    router.get('/input', async () => {
      throw new InputError('bad input');
    });
    return router;
  }

  /** The parts of an answer that matter here, and whether it came in time. */
  async function answerOf(server: unknown, path: string) {
    const started = Date.now();
    const res = await request(server as ExtendedHttpServer).get(path);
    return {
      inTime: Date.now() - started < 2 * ACQUIRE_TIMEOUT_MS,
      status: res.status,
      retryAfter: res.headers['retry-after'],
      body: res.body,
    };
  }

  /** A 503 in Backstage's error shape, without the cause (it names the address). */
  function unavailable(url: string) {
    return {
      inTime: true,
      status: 503,
      retryAfter: '5',
      body: {
        error: {
          name: 'ServiceUnavailableError',
          message: 'The database is not reachable; retry shortly',
        },
        request: { method: 'GET', url },
        response: { statusCode: 503 },
      },
    };
  }

  describe("through Backstage's root router with applyDefaultsWithEdgeHygiene", () => {
    let server: ExtendedHttpServer;

    beforeAll(async () => {
      const factory = rootHttpRouterServiceFactory({
        configure(context) {
          server = context.server as ExtendedHttpServer;
          applyDefaultsWithEdgeHygiene(context);
        },
      });
      const tester = ServiceFactoryTester.from(factory, {
        dependencies: [
          mockServices.rootConfig.factory({
            data: { backend: { listen: { host: '127.0.0.1', port: 0 } } },
          }),
        ],
      });
      const rootRouter = await tester.getSubject();
      rootRouter.use('/api/things', routes());
    });

    afterAll(async () => {
      await server?.stop();
    });

    it('answers 503 with Retry-After when the database refuses connections', async () => {
      expect(await answerOf(server, '/api/things/refused')).toEqual(
        unavailable('/api/things/refused'),
      );
    });

    it('answers 503 with Retry-After, after the acquire timeout, when the database does not answer', async () => {
      expect(await answerOf(server, '/api/things/silent')).toEqual(
        unavailable('/api/things/silent'),
      );
    });

    it('still answers a bug with 500 and an InputError with 400', async () => {
      const bug = await request(server).get('/api/things/bug');
      expect(bug.status).toBe(500);
      expect(bug.headers['retry-after']).toBeUndefined();
      const input = await request(server).get('/api/things/input');
      expect(input.status).toBe(400);
      expect(input.body.error.name).toBe('InputError');
    });
  });

  describe("through a plugin's router (portalHttpRouterServiceFactory)", () => {
    it('answers 503 with Retry-After, a bug with 500, an InputError with 400', async () => {
      const plugin = createBackendPlugin({
        pluginId: 'things',
        register(reg) {
          reg.registerInit({
            deps: { httpRouter: coreServices.httpRouter },
            async init({ httpRouter }) {
              httpRouter.use(routes());
              httpRouter.addAuthPolicy({ path: '/', allow: 'unauthenticated' });
            },
          });
        },
      });
      const { server } = await startTestBackend({
        features: [portalHttpRouterServiceFactory, plugin],
      });
      // Rendered inside the plugin's router: the URL is relative to it.
      expect(await answerOf(server, '/api/things/refused')).toEqual(
        unavailable('/refused'),
      );
      expect(await answerOf(server, '/api/things/silent')).toEqual(
        unavailable('/silent'),
      );
      expect((await request(server).get('/api/things/bug')).status).toBe(500);
      expect((await request(server).get('/api/things/input')).status).toBe(400);
    });
  });
});
