import { createOpenApiRouter } from '../schema/openapi/generated/router';
import {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  auditChainVerifyPermission,
  auditLogExportPermission,
  auditLogReadPermission,
  AuditRecord,
} from '@controlplane/plugin-audit-common';
import { AppCredentialsService } from '@controlplane/plugin-apps-node';
import {
  requireListAccess,
  ResourceAuthorizer,
} from '@controlplane/backend-common';
import express, { Request, Response, Router } from 'express';
import { AuditService, IngestEvent, ListParams } from './AuditService';
import { writeExport } from './exportWriter';

export interface RouterOptions {
  service: AuditService;
  httpAuth: HttpAuthService;
  /** Accepts app credentials on POST /events. */
  appCredentials: AppCredentialsService;
  permissions: PermissionsService;
  auditor: AuditorService;
  authorizer: ResourceAuthorizer<AuditRecord, 'audit-event'>;
  signingKey: { keyId: string; publicKey: string; ephemeral: boolean };
}

/** Writes a chunk, waiting when the client reads slower than we produce. */
async function write(res: Response, chunk: string): Promise<void> {
  if (!res.write(chunk)) {
    await new Promise<void>((resolve, reject) => {
      const done = () => {
        res.off('drain', done);
        res.off('close', done);
        res.off('error', reject);
        resolve();
      };
      res.on('drain', done);
      res.on('close', done);
      res.on('error', reject);
    });
  }
}

/** HTTP only: parse, authorize, call the service, answer. */
export function createRouter(options: RouterOptions): Router {
  const { service, httpAuth, permissions, auditor, authorizer } = options;
  const { appCredentials } = options;
  const router = createOpenApiRouter({
    middleware: [express.json({ limit: '10mb' })],
  });

  // Authentication of POST /events comes before the contract's validation,
  // so an unauthenticated caller learns nothing about the body. Apps with
  // audit:write and other backends may post; users may not.
  const authenticated = Router();
  authenticated.post(
    '/events',
    appCredentials.accept({
      scope: 'audit:write',
      allowBackstage: ['service'],
    }),
  );
  authenticated.use(router);

  async function readerFilter(
    req: Request,
    permission: ResourcePermission<'audit-event'>,
  ) {
    const credentials: BackstageCredentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    return requireListAccess(
      await authorizer.listAccess(credentials, permission),
      permission,
    );
  }

  async function requireVerify(req: Request) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [decision] = await permissions.authorize(
      [{ permission: auditChainVerifyPermission }],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(
        `You are not allowed ${auditChainVerifyPermission.name}`,
      );
    }
  }

  router.post('/events', async (req, res) => {
    const { events } = req.body as { events: IngestEvent[] };
    const app = appCredentials.caller(req);
    let source: string;
    if (app) {
      // Checked for the whole batch before anything is stored.
      for (const event of events) {
        if (typeof event?.tenant === 'string') {
          appCredentials.assertTenant(req, event.tenant);
        }
      }
      source = `app:${app.appName}`;
    } else {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      source = `service:${credentials.principal.subject}`;
    }
    const result = await service.ingest(source, events);
    res.json({
      accepted: result.accepted.length,
      duplicates: result.duplicates,
      records: result.accepted,
    });
  });

  router.get('/logs', async (req, res) => {
    const filter = await readerFilter(req, auditLogReadPermission);
    res.json(await service.list(req.query as ListParams, filter));
  });

  router.get('/logs/:id', async (req, res) => {
    const filter = await readerFilter(req, auditLogReadPermission);
    res.json(await service.get(req.params.id, filter));
  });

  router.get('/resources/:type/:id', async (req, res) => {
    const filter = await readerFilter(req, auditLogReadPermission);
    res.json(
      await service.list(
        {
          ...(req.query as ListParams),
          resourceType: req.params.type,
          resourceId: req.params.id,
        },
        filter,
      ),
    );
  });

  router.get('/export', async (req, res) => {
    const query = req.query as ListParams & {
      format?: string;
      start_date?: string;
      end_date?: string;
      include_details?: string;
    };
    const params: ListParams = {
      ...query,
      from: query.from ?? query.start_date,
      to: query.to ?? query.end_date,
    };
    const format = query.format === 'json' ? 'json' : 'csv';
    const includeDetails = query.include_details !== 'false';
    const filter = await readerFilter(req, auditLogExportPermission);
    // Validates everything before the first byte is sent.
    const sqlQuery = service.parseQuery(params, filter);
    const header = await service.exportHeader(params, includeDetails);
    const meta = {
      format,
      range: header.range,
      filters: header.filters,
      includeDetails,
    };
    const event = await auditor.createEvent({
      eventId: 'export',
      severityLevel: 'medium',
      meta,
      request: req,
    });

    const stamp = header.generatedAt.replace(/[:.]/g, '-');
    res.status(200);
    res.setHeader(
      'Content-Type',
      format === 'json'
        ? 'application/json; charset=utf-8'
        : 'text/csv; charset=utf-8',
    );
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="audit-export-${stamp}.${format}"`,
    );
    let aborted = false;
    res.on('close', () => {
      aborted = !res.writableFinished;
    });
    try {
      const trailer = await writeExport({
        service,
        query: sqlQuery,
        header,
        format,
        write: chunk => write(res, chunk),
        stopped: () => aborted,
      });
      res.end();
      await event.success({
        meta: { ...meta, rows: trailer.count, complete: !aborted },
      });
    } catch (error) {
      await event.fail({ meta, error: error as Error });
      // Headers are sent: the truncated file (no trailer) fails verification.
      res.destroy(error as Error);
    }
  });

  router.get('/verify', async (req, res) => {
    await requireVerify(req);
    res.json(await service.verify());
  });

  router.get('/access', async (req, res) => {
    // What the caller may do at all, for the UI: a tenant-scoped grant counts
    // (the records shown are filtered to the tenant anyway).
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const [[read, exportAll], [verify]] = await Promise.all([
      permissions.authorizeConditional(
        [
          { permission: auditLogReadPermission },
          { permission: auditLogExportPermission },
        ],
        { credentials },
      ),
      permissions.authorize([{ permission: auditChainVerifyPermission }], {
        credentials,
      }),
    ]);
    res.json({
      read: read.result !== AuthorizeResult.DENY,
      export: exportAll.result !== AuthorizeResult.DENY,
      verify: verify.result === AuthorizeResult.ALLOW,
    });
  });

  router.get('/checkpoints', async (req, res) => {
    await requireVerify(req);
    const page = await service.listCheckpoints(
      req.query as { limit?: string; cursor?: string },
    );
    res.json({ ...page, signingKey: options.signingKey });
  });

  return authenticated;
}
