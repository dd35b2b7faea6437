import { Response } from 'express';
import { ResourceAuthorizer } from '@controlplane/backend-common';
import {
  AUDIT_EVENT_RESOURCE_TYPE,
  auditLogExportPermission,
  AuditRecord,
} from '@controlplane/plugin-audit-common';
import { ExportService } from '../ExportService';
import { namedFiltersOf, recordFilterOf } from './params';
import { AuditRouter, RouteHelpers } from './types';

/** Writes a chunk, waiting when the client reads slower than we produce. */
async function writeChunk(
  res: Response,
  chunk: string | Buffer,
): Promise<void> {
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

/**
 * GET /export (audit.log.export, tenant-scoped): the selected records as a
 * CSV or JSON download, streamed, recorded as one `export` audit event.
 */
export function exportRoutes(
  router: AuditRouter,
  deps: {
    helpers: RouteHelpers;
    authorizer: ResourceAuthorizer<
      AuditRecord,
      typeof AUDIT_EVENT_RESOURCE_TYPE
    >;
    exports: ExportService;
  },
) {
  const { helpers, authorizer, exports } = deps;

  router.get('/export', async (req, res) => {
    const { query } = req;
    const asked = {
      ...query,
      from: query.from ?? query.start_date,
      to: query.to ?? query.end_date,
    };
    const format = query.format === 'json' ? 'json' : 'csv';
    const includeDetails = query.include_details !== 'false';
    const permissionFilter = await authorizer.listFilter(
      await helpers.credentialsOf(req),
      auditLogExportPermission,
    );
    // Validates everything before the first byte is sent.
    const filter = recordFilterOf(asked, permissionFilter);
    const header = await exports.header({
      range: { from: asked.from, to: asked.to },
      filters: namedFiltersOf(asked),
      includeDetails,
    });
    const meta = {
      format,
      range: header.range,
      filters: header.filters,
      includeDetails,
    };

    let streaming = false;
    let aborted = false;
    try {
      await helpers.audited(
        req,
        { eventId: 'export', severityLevel: 'medium', meta },
        async () => {
          streaming = true;
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
          res.on('close', () => {
            aborted = !res.writableFinished;
          });
          const trailer = await exports.write({
            filter,
            header,
            format,
            write: chunk => writeChunk(res, chunk),
            stopped: () => aborted,
          });
          res.end();
          return {
            result: trailer,
            audit: { rows: trailer.count, complete: !aborted },
          };
        },
      );
    } catch (error) {
      if (!streaming) throw error;
      // Headers are sent: the truncated file (no trailer) fails verification.
      res.destroy(error instanceof Error ? error : new Error(String(error)));
    }
  });
}
