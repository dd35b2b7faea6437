import { NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { ColumnFilter } from '@controlplane/backend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { RecordFilter } from '../database/AuditStore';
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

/** Reads the audit trail: lists, one record, one resource's timeline. */
export class QueryService {
  constructor(private readonly stores: AuditStores) {}

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
