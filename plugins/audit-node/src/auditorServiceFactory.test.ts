import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
  RootLoggerService,
  ServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { InputError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import {
  attachAppPrincipal,
  attachTenantUserPrincipal,
} from '@controlplane/backend-common';
import express from 'express';
import request from 'supertest';
import { AuditEventWriter, auditTrailServiceRef } from './auditTrail';
import { auditorServiceFactory } from './auditorServiceFactory';
import { auditTrailServiceFactory } from './auditTrailServiceFactory';

interface LogEntry {
  level: string;
  message: string;
  fields: JsonObject;
  meta?: unknown;
}

/** A root logger that keeps every entry with the fields of its children. */
class CaptureLogger implements RootLoggerService {
  constructor(
    readonly entries: LogEntry[] = [],
    readonly fields: JsonObject = {},
  ) {}
  child(meta: JsonObject) {
    return new CaptureLogger(this.entries, { ...this.fields, ...meta });
  }
  #push(level: string, message: string, meta?: unknown) {
    this.entries.push({ level, message, fields: this.fields, meta });
  }
  error(message: string, meta?: Error | JsonObject) {
    this.#push('error', message, meta);
  }
  warn(message: string, meta?: Error | JsonObject) {
    this.#push('warn', message, meta);
  }
  info(message: string, meta?: Error | JsonObject) {
    this.#push('info', message, meta);
  }
  debug(message: string, meta?: Error | JsonObject) {
    this.#push('debug', message, meta);
  }
  auditEntries() {
    return this.entries.filter(entry => entry.fields.isAuditEvent);
  }
  trailWarnings() {
    return this.entries.filter(
      entry => entry.level === 'warn' && entry.fields.service === 'audit-trail',
    );
  }
}

/** Express 4 does not pass the rejections of async handlers on. */
function handle(
  fn: (req: express.Request, res: express.Response) => Promise<void>,
): express.RequestHandler {
  return (req, res, next) => {
    fn(req, res).catch(next);
  };
}

function rootLoggerFactory(logger: CaptureLogger) {
  return createServiceFactory({
    service: coreServices.rootLogger,
    deps: {},
    factory: () => logger,
  });
}

/** A writer standing in for the audit store. */
function fakeWriter() {
  const events: AuditEventInput[] = [];
  const writer: AuditEventWriter & { events: AuditEventInput[] } = {
    events,
    write: jest.fn(async (batch: AuditEventInput[]) => {
      events.push(...batch);
    }),
  };
  return writer;
}

/** Stands in for the audit backend: attaches the writer in its init. */
function fakeAuditPlugin(options: {
  writer?: AuditEventWriter;
  attachAfterMs?: number;
  onAttach?: () => void;
}) {
  return createBackendPlugin({
    pluginId: 'audit',
    register(env) {
      env.registerInit({
        deps: { trail: auditTrailServiceRef },
        async init({ trail }) {
          if (!options.writer) {
            return;
          }
          if (options.attachAfterMs) {
            await new Promise(r => setTimeout(r, options.attachAfterMs));
          }
          options.onAttach?.();
          trail.attachWriter(options.writer);
        },
      });
    },
  });
}

/**
 * Like one of our domain plugins (rbac): a write audited as one event,
 * which fails when asked to, and a read audited as `low`.
 */
const widgetsPlugin = createBackendPlugin({
  pluginId: 'widgets',
  register(env) {
    env.registerInit({
      deps: {
        auditor: coreServices.auditor,
        httpRouter: coreServices.httpRouter,
      },
      async init({ auditor, httpRouter }) {
        const router = express.Router();
        router.use(express.json());
        router.put(
          '/widgets/:id',
          handle(async (req, res) => {
            const meta = {
              tenant: 'acme',
              resourceType: 'widget',
              resourceId: req.params.id,
              before: null,
            };
            const event = await auditor.createEvent({
              eventId: 'widget-update',
              severityLevel: 'high',
              meta,
              request: req,
            });
            try {
              if (req.body.fail) {
                throw new InputError(`Widget ${req.params.id} is broken`);
              }
              await event.success({ meta: { ...meta, after: req.body } });
              res.json({ ok: true });
            } catch (error) {
              await event.fail({ meta, error: error as Error });
              throw error;
            }
          }),
        );
        router.get('/widgets', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'widget-fetch',
            request: req,
          });
          await event.success();
          res.json({ items: [] });
        });
        router.post('/public/ping', async (req, res) => {
          const event = await auditor.createEvent({
            eventId: 'ping',
            severityLevel: 'medium',
            request: req,
          });
          await event.success();
          res.json({ ok: true });
        });
        // Stands in for apps-node: the app's credential was verified by the
        // plugin, which attached the app to the request.
        router.post(
          '/public/app-ping',
          (req, _res, next) => {
            attachAppPrincipal(req, {
              type: 'app',
              appId: 'app-1',
              appName: 'billing-sync',
              credentialId: 'cred-1',
              clientId: 'cp_test_abcdefghijklmnop',
              scopes: ['audit:write'],
              tenants: ['acme'],
            });
            next();
          },
          handle(async (req, res) => {
            const event = await auditor.createEvent({
              eventId: 'app-ping',
              severityLevel: 'medium',
              meta: { tenant: 'acme' },
              request: req,
            });
            await event.success();
            res.json({ ok: true });
          }),
        );
        // Stands in for the tenants plugin's sign-in: it found the tenant
        // user the request names (a token Backstage does not know).
        router.post('/public/tenant-signin', async (req, res) => {
          attachTenantUserPrincipal(req, {
            type: 'tenant-user',
            tenant: 'acme',
            userId: 'u-1',
          });
          const event = await auditor.createEvent({
            eventId: 'signin',
            severityLevel: 'medium',
            meta: { tenant: 'acme' },
            request: req,
          });
          await event.success();
          res.json({ ok: true });
        });
        httpRouter.addAuthPolicy({
          path: '/public',
          allow: 'unauthenticated',
        });
        httpRouter.use(router);
      },
    });
  },
});

/**
 * Like Backstage's catalog: `actionType` in the meta, and an event emitted
 * by the plugin itself (no request) during init.
 */
function gadgetsPlugin(options: { onSeeded?: () => void } = {}) {
  return createBackendPlugin({
    pluginId: 'gadgets',
    register(env) {
      env.registerInit({
        deps: {
          auditor: coreServices.auditor,
          httpRouter: coreServices.httpRouter,
        },
        async init({ auditor, httpRouter }) {
          const seed = await auditor.createEvent({
            eventId: 'gadget-seed',
            severityLevel: 'critical',
            meta: { count: 3 },
          });
          await seed.success();
          options.onSeeded?.();

          const router = express.Router();
          router.delete('/gadgets/:id', async (req, res) => {
            const event = await auditor.createEvent({
              eventId: 'gadget-mutate',
              severityLevel: 'medium',
              meta: { actionType: 'delete', gadget: req.params.id },
              request: req,
            });
            await event.success();
            res.status(204).end();
          });
          router.post('/rename', async (req, res) => {
            const event = await auditor.createEvent({
              eventId: 'gadget-rename',
              severityLevel: 'high',
              meta: { action: 'gadgets.renamed', resourceId: 'g1' },
              request: req,
            });
            await event.success();
            res.status(204).end();
          });
          httpRouter.use(router);
        },
      });
    },
  });
}

async function start(options: {
  writer?: AuditEventWriter;
  attachAfterMs?: number;
  onAttach?: () => void;
  onSeeded?: () => void;
  auditInstalled?: boolean;
  config?: JsonObject;
  logger?: CaptureLogger;
  auditor?: ServiceFactory;
}) {
  const logger = options.logger ?? new CaptureLogger();
  const { server } = await startTestBackend({
    features: [
      rootLoggerFactory(logger),
      mockServices.rootConfig.factory({ data: options.config ?? {} }),
      auditTrailServiceFactory,
      options.auditor ?? auditorServiceFactory,
      ...(options.auditInstalled === false ? [] : [fakeAuditPlugin(options)]),
      widgetsPlugin,
      gadgetsPlugin(options),
    ],
  });
  return { server, logger };
}

const ada = mockCredentials.user.header('user:default/ada');

describe('auditorServiceFactory', () => {
  it('records one event per write with the user and the request', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });

    await request(server)
      .put('/api/widgets/widgets/w1')
      .set('authorization', ada)
      .set('user-agent', 'jest-agent')
      .set('x-request-id', 'req-123')
      .send({ colour: 'blue' })
      .expect(200);

    const widgetEvents = writer.events.filter(
      e => e.source === 'plugin:widgets',
    );
    expect(widgetEvents).toEqual([
      {
        source: 'plugin:widgets',
        eventId: expect.any(String),
        timestamp: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/),
        actorId: 'user:default/ada',
        actorType: 'user',
        action: 'widgets.widget-update',
        tenant: 'acme',
        resourceType: 'widget',
        resourceId: 'w1',
        outcome: 'success',
        severity: 'high',
        metadata: {
          tenant: 'acme',
          resourceType: 'widget',
          resourceId: 'w1',
          before: null,
          after: { colour: 'blue' },
        },
        ip: expect.stringMatching(/127\.0\.0\.1|::1/),
        userAgent: 'jest-agent',
        requestId: 'req-123',
      },
    ]);
  });

  it('records a service caller as the system, and actionType in the action', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });

    await request(server)
      .delete('/api/gadgets/gadgets/g7')
      .set('authorization', mockCredentials.service.header())
      .expect(204);
    await request(server)
      .post('/api/gadgets/rename')
      .set('authorization', ada)
      .expect(204);

    const requestEvents = writer.events.filter(e => e.requestId);
    expect(requestEvents).toEqual([
      expect.objectContaining({
        source: 'plugin:gadgets',
        action: 'gadgets.gadget-mutate.delete',
        actorId: 'external:test-service',
        actorType: 'system',
        severity: 'medium',
        metadata: { actionType: 'delete', gadget: 'g7' },
        requestId: expect.stringMatching(/^[0-9a-f-]{36}$/),
      }),
      expect.objectContaining({
        action: 'gadgets.renamed',
        actorId: 'user:default/ada',
        resourceId: 'g1',
      }),
    ]);
    // Each event has its own id, for an idempotent store.
    expect(new Set(writer.events.map(e => e.eventId)).size).toBe(
      writer.events.length,
    );
  });

  it('records an event without a request as the plugin itself', async () => {
    const writer = fakeWriter();
    await start({ writer });
    expect(writer.events).toEqual([
      expect.objectContaining({
        source: 'plugin:gadgets',
        action: 'gadgets.gadget-seed',
        actorId: 'plugin:gadgets',
        actorType: 'system',
        severity: 'critical',
        metadata: { count: 3 },
      }),
    ]);
    expect(writer.events[0].requestId).toBeUndefined();
    expect(writer.events[0].ip).toBeUndefined();
  });

  it('records an unauthenticated caller as anonymous', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });
    await request(server)
      .post('/api/widgets/public/ping')
      .set('authorization', mockCredentials.none.header())
      .expect(200);
    expect(writer.events.at(-1)).toMatchObject({
      action: 'widgets.ping',
      actorId: 'anonymous',
      actorType: 'user',
    });
  });

  it('records an app as app:<name> with its client id, never its secret', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });
    const secret = 'S'.repeat(43);
    // The bearer token is an app credential, which Backstage cannot parse.
    await request(server)
      .post('/api/widgets/public/app-ping')
      .set('authorization', `Bearer cp_test_abcdefghijklmnop.${secret}`)
      .expect(200);
    const event = writer.events.at(-1)!;
    expect(event).toMatchObject({
      action: 'widgets.app-ping',
      actorId: 'app:billing-sync',
      actorType: 'app',
      tenant: 'acme',
      metadata: {
        tenant: 'acme',
        appCredential: {
          appId: 'app-1',
          credentialId: 'cred-1',
          clientId: 'cp_test_abcdefghijklmnop',
        },
      },
    });
    expect(JSON.stringify(event)).not.toContain(secret);
  });

  it('names the tenant user a sign-in identified, even with a token Backstage does not know', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });
    await request(server)
      .post('/api/widgets/public/tenant-signin')
      .set('authorization', 'Bearer eyJ.not-a-backstage.token')
      .expect(200);
    expect(writer.events.at(-1)).toMatchObject({
      action: 'widgets.signin',
      actorId: 'tenant-user:acme/u-1',
      actorType: 'user',
      tenant: 'acme',
    });
  });

  it('records a failure with the error name and message, never the stack', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });

    await request(server)
      .put('/api/widgets/widgets/w2')
      .set('authorization', ada)
      .send({ fail: true })
      .expect(400);

    const widgetEvents = writer.events.filter(
      e => e.source === 'plugin:widgets',
    );
    expect(widgetEvents).toHaveLength(1);
    expect(widgetEvents[0]).toMatchObject({
      outcome: 'failure',
      action: 'widgets.widget-update',
      actorId: 'user:default/ada',
      metadata: {
        resourceId: 'w2',
        error: { name: 'InputError', message: 'Widget w2 is broken' },
      },
    });
    expect(JSON.stringify(widgetEvents[0])).not.toContain('at ');
  });

  it('only logs events below audit.minimumSeverity (default medium)', async () => {
    const writer = fakeWriter();
    const { server, logger } = await start({ writer });
    await request(server)
      .get('/api/widgets/widgets')
      .set('authorization', ada)
      .expect(200);
    expect(writer.events.map(e => e.action)).toEqual(['gadgets.gadget-seed']);
    expect(
      logger.auditEntries().filter(e => e.message === 'widgets.widget-fetch'),
    ).toHaveLength(2);

    const lowWriter = fakeWriter();
    const low = await start({
      writer: lowWriter,
      config: { audit: { minimumSeverity: 'low' } },
    });
    await request(low.server)
      .get('/api/widgets/widgets')
      .set('authorization', ada)
      .expect(200);
    expect(lowWriter.events.map(e => e.action)).toContain(
      'widgets.widget-fetch',
    );

    const highWriter = fakeWriter();
    const high = await start({
      writer: highWriter,
      config: { audit: { minimumSeverity: 'critical' } },
    });
    await request(high.server)
      .put('/api/widgets/widgets/w1')
      .set('authorization', ada)
      .send({})
      .expect(200);
    expect(highWriter.events.map(e => e.action)).toEqual([
      'gadgets.gadget-seed',
    ]);
  });

  it('writes records in the order the events happened', async () => {
    const writer = fakeWriter();
    const { server } = await start({ writer });
    for (const id of ['a', 'b', 'c', 'd']) {
      await request(server)
        .put(`/api/widgets/widgets/${id}`)
        .set('authorization', ada)
        .send({ fail: id === 'c' })
        .expect(id === 'c' ? 400 : 200);
    }
    const widgetEvents = writer.events.filter(
      e => e.source === 'plugin:widgets',
    );
    expect(widgetEvents.map(e => [e.resourceId, e.outcome])).toEqual([
      ['a', 'success'],
      ['b', 'success'],
      ['c', 'failure'],
      ['d', 'success'],
    ]);
    const times = widgetEvents.map(e => e.timestamp);
    expect([...times].sort()).toEqual(times);
  });

  it('buffers events recorded before the audit store attaches', async () => {
    const writer = fakeWriter();
    let attached = false;
    let seededBeforeAttach: boolean | undefined;
    await start({
      writer,
      attachAfterMs: 100,
      onAttach: () => {
        attached = true;
      },
      onSeeded: () => {
        seededBeforeAttach = !attached;
      },
    });
    // The seed event's success() waited for the store.
    expect(seededBeforeAttach).toBe(false);
    expect(writer.events.map(e => e.action)).toEqual(['gadgets.gadget-seed']);
  });

  it('only logs, with one warning, when the audit plugin is not installed', async () => {
    const { server, logger } = await start({ auditInstalled: false });
    for (const id of ['a', 'b']) {
      await request(server)
        .put(`/api/widgets/widgets/${id}`)
        .set('authorization', ada)
        .send({})
        .expect(200);
    }
    expect(logger.trailWarnings()).toEqual([
      expect.objectContaining({
        message: expect.stringContaining('audit plugin is not installed'),
      }),
    ]);
    expect(
      logger
        .auditEntries()
        .filter(e => e.message === 'widgets.widget-update')
        .map(e => (e.meta as JsonObject).status),
    ).toEqual(['initiated', 'succeeded', 'initiated', 'succeeded']);
  });

  it('falls back to log-only when the audit plugin does not attach in time', async () => {
    const { server, logger } = await start({
      writer: undefined,
      config: { audit: { trail: { writerAttachTimeoutSeconds: 0.1 } } },
    });
    const started = Date.now();
    await request(server)
      .put('/api/widgets/widgets/a')
      .set('authorization', ada)
      .send({})
      .expect(200);
    expect(Date.now() - started).toBeLessThan(5000);
    expect(logger.trailWarnings()).toEqual([
      expect.objectContaining({
        message: expect.stringMatching(/no audit store attached within 0.1s/),
      }),
    ]);
  });

  it('fails the operation when its record cannot be stored', async () => {
    let down = false;
    const write = jest.fn(async (_batch: AuditEventInput[]) => {
      if (down) {
        throw new Error('database is down');
      }
    });
    const { server, logger } = await start({ writer: { write } });
    down = true;
    const res = await request(server)
      .put('/api/widgets/widgets/a')
      .set('authorization', ada)
      .send({})
      .expect(503);
    expect(res.body.error.name).toBe('ServiceUnavailableError');
    expect(
      logger.entries.filter(
        e =>
          e.level === 'error' &&
          e.message === 'Audit event could not be stored',
      ).length,
    ).toBeGreaterThanOrEqual(1);
    // success() failed, so the route called fail(): logged, not stored twice.
    const updateWrites = write.mock.calls
      .flatMap(([batch]) => batch)
      .filter(e => e.action === 'widgets.widget-update');
    expect(updateWrites.every(e => e.outcome === 'success')).toBe(true);
  });

  it('logs exactly like the default auditor', async () => {
    const run = async (auditor?: ServiceFactory) => {
      const logger = new CaptureLogger();
      const { server } = await start({
        writer: fakeWriter(),
        logger,
        auditor,
      });
      await request(server)
        .put('/api/widgets/widgets/w1')
        .set('authorization', ada)
        .set('user-agent', 'jest-agent')
        .send({ colour: 'red' })
        .expect(200);
      await request(server)
        .put('/api/widgets/widgets/w2')
        .set('authorization', ada)
        .set('user-agent', 'jest-agent')
        .send({ fail: true })
        .expect(400);
      await request(server)
        .get('/api/widgets/widgets')
        .set('authorization', mockCredentials.service.header())
        .set('user-agent', 'jest-agent')
        .expect(200);
      return logger.auditEntries();
    };
    const ours = await run();
    const theirs = await run(mockServices.auditor.factory());
    expect(ours.length).toBe(theirs.length);
    expect(ours.length).toBeGreaterThanOrEqual(8);
    expect(ours).toEqual(theirs);
  });
});
