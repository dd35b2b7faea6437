import { LoggerService } from '@backstage/backend-plugin-api';
import { InputError, NotFoundError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  AUDIT_EXPORT_FORMAT,
  AuditActorType,
  AuditEventInput,
  AuditSeverity,
  auditContent,
  BrokenLink,
  ChainVerifier,
  checkpointMessage,
  ExportCheckpoint,
  ExportHeader,
  Sha256,
} from '@controlplane/plugin-audit-common';
import { ColumnFilter } from '@controlplane/backend-common';
import {
  AppendResult,
  AuditStore,
  EventQuery,
  PurgeClass,
  StoredAuditRecord,
  StoredCheckpoint,
} from '../database/AuditStore';
import { verifySignature } from './CheckpointSigner';

export const SEVERITIES: AuditSeverity[] = [
  'low',
  'medium',
  'high',
  'critical',
];
const ACTOR_TYPES: AuditActorType[] = ['user', 'operator', 'app', 'system'];
export const MAX_BATCH = 1000;
const PAGE = 1000;

/** One event posted by a managed application (API-LOG). */
export interface IngestEvent {
  eventId: string;
  timestamp: string;
  actorId: string;
  actorType?: AuditActorType;
  eventType: string;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  outcome: 'success' | 'failure';
  ip?: string;
  userAgent?: string;
  metadata?: JsonObject;
}

/** Query parameters of the list endpoints, as strings from the URL. */
export interface ListParams {
  actor?: string;
  action?: string;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  outcome?: string;
  severity?: string;
  from?: string;
  to?: string;
  sort?: string;
  limit?: string | number;
  cursor?: string;
  includeTotal?: string | boolean;
}

export interface RetentionRule {
  /** Exact actions, `prefix.*` patterns or `*`. */
  actions: string[];
  days: number;
}

export interface RetentionPolicy {
  /** Days for actions no rule names; undefined keeps them forever. */
  defaultDays?: number;
  rules: RetentionRule[];
}

export interface VerifyReport {
  ok: boolean;
  /** Records walked (retained part of the chain). */
  checked: number;
  /** Of those, records whose content retention removed (links checked only). */
  contentPurged: number;
  anchor: {
    seq: number;
    hash: string;
    /** `genesis`, or whether a valid signed checkpoint vouches for it. */
    status:
      | 'genesis'
      | 'checkpoint-verified'
      | 'checkpoint-missing'
      | 'checkpoint-invalid';
  };
  head: { seq: number; hash: string };
  firstBroken?: BrokenLink;
  checkpoints: {
    checked: number;
    invalid: number;
    firstInvalid?: { seq: number; reason: string };
  };
}

const DATE_ONLY = /^\d{4}-\d{2}-\d{2}$/;
const ISO_TIME =
  /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;

function parseTime(value: string, name: string): Date {
  if (!DATE_ONLY.test(value) && !ISO_TIME.test(value)) {
    throw new InputError(
      `${name} must be an ISO 8601 date (2025-01-31) or date-time (2025-01-31T10:00:00Z), got "${value}"`,
    );
  }
  const date = new Date(DATE_ONLY.test(value) ? `${value}T00:00:00Z` : value);
  if (Number.isNaN(date.getTime())) {
    throw new InputError(`${name} is not a valid date: "${value}"`);
  }
  return date;
}

function encodeCursor(seq: number, order: 'asc' | 'desc'): string {
  return Buffer.from(JSON.stringify({ s: seq, o: order })).toString(
    'base64url',
  );
}

function decodeCursor(cursor: string, order: 'asc' | 'desc'): number {
  let parsed: unknown;
  try {
    parsed = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    throw new InputError('cursor is not a cursor returned by this API');
  }
  const { s, o } = (parsed ?? {}) as { s?: unknown; o?: unknown };
  if (typeof s !== 'number' || !Number.isInteger(s) || s < 0) {
    throw new InputError('cursor is not a cursor returned by this API');
  }
  if (o !== order) {
    throw new InputError(
      `cursor was made for sort=${String(o)}, not sort=${order}`,
    );
  }
  return s;
}

/** Splits `rbac.*`-style patterns into exact names and prefixes. */
export function parseActionPatterns(patterns: string[]): {
  exact: string[];
  prefixes: string[];
  all: boolean;
} {
  const exact: string[] = [];
  const prefixes: string[] = [];
  let all = false;
  for (const pattern of patterns) {
    if (pattern === '*') all = true;
    else if (pattern.endsWith('.*')) prefixes.push(pattern.slice(0, -1));
    else exact.push(pattern);
  }
  return { exact, prefixes, all };
}

/** The rules of the audit trail: validation, paging, verification, retention. */
export class AuditService {
  constructor(
    private readonly store: AuditStore,
    private readonly options: {
      sha256: Sha256;
      logger: LoggerService;
      retention: RetentionPolicy;
    },
  ) {}

  /**
   * Validates a batch posted by a managed application and appends it.
   * Nothing is written when any event is invalid; the error names the index
   * and the field.
   */
  async ingest(source: string, events: IngestEvent[]): Promise<AppendResult> {
    if (
      !Array.isArray(events) ||
      events.length < 1 ||
      events.length > MAX_BATCH
    ) {
      throw new InputError(
        `events must be an array of 1 to ${MAX_BATCH} events`,
      );
    }
    const inputs = events.map((event, index) =>
      this.#toInput(source, event, index),
    );
    return this.store.append(inputs);
  }

  #toInput(source: string, event: IngestEvent, index: number): AuditEventInput {
    const fail = (field: string, message: string): never => {
      throw new InputError(`events[${index}].${field} ${message}`);
    };
    if (!event || typeof event !== 'object') {
      throw new InputError(`events[${index}] must be an object`);
    }
    const text = (field: keyof IngestEvent, required: boolean, max: number) => {
      const value = event[field];
      if (value === undefined || value === null) {
        if (required) fail(field, 'is required');
        return undefined;
      }
      if (typeof value !== 'string' || value.trim() === '') {
        return fail(field, 'must be a non-empty string');
      }
      if (value.length > max) fail(field, `must be at most ${max} characters`);
      return value;
    };
    const eventId = text('eventId', true, 255)!;
    const timestampText = text('timestamp', true, 64)!;
    if (
      !ISO_TIME.test(timestampText) ||
      Number.isNaN(Date.parse(timestampText))
    ) {
      fail(
        'timestamp',
        `must be an ISO 8601 date-time, got "${timestampText}"`,
      );
    }
    const actorId = text('actorId', true, 1024)!;
    const action = text('eventType', true, 255)!;
    if (!/^[A-Za-z0-9_.:-]+$/.test(action)) {
      fail('eventType', 'may only contain letters, digits and . _ : -');
    }
    const actorType = (event.actorType ?? 'app') as AuditActorType;
    if (!ACTOR_TYPES.includes(actorType)) {
      fail('actorType', `must be one of ${ACTOR_TYPES.join(', ')}`);
    }
    if (event.outcome !== 'success' && event.outcome !== 'failure') {
      fail('outcome', 'must be success or failure');
    }
    const metadata = event.metadata ?? {};
    if (typeof metadata !== 'object' || Array.isArray(metadata)) {
      fail('metadata', 'must be an object');
    }
    if (JSON.stringify(metadata).length > 64 * 1024) {
      fail('metadata', 'must be at most 64 KiB as JSON');
    }
    const severity = SEVERITIES.includes(metadata.severity as AuditSeverity)
      ? (metadata.severity as AuditSeverity)
      : 'medium';
    return {
      source,
      eventId,
      timestamp: new Date(timestampText).toISOString(),
      actorId,
      actorType,
      action,
      resourceType: text('resourceType', false, 255),
      resourceId: text('resourceId', false, 1024),
      tenant: text('tenant', false, 255),
      outcome: event.outcome,
      severity,
      metadata,
      ip: text('ip', false, 255),
      userAgent: text('userAgent', false, 2048),
    };
  }

  /**
   * Appends events of the plugins' auditors (the audit trail's writer).
   * These come from code, not from users, so they are made to fit rather
   * than refused: a failed write would lose the whole batch.
   */
  async write(events: AuditEventInput[]): Promise<void> {
    if (events.length === 0) return;
    const clip = (value: string | undefined, max = 255) =>
      value === undefined || value === null
        ? undefined
        : String(value).slice(0, max);
    await this.store.append(
      events.map(event => ({
        ...event,
        source: clip(event.source) ?? 'unknown',
        eventId: clip(event.eventId),
        timestamp: Number.isNaN(Date.parse(event.timestamp))
          ? new Date().toISOString()
          : new Date(event.timestamp).toISOString(),
        actorId: clip(event.actorId, 1024) ?? 'unknown',
        actorType: ACTOR_TYPES.includes(event.actorType)
          ? event.actorType
          : 'system',
        action: clip(event.action) ?? 'unknown',
        resourceType: clip(event.resourceType),
        resourceId: clip(event.resourceId, 1024),
        tenant: clip(event.tenant),
        outcome: event.outcome === 'failure' ? 'failure' : 'success',
        severity: SEVERITIES.includes(event.severity)
          ? event.severity
          : 'medium',
        metadata: event.metadata ?? {},
        ip: clip(event.ip),
        requestId: clip(event.requestId),
      })),
    );
  }

  /** The SQL query for the filters; throws InputError for bad values. */
  parseQuery(
    params: ListParams,
    permissionFilter?: PermissionCriteria<ColumnFilter>,
  ): EventQuery {
    const query: EventQuery = { permissionFilter };
    if (params.actor) query.actor = params.actor;
    if (params.action) {
      if (params.action.endsWith('.*')) {
        query.action = params.action.slice(0, -1);
        query.actionPrefix = true;
      } else if (params.action.includes('*')) {
        throw new InputError(
          'action is an exact action or a prefix ending in .* (rbac.*)',
        );
      } else {
        query.action = params.action;
      }
    }
    if (params.resourceType) query.resourceType = params.resourceType;
    if (params.resourceId) query.resourceId = params.resourceId;
    if (params.tenant) query.tenant = params.tenant;
    if (params.outcome) {
      if (params.outcome !== 'success' && params.outcome !== 'failure') {
        throw new InputError('outcome must be success or failure');
      }
      query.outcome = params.outcome;
    }
    if (params.severity) {
      if (!SEVERITIES.includes(params.severity as AuditSeverity)) {
        throw new InputError(
          `severity must be one of ${SEVERITIES.join(', ')}`,
        );
      }
      query.severity = params.severity;
    }
    if (params.from) query.from = parseTime(params.from, 'from').toISOString();
    if (params.to) {
      const to = parseTime(params.to, 'to');
      // A date means the whole day; a date-time is inclusive to the ms.
      const end = DATE_ONLY.test(params.to)
        ? new Date(to.getTime() + 24 * 3600 * 1000)
        : new Date(to.getTime() + 1);
      query.toExclusive = end.toISOString();
    }
    if (query.from && query.toExclusive && query.from >= query.toExclusive) {
      throw new InputError('from must be before to');
    }
    return query;
  }

  #paging(params: ListParams) {
    const sort = params.sort ?? 'desc';
    if (sort !== 'asc' && sort !== 'desc') {
      throw new InputError('sort must be asc or desc');
    }
    const limit = params.limit === undefined ? 50 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('limit must be an integer from 1 to 500');
    }
    const after = params.cursor ? decodeCursor(params.cursor, sort) : undefined;
    const includeTotal =
      params.includeTotal === true || params.includeTotal === 'true';
    return { sort, limit, after, includeTotal } as const;
  }

  /** One page of records, newest first unless sort=asc. */
  async list(
    params: ListParams,
    permissionFilter?: PermissionCriteria<ColumnFilter>,
  ): Promise<{
    records: StoredAuditRecord[];
    nextCursor?: string;
    total?: number;
  }> {
    const query = this.parseQuery(params, permissionFilter);
    const { sort, limit, after, includeTotal } = this.#paging(params);
    const page = await this.store.page(query, {
      order: sort,
      after,
      limit: limit + 1,
    });
    const records = page.slice(0, limit);
    const result: {
      records: StoredAuditRecord[];
      nextCursor?: string;
      total?: number;
    } = { records };
    if (page.length > limit) {
      result.nextCursor = encodeCursor(records[records.length - 1].seq, sort);
    }
    if (includeTotal) result.total = await this.store.count(query);
    return result;
  }

  async get(
    id: string,
    permissionFilter?: PermissionCriteria<ColumnFilter>,
  ): Promise<StoredAuditRecord> {
    const record = await this.store.get(id, permissionFilter);
    if (!record) throw new NotFoundError(`No audit record ${id}`);
    return record;
  }

  /** Records in seq order (oldest first) in pages: constant memory. */
  async *exportRecords(query: EventQuery): AsyncGenerator<StoredAuditRecord[]> {
    let after: number | undefined = undefined;
    for (;;) {
      const page: StoredAuditRecord[] = await this.store.page(query, {
        order: 'asc',
        after,
        limit: PAGE,
      });
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].seq;
    }
  }

  async exportHeader(
    params: ListParams & { start_date?: string; end_date?: string },
    includeDetails: boolean,
  ): Promise<ExportHeader> {
    const [latest] = await this.store.checkpoints({ limit: 1 });
    const filters: Record<string, string> = {};
    for (const key of [
      'actor',
      'action',
      'resourceType',
      'resourceId',
      'tenant',
      'outcome',
      'severity',
    ] as const) {
      if (params[key]) filters[key] = params[key]!;
    }
    const header: ExportHeader = {
      format: AUDIT_EXPORT_FORMAT,
      generatedAt: new Date().toISOString(),
      range: { from: params.from, to: params.to },
      filters,
      includeDetails,
    };
    if (latest) header.checkpoint = toExportCheckpoint(latest);
    return header;
  }

  /**
   * Walks the retained chain from its anchor in pages (constant memory):
   * every record's content against its hashes, every link, the head, and
   * every checkpoint's signature and hash.
   */
  async verify(): Promise<VerifyReport> {
    const sha256 = this.options.sha256;
    const head = await this.store.head();
    const anchorStatus = await this.#anchorStatus(head.baseSeq, head.baseHash);
    const verifier = new ChainVerifier({
      sha256,
      anchor: { seq: head.baseSeq, hash: head.baseHash },
    });
    let firstBroken: BrokenLink | undefined;
    let after = head.baseSeq;
    for (;;) {
      const links = await this.store.chainPage(after, PAGE);
      for (const link of links) {
        firstBroken = verifier.check({
          seq: link.seq,
          id: link.id,
          prevHash: link.prevHash,
          hash: link.hash,
          contentHash: link.contentHash,
          content: link.record
            ? auditContent(link.record, link.record.metadataHash)
            : undefined,
          metadata: link.record?.metadata,
        });
        if (firstBroken) break;
      }
      if (firstBroken || links.length < PAGE) break;
      after = links[links.length - 1].seq;
    }
    const last = verifier.last;
    if (
      !firstBroken &&
      (last?.seq !== head.lastSeq || last?.hash !== head.lastHash)
    ) {
      // Records at the end are missing or the head was changed.
      firstBroken = {
        seq: head.lastSeq,
        id: '',
        reason: 'missing-record',
      };
    }
    const checkpoints = await this.#verifyCheckpoints(
      head.baseSeq,
      head.baseHash,
    );
    return {
      ok:
        !firstBroken &&
        checkpoints.invalid === 0 &&
        (anchorStatus === 'genesis' || anchorStatus === 'checkpoint-verified'),
      checked: verifier.checked,
      contentPurged: verifier.contentless,
      anchor: { seq: head.baseSeq, hash: head.baseHash, status: anchorStatus },
      head: { seq: head.lastSeq, hash: head.lastHash },
      firstBroken,
      checkpoints,
    };
  }

  async #anchorStatus(
    baseSeq: number,
    baseHash: string,
  ): Promise<VerifyReport['anchor']['status']> {
    if (baseSeq === 0) return 'genesis';
    const checkpoint = await this.store.checkpoint(baseSeq);
    if (!checkpoint) return 'checkpoint-missing';
    return checkpoint.hash === baseHash &&
      verifySignature(
        checkpointMessage(checkpoint),
        checkpoint.signature,
        checkpoint.publicKey,
      )
      ? 'checkpoint-verified'
      : 'checkpoint-invalid';
  }

  async #verifyCheckpoints(baseSeq: number, baseHash: string) {
    const result: VerifyReport['checkpoints'] = { checked: 0, invalid: 0 };
    const flag = (seq: number, reason: string) => {
      result.invalid += 1;
      result.firstInvalid ??= { seq, reason };
    };
    let after = -1;
    for (;;) {
      const page = await this.store.checkpoints({
        limit: 500,
        afterSeq: after,
      });
      if (page.length === 0) break;
      const hashes = await this.store.hashesOf(
        page.filter(c => c.seq > baseSeq).map(c => c.seq),
      );
      for (const checkpoint of page) {
        result.checked += 1;
        if (
          !verifySignature(
            checkpointMessage(checkpoint),
            checkpoint.signature,
            checkpoint.publicKey,
          )
        ) {
          flag(checkpoint.seq, 'bad-signature');
        } else if (checkpoint.seq > baseSeq) {
          const hash = hashes.get(checkpoint.seq);
          if (hash === undefined) flag(checkpoint.seq, 'record-missing');
          else if (hash !== checkpoint.hash)
            flag(checkpoint.seq, 'hash-mismatch');
        } else if (checkpoint.seq === baseSeq && checkpoint.hash !== baseHash) {
          flag(checkpoint.seq, 'anchor-mismatch');
        }
      }
      after = page[page.length - 1].seq;
    }
    return result;
  }

  async listCheckpoints(params: { limit?: string | number; cursor?: string }) {
    const limit = params.limit === undefined ? 50 : Number(params.limit);
    if (!Number.isInteger(limit) || limit < 1 || limit > 500) {
      throw new InputError('limit must be an integer from 1 to 500');
    }
    const before = params.cursor
      ? decodeCursor(params.cursor, 'desc')
      : undefined;
    const page = await this.store.checkpoints({
      limit: limit + 1,
      beforeSeq: before,
    });
    const checkpoints = page.slice(0, limit);
    return {
      checkpoints,
      nextCursor:
        page.length > limit
          ? encodeCursor(checkpoints[checkpoints.length - 1].seq, 'desc')
          : undefined,
    };
  }

  /** The retention classes for a purge at `now`, most specific first. */
  purgeClasses(now: Date): PurgeClass[] {
    const cutoff = (days: number) =>
      new Date(now.getTime() - days * 24 * 3600 * 1000).toISOString();
    const classes: PurgeClass[] = [];
    for (const rule of this.options.retention.rules) {
      const { exact, prefixes, all } = parseActionPatterns(rule.actions);
      classes.push({
        exact: all ? [] : exact,
        prefixes: all ? [] : prefixes,
        cutoff: cutoff(rule.days),
      });
      if (all) return classes;
    }
    classes.push({
      exact: [],
      prefixes: [],
      cutoff:
        this.options.retention.defaultDays === undefined
          ? undefined
          : cutoff(this.options.retention.defaultDays),
    });
    return classes;
  }

  /**
   * Applies retention: removes the content of expired records (keeping
   * their chain fields) and deletes the fully purged prefix of the chain
   * behind a signed `purge` checkpoint. Runs in bounded batches.
   */
  async purge(
    now: Date = new Date(),
    batchSize = 5000,
  ): Promise<{ redacted: number; deleted: number }> {
    const classes = this.purgeClasses(now);
    let redacted = 0;
    for (;;) {
      const count = await this.store.redactExpired(
        classes,
        now.toISOString(),
        batchSize,
      );
      redacted += count;
      if (count < batchSize) break;
    }
    let deleted = 0;
    for (;;) {
      const count = await this.store.deletePurgedPrefix(batchSize);
      deleted += count;
      if (count === 0) break;
    }
    if (redacted > 0 || deleted > 0) {
      this.options.logger.info(
        `Audit retention: removed the content of ${redacted} records, deleted ${deleted} purged records at the start of the chain`,
      );
    }
    return { redacted, deleted };
  }
}

export function toExportCheckpoint(
  checkpoint: StoredCheckpoint,
): ExportCheckpoint {
  return {
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    signature: checkpoint.signature,
    keyId: checkpoint.keyId,
    publicKey: checkpoint.publicKey,
    createdAt: checkpoint.createdAt,
  };
}
