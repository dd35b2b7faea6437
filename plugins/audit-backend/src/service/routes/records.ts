import { ResourceAuthorizer } from '@controlplane/backend-common';
import {
  AUDIT_EVENT_RESOURCE_TYPE,
  auditLogReadPermission,
  AuditRecord,
  AuditRecordPage,
} from '@controlplane/plugin-audit-common';
import { QueryService, RecordPaging, RecordSlice } from '../QueryService';
import { cursorOf, pagingOf, recordFilterOf } from './params';
import { AnyRequest, AuditRouter, CallerOf } from './types';

/** A page of records as the API answers it. */
function pageOf(slice: RecordSlice, paging: RecordPaging): AuditRecordPage {
  const page: AuditRecordPage = { records: slice.records };
  if (slice.nextAfterSeq !== undefined) {
    page.nextCursor = cursorOf(slice.nextAfterSeq, paging.order);
  }
  if (slice.total !== undefined) page.total = slice.total;
  return page;
}

/**
 * Reading the trail (audit.log.read, tenant-scoped): GET /logs, one record,
 * and one resource's timeline.
 */
export function recordRoutes(
  router: AuditRouter,
  deps: {
    callerOf: CallerOf;
    authorizer: ResourceAuthorizer<
      AuditRecord,
      typeof AUDIT_EVENT_RESOURCE_TYPE
    >;
    query: QueryService;
  },
) {
  const { callerOf, authorizer, query } = deps;

  /** The reader's tenant filter; 403 when they may read no record at all. */
  const readerFilter = async (req: AnyRequest) =>
    authorizer.listFilter(await callerOf(req), auditLogReadPermission);

  router.get('/logs', async (req, res) => {
    const filter = recordFilterOf(req.query, await readerFilter(req));
    const paging = pagingOf(req.query);
    const slice = await query.list(filter, paging);
    res.json(pageOf(slice, paging));
  });

  router.get('/logs/:id', async (req, res) => {
    const permissionFilter = await readerFilter(req);
    res.json(await query.get(req.params.id, permissionFilter));
  });

  router.get('/resources/:type/:id', async (req, res) => {
    const filter = recordFilterOf(req.query, await readerFilter(req));
    const paging = pagingOf(req.query);
    const slice = await query.timeline(
      { type: req.params.type, id: req.params.id },
      filter,
      paging,
    );
    res.json(pageOf(slice, paging));
  });
}
