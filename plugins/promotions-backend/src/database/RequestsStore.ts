import { randomUUID } from 'node:crypto';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  decodeCursor,
  KnexStore,
  LIKE_ESCAPE,
  newestFirstPage,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import type {
  Decision,
  PromotionEnvironment,
  RequestStatus,
} from '@controlplane/plugin-promotions-common';
import {
  DecisionRow,
  RequestRow,
  StoredRequest,
  toDecision,
  toRequest,
} from './rows';

const REQUESTS = 'promotion_requests';
const DECISIONS = 'promotion_decisions';

/** The states in which a request is open (it holds its place). */
export const OPEN_STATUSES: RequestStatus[] = ['requested', 'approved'];

/** The key that keeps one open request per agent or app, tenant and environment. */
export const openKeyOf = (request: {
  target: string;
  tenant: string;
  targetEnvironment: PromotionEnvironment;
}) => `${request.target}|${request.tenant}|${request.targetEnvironment}`;

/** A request about to be stored. */
export type NewRequestRow = Omit<
  RequestRow,
  | 'open_key'
  | 'approvals'
  | 'decided_at'
  | 'applied_at'
  | 'auto_approved_by'
  | 'override_requested_by'
  | 'override_reason'
  | 'override_requested_at'
  | 'override_approved_by'
  | 'override_approved_at'
>;

/** All SQL of `promotion_requests` and their immutable decisions. */
export class RequestsStore extends KnexStore {
  async insert(row: NewRequestRow): Promise<void> {
    await this.db<RequestRow>(REQUESTS).insert({
      ...row,
      approvals: 0,
      open_key: OPEN_STATUSES.includes(row.status)
        ? openKeyOf({
            target: row.target,
            tenant: row.tenant,
            targetEnvironment: row.target_environment,
          })
        : null,
    });
  }

  async byId(id: string): Promise<StoredRequest | undefined> {
    const row = await this.db<RequestRow>(REQUESTS).where({ id }).first();
    return row && toRequest(row);
  }

  /** The request, row-locked on PostgreSQL until the transaction ends. */
  async lock(id: string): Promise<StoredRequest | undefined> {
    const row = await this.forUpdate(
      this.db<RequestRow>(REQUESTS).where({ id }),
    ).first();
    return row && toRequest(row);
  }

  /** Changes a request's columns; leaving the open states frees its place. */
  async update(
    id: string,
    patch: Partial<Omit<RequestRow, 'id' | 'open_key'>>,
  ): Promise<void> {
    const closes =
      patch.status !== undefined && !OPEN_STATUSES.includes(patch.status);
    await this.db<RequestRow>(REQUESTS)
      .where({ id })
      .update({ ...patch, ...(closes ? { open_key: null } : {}) });
  }

  /** Appends a decision (never updated or deleted). */
  async addDecision(decision: {
    requestId: string;
    decision: Decision['decision'];
    actor: string;
    comment?: string;
    ruleId?: string;
    at: string;
  }): Promise<void> {
    const [{ n }] = await this.db(DECISIONS)
      .where({ request_id: decision.requestId })
      .count({ n: '*' });
    await this.db<DecisionRow>(DECISIONS).insert({
      id: randomUUID(),
      request_id: decision.requestId,
      decision: decision.decision,
      actor: decision.actor,
      comment: decision.comment ?? null,
      rule_id: decision.ruleId ?? null,
      decided_at: decision.at,
      seq: Number(n) + 1,
    });
  }

  async decisionsOf(requestId: string): Promise<Decision[]> {
    const rows = await this.db<DecisionRow>(DECISIONS)
      .where({ request_id: requestId })
      .orderBy('seq');
    return rows.map(toDecision);
  }

  /** Whether this person approved the request already. */
  async hasApproved(requestId: string, actor: string): Promise<boolean> {
    const row = await this.db(DECISIONS)
      .where({ request_id: requestId, actor, decision: 'approve' })
      .first('id');
    return !!row;
  }

  /**
   * Requests oldest first from the cursor on, within the caller's filter;
   * with `decidedSince`, those decided since then, the most recently
   * decided first. `notApprovedBy` leaves out those the user approved
   * already and `approverAmong` those whose approver groups name none of
   * the user's refs (the inbox).
   */
  async page(query: {
    statuses?: RequestStatus[];
    environment?: PromotionEnvironment;
    target?: string;
    tenant?: string;
    requestedBy?: string;
    notRequestedBy?: string;
    notApprovedBy?: string;
    /**
     * The user's own ref and groups: only requests whose approver groups
     * are empty (anyone may approve) or name one of them.
     */
    approverAmong?: string[];
    /** ISO 8601 UTC, as stored. */
    decidedSince?: string;
    limit: number;
    cursor?: string;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<RowPage<StoredRequest>> {
    const builder = this.db<RequestRow>(REQUESTS);
    if (query.statuses) builder.whereIn('status', query.statuses);
    if (query.environment)
      builder.where('target_environment', query.environment);
    if (query.target) builder.where('target', query.target);
    if (query.tenant) builder.where('tenant', query.tenant);
    if (query.requestedBy) builder.where('requested_by', query.requestedBy);
    if (query.notRequestedBy)
      builder.whereNot('requested_by', query.notRequestedBy);
    if (query.notApprovedBy) {
      builder.whereNotExists(
        this.db(DECISIONS)
          .whereRaw(`${DECISIONS}.request_id = ${REQUESTS}.id`)
          .where({ actor: query.notApprovedBy, decision: 'approve' }),
      );
    }
    if (query.approverAmong) {
      const refs = query.approverAmong;
      // approver_groups holds the policy's refs as a JSON array: a ref is
      // named when its JSON string occurs in it (LIKE's wildcards escaped).
      builder.where(groups => {
        groups.where('approver_groups', '[]');
        for (const ref of refs) {
          groups.orWhereRaw(`approver_groups LIKE ? ${LIKE_ESCAPE}`, [
            `%${JSON.stringify(ref).replace(/[\\%_]/g, c => `\\${c}`)}%`,
          ]);
        }
      });
    }
    if (query.filter) applyPermissionFilter(builder, query.filter);
    if (query.decidedSince) {
      builder.where('decided_at', '>=', query.decidedSince);
      const page = await newestFirstPage<RequestRow>(builder, {
        timeColumn: 'decided_at',
        idColumn: 'id',
        timeKey: 'd',
        timeOf: row => row.decided_at!,
        limit: query.limit,
        cursor: query.cursor,
      });
      return { ...page, rows: page.rows.map(toRequest) };
    }
    const after = decodeCursor(query.cursor, ['r', 'i']);
    if (after) {
      builder.whereRaw('(requested_at, id) > (?, ?)', [after.r, after.i]);
    }
    const rows = await builder
      .orderBy([{ column: 'requested_at' }, { column: 'id' }])
      .limit(query.limit + 1);
    return toPage(rows.map(toRequest), query.limit, row => ({
      r: row.requestedAt,
      i: row.id,
    }));
  }

  /** Open requests past their expiry. */
  async expired(now: string): Promise<StoredRequest[]> {
    const rows = await this.db<RequestRow>(REQUESTS)
      .where('status', 'requested')
      .where('expires_at', '<=', now);
    return rows.map(toRequest);
  }

  /** Approved requests not applied yet (held by a freeze). */
  async approvedNotApplied(): Promise<StoredRequest[]> {
    const rows = await this.db<RequestRow>(REQUESTS).where(
      'status',
      'approved',
    );
    return rows.map(toRequest);
  }
}
