import { NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import {
  AdminActivity,
  AuditOutcome,
  AuditPlatformSummary,
  AuditRecord,
} from '@controlplane/plugin-audit-common';
import { AdminActionRow, RecordFilter } from '../database/AuditStore';
import { toIso } from '../database/rows';
import { AuditStores } from '../database/stores';

/** Which page of a list: keyset paging on seq. */
export interface RecordPaging {
  order: 'asc' | 'desc';
  /** The seq the page starts after (in `order`); absent for the first page. */
  afterSeq?: number;
  limit: number;
  /** Whether to count the whole filtered set. */
  includeTotal?: boolean;
}

/** One page of records. */
export interface RecordSlice {
  records: AuditRecord[];
  /** The seq the next page starts after; absent on the last page. */
  nextAfterSeq?: number;
  /** The size of the whole filtered set, when asked for. */
  total?: number;
}

/** How many of the latest privileged actions the platform summary lists. */
export const RECENT_ADMIN_ACTIVITY = 20;

const DAY_MS = 24 * 3_600_000;

/** A privileged action as the platform summary lists it. */
function toAdminActivity(row: AdminActionRow): AdminActivity {
  return {
    id: row.id,
    timestamp: toIso(row.timestamp),
    // Never null here: purged records are left out.
    actorId: row.actor_id ?? '',
    action: row.action,
    ...(row.resource_type !== null ? { resourceType: row.resource_type } : {}),
    ...(row.resource_id !== null ? { resourceId: row.resource_id } : {}),
    ...(row.tenant !== null ? { tenant: row.tenant } : {}),
    // The column holds only values the store wrote from this type.
    outcome: row.outcome as AuditOutcome,
  };
}

/**
 * Reads the audit trail: lists, one record, one resource's timeline, and the
 * platform dashboard's summary.
 */
export class QueryService {
  constructor(
    private readonly stores: AuditStores,
    private readonly options: { now?: () => Date } = {},
  ) {}

  /**
   * For the platform dashboard: privileged actions of people (actor type
   * `user`, severity high or critical, not purged) in the last 24 hours, in
   * all and per tenant (most first, then by name), and the latest 20 of any
   * time. Two queries whatever the number of tenants.
   */
  async platformSummary(): Promise<AuditPlatformSummary> {
    const now = this.options.now?.() ?? new Date();
    const since = new Date(now.getTime() - DAY_MS).toISOString();
    const [groups, latest] = await Promise.all([
      this.stores.audit.adminActionsByTenantSince(since),
      this.stores.audit.latestAdminActions(RECENT_ADMIN_ACTIVITY),
    ]);
    const byTenant = groups
      .filter((group): group is { tenant: string; count: number } =>
        Boolean(group.tenant),
      )
      .sort(
        (a, b) => b.count - a.count || a.tenant.localeCompare(b.tenant, 'en'),
      );
    return {
      generatedAt: now.toISOString(),
      adminActions24h: groups.reduce((sum, group) => sum + group.count, 0),
      adminActionsByTenant24h: byTenant,
      recentAdminActivity: latest.map(toAdminActivity),
    };
  }

  /** One page of the records the filter selects, by seq in `paging.order`. */
  async list(filter: RecordFilter, paging: RecordPaging): Promise<RecordSlice> {
    const { order, afterSeq, limit } = paging;
    const page = await this.stores.audit.page(filter, {
      order,
      after: afterSeq,
      limit: limit + 1,
    });
    const records = page.slice(0, limit);
    const slice: RecordSlice = { records };
    if (page.length > limit) {
      slice.nextAfterSeq = records[records.length - 1].seq;
    }
    if (paging.includeTotal)
      slice.total = await this.stores.audit.count(filter);
    return slice;
  }

  /** The records about one resource (its type and id), paged like a list. */
  timeline(
    resource: { type: string; id: string },
    filter: RecordFilter,
    paging: RecordPaging,
  ): Promise<RecordSlice> {
    return this.list(
      { ...filter, resourceType: resource.type, resourceId: resource.id },
      paging,
    );
  }

  /** One record; NotFoundError when missing, purged or outside the filter. */
  async get(
    id: string,
    permissionFilter?: PermissionCriteria<ColumnFilter>,
  ): Promise<AuditRecord> {
    const record = await this.stores.audit.get(id, permissionFilter);
    if (!record) throw new NotFoundError(`No audit record ${id}`);
    return record;
  }
}
