import { randomUUID } from 'node:crypto';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  Acknowledgement,
  acknowledgementMessage,
  AuditEventInput,
  AuditOutcome,
  AuditRecord,
  AuditSeverity,
  Checkpoint,
  checkpointMessage,
  Sha256,
} from '@controlplane/plugin-audit-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  isPostgres,
  KnexStore,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import {
  AcknowledgementRow,
  CheckpointRow,
  EventRow,
  rowToAcknowledgement,
  rowToCheckpoint,
  rowToRecord,
} from './rows';
import { chainBatch, ChainedBatch, prepareEvents } from './appendBatch';
import { appendAtHead, existingEventIds } from './pgAppend';
import { copyExport, CopyExportOptions, CopyExportResult } from './exportCopy';

/** One row of the chain, content absent when purged by retention. */
export interface ChainLinkRow {
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
  contentHash: string;
  /** The record, or undefined when its content was purged. */
  record?: AuditRecord;
}

export interface ChainHead {
  lastSeq: number;
  lastHash: string;
  /** The retained chain starts after this (0 and genesis before any purge). */
  baseSeq: number;
  baseHash: string;
}

/** What one append stored (`accepted`) and skipped as already stored. */
export interface AppendResult {
  accepted: Array<{ index: number; id: string; seq: number; eventId?: string }>;
  duplicates: Array<{ index: number; eventId: string; id: string }>;
}

/** What signs checkpoints; see CheckpointSigner. */
export interface Signer {
  keyId: string;
  publicKeyPem: string;
  sign(message: string): string;
}

/** What the store needs besides its connection. */
export interface AuditStoreOptions {
  signer: Signer;
  /** A checkpoint is signed every this many records. */
  checkpointInterval: number;
  sha256: Sha256;
}

/**
 * Which records a list, count or export selects: the filters of the request
 * (parsed by the router) and the tenant filter of a conditional permission.
 */
export interface RecordFilter {
  actor?: string;
  /** Exact action, or a prefix (`rbac.`) when `actionPrefix` is set. */
  action?: string;
  actionPrefix?: boolean;
  resourceType?: string;
  resourceId?: string;
  tenant?: string;
  outcome?: AuditOutcome;
  severity?: AuditSeverity;
  /** Inclusive ISO lower bound. */
  from?: string;
  /** Exclusive ISO upper bound. */
  toExclusive?: string;
  /** The tenant filter of a conditional decision. */
  permissionFilter?: PermissionCriteria<ColumnFilter>;
}

/** A retention class as SQL sees it. */
export interface PurgeClass {
  /** Exact actions and prefixes (`rbac.`) the class covers; none = all others. */
  exact: string[];
  prefixes: string[];
  /** Records older than this (ISO) lose their content. */
  cutoff?: string;
}

/**
 * Privileged actions of people: records of users with severity high or
 * critical whose content is kept. Written with literals, the predicate of
 * the partial index `audit_events_admin_actions_idx` word for word, so that
 * SQLite (which does not look into bound values) uses that index too.
 */
const ADMIN_ACTIONS = `actor_type = 'user' AND severity IN ('high', 'critical') AND purged_at IS NULL`;

/** One privileged action of a person, as the platform dashboard lists it. */
export interface AdminActionRow {
  id: string;
  timestamp: Date | string;
  actor_id: string | null;
  action: string;
  resource_type: string | null;
  resource_id: string | null;
  tenant: string | null;
  outcome: string;
}

/**
 * Rows per INSERT statement: PostgreSQL takes up to 65535 bind parameters,
 * SQLite builds may allow as few as 999 (21 columns per row).
 */
export function insertChunkSize(knex: Knex): number {
  return isPostgres(knex) ? 500 : 40;
}

/** Appends that wait for the head lock after one lost the race for it. */
const LOCKED_AFTER_RACE = 20;

function toAppendResult(batch: ChainedBatch): AppendResult {
  return { accepted: batch.accepted, duplicates: batch.duplicates };
}

/**
 * All SQL of the audit trail: the append-only, hash-chained events, the head
 * of the chain, the signed checkpoints and the retention purge (the only
 * statements the database's guard triggers let change a record).
 */
export class AuditStore extends KnexStore {
  /** Appends left that take the head lock at once (after a lost race). */
  #lockedAppends = 0;

  /**
   * Whether append and export may take connections of their own from the
   * pool (PostgreSQL, and not bound to a caller's transaction).
   */
  get #ownConnections(): boolean {
    return this.isPostgres && !(this.db as Knex.Transaction).isTransaction;
  }

  constructor(db: Knex, private readonly options: AuditStoreOptions) {
    super(db);
  }

  /**
   * Appends events to the chain so that concurrent writers (other
   * instances) never fork it. Events whose (source, eventId) is already
   * stored, or repeated in the batch, are skipped and reported as
   * duplicates. The events must already be valid (see IngestionService);
   * their text and metadata are brought to their stored form (see
   * storedFormOf) before anything is hashed, and everything that does not
   * depend on the place in the chain is computed before the head is read.
   *
   * On PostgreSQL one statement writes the batch only if the head is still
   * the one read (see pgAppend); when another writer moved it in between,
   * the batch is placed again under the head row lock (and the next few
   * appends take the lock at once). SQLite serializes writers: there it is
   * one transaction under the head.
   */
  async append(received: AuditEventInput[]): Promise<AppendResult> {
    const { sha256: sha, checkpointInterval } = this.options;
    const prepared = prepareEvents(received, sha);
    if (this.#ownConnections) {
      // After a lost race, wait for the head lock for a while instead of
      // racing (and hashing) again.
      const racing = this.#lockedAppends === 0;
      if (!racing) this.#lockedAppends -= 1;
      for (const lock of racing ? [false, true, true] : [true, true]) {
        const batch = await appendAtHead(this.db, prepared, {
          sha,
          checkpointInterval,
          checkpointRow: (seq, hash) =>
            this.#checkpointRow(seq, hash, 'interval'),
          lock,
        });
        if (batch) return toAppendResult(batch);
        if (!lock) this.#lockedAppends = LOCKED_AFTER_RACE;
      }
    }
    return this.db.transaction(async tx => {
      const head = await this.forUpdate(
        tx('audit_head').where({ id: 1 }),
      ).first();
      const existing = await existingEventIds(
        tx,
        prepared.map(item => item.event),
      );
      const batch = chainBatch(
        prepared,
        existing,
        { seq: Number(head.last_seq), hash: head.last_hash },
        sha,
        checkpointInterval,
      );
      const chunk = insertChunkSize(this.db);
      for (let i = 0; i < batch.rows.length; i += chunk) {
        await tx('audit_events').insert(batch.rows.slice(i, i + chunk));
      }
      const checkpoints = batch.checkpoints.map(({ seq, hash }) =>
        this.#checkpointRow(seq, hash, 'interval'),
      );
      for (let i = 0; i < checkpoints.length; i += chunk) {
        await tx('audit_checkpoints').insert(checkpoints.slice(i, i + chunk));
      }
      if (batch.rows.length > 0) {
        await tx('audit_head')
          .where({ id: 1 })
          .update({ last_seq: batch.lastSeq, last_hash: batch.lastHash });
      }
      return toAppendResult(batch);
    });
  }

  #checkpointRow(seq: number, hash: string, kind: 'interval' | 'purge') {
    const { signer } = this.options;
    return {
      seq,
      hash,
      signature: signer.sign(checkpointMessage({ seq, hash })),
      key_id: signer.keyId,
      public_key: signer.publicKeyPem,
      kind,
      created_at: new Date().toISOString(),
    };
  }

  #filtered(query: RecordFilter): Knex.QueryBuilder {
    let builder = this.db<EventRow>('audit_events').whereNull('purged_at');
    if (query.actor !== undefined)
      builder = builder.where('actor_id', query.actor);
    if (query.action !== undefined) {
      builder = query.actionPrefix
        ? builder.whereRaw('substr(action, 1, ?) = ?', [
            query.action.length,
            query.action,
          ])
        : builder.where('action', query.action);
    }
    const equal: Array<[string, string | undefined]> = [
      ['resource_type', query.resourceType],
      ['resource_id', query.resourceId],
      ['tenant', query.tenant],
      ['outcome', query.outcome],
      ['severity', query.severity],
    ];
    for (const [column, value] of equal) {
      if (value !== undefined) builder = builder.where(column, value);
    }
    if (query.from) builder = builder.where('timestamp', '>=', query.from);
    if (query.toExclusive) {
      builder = builder.where('timestamp', '<', query.toExclusive);
    }
    if (query.permissionFilter) {
      builder = applyPermissionFilter(builder, query.permissionFilter);
    }
    return builder;
  }

  /** One page in seq order, after (in that order) the given seq. */
  async page(
    query: RecordFilter,
    options: { order: 'asc' | 'desc'; after?: number; limit: number },
  ): Promise<AuditRecord[]> {
    let builder = this.#filtered(query);
    if (options.after !== undefined) {
      builder = builder.where(
        'seq',
        options.order === 'desc' ? '<' : '>',
        options.after,
      );
    }
    const rows: EventRow[] = await builder
      .select('*')
      .orderBy('seq', options.order)
      .limit(options.limit);
    return rows.map(rowToRecord);
  }

  /**
   * The selected records in seq order as export rows, through COPY on
   * PostgreSQL (see exportCopy); null on SQLite (or in a transaction), where
   * the caller pages instead.
   */
  async copyExport(
    query: RecordFilter,
    options: CopyExportOptions,
  ): Promise<CopyExportResult | null> {
    if (!this.#ownConnections) return null;
    return copyExport(this.db, () => this.#filtered(query), options);
  }

  async count(query: RecordFilter): Promise<number> {
    const [{ count }] = await this.#filtered(query).count({ count: '*' });
    return Number(count);
  }

  /**
   * How many privileged actions of people (see ADMIN_ACTIONS) happened since
   * `since` (ISO), per tenant: one group with a null tenant for records
   * that name none. One grouped query whatever the number of tenants.
   */
  async adminActionsByTenantSince(
    since: string,
  ): Promise<Array<{ tenant: string | null; count: number }>> {
    const rows: Array<{ tenant: string | null; count: number | string }> =
      await this.db('audit_events')
        .select('tenant')
        .count({ count: '*' })
        .whereRaw(ADMIN_ACTIONS)
        .where('timestamp', '>=', since)
        .groupBy('tenant');
    return rows.map(row => ({
      tenant: row.tenant ?? null,
      count: Number(row.count),
    }));
  }

  /** The latest `limit` privileged actions of people, newest first. */
  async latestAdminActions(limit: number): Promise<AdminActionRow[]> {
    return this.db('audit_events')
      .select(
        'id',
        'timestamp',
        'actor_id',
        'action',
        'resource_type',
        'resource_id',
        'tenant',
        'outcome',
      )
      .whereRaw(ADMIN_ACTIONS)
      .orderBy([
        { column: 'timestamp', order: 'desc' },
        { column: 'seq', order: 'desc' },
      ])
      .limit(limit);
  }

  async get(
    id: string,
    permissionFilter?: PermissionCriteria<ColumnFilter>,
  ): Promise<AuditRecord | undefined> {
    const row = await this.#filtered({ permissionFilter })
      .where('id', id)
      .first();
    return row ? rowToRecord(row) : undefined;
  }

  async head(): Promise<ChainHead> {
    const row = await this.db('audit_head').where({ id: 1 }).first();
    return {
      lastSeq: Number(row.last_seq),
      lastHash: row.last_hash,
      baseSeq: Number(row.base_seq),
      baseHash: row.base_hash,
    };
  }

  /** Links of the whole chain (purged ones without content), by seq. */
  async chainPage(afterSeq: number, limit: number): Promise<ChainLinkRow[]> {
    const rows: EventRow[] = await this.db('audit_events')
      .where('seq', '>', afterSeq)
      .orderBy('seq', 'asc')
      .limit(limit);
    return rows.map(row => ({
      seq: Number(row.seq),
      id: row.id,
      prevHash: row.prev_hash,
      hash: row.hash,
      contentHash: row.content_hash,
      record: row.purged_at ? undefined : rowToRecord(row),
    }));
  }

  /** Hashes of the stored records with these seqs. */
  async hashesOf(seqs: number[]): Promise<Map<number, string>> {
    const rows = await this.db('audit_events')
      .select('seq', 'hash')
      .whereIn('seq', seqs);
    return new Map(rows.map(row => [Number(row.seq), row.hash as string]));
  }

  /** Checkpoints newest first (before `beforeSeq`), or oldest first after `afterSeq`. */
  async checkpoints(options: {
    limit: number;
    beforeSeq?: number;
    afterSeq?: number;
  }): Promise<Checkpoint[]> {
    let builder = this.db('audit_checkpoints');
    if (options.afterSeq !== undefined) {
      builder = builder
        .where('seq', '>', options.afterSeq)
        .orderBy('seq', 'asc');
    } else {
      if (options.beforeSeq !== undefined) {
        builder = builder.where('seq', '<', options.beforeSeq);
      }
      builder = builder.orderBy('seq', 'desc');
    }
    const rows: CheckpointRow[] = await builder.limit(options.limit);
    return rows.map(rowToCheckpoint);
  }

  async checkpoint(seq: number): Promise<Checkpoint | undefined> {
    const row: CheckpointRow | undefined = await this.db('audit_checkpoints')
      .where({ seq })
      .first();
    return row ? rowToCheckpoint(row) : undefined;
  }

  /** The most acknowledgements kept in view; see `acknowledgements`. */
  static readonly MAX_ACKNOWLEDGEMENTS = 1000;

  /**
   * Stores a signed acknowledgement of the broken range; the signature
   * covers every field (see acknowledgementMessage).
   */
  async addAcknowledgement(ack: {
    fromSeq: number;
    toSeq: number;
    reason: string;
    acknowledgedBy: string;
    rangeDigest: string;
  }): Promise<Acknowledgement> {
    const { signer } = this.options;
    const fields = {
      id: randomUUID(),
      fromSeq: ack.fromSeq,
      toSeq: ack.toSeq,
      reason: ack.reason,
      acknowledgedBy: ack.acknowledgedBy,
      acknowledgedAt: new Date().toISOString(),
      rangeDigest: ack.rangeDigest,
    };
    const row: AcknowledgementRow = {
      id: fields.id,
      from_seq: fields.fromSeq,
      to_seq: fields.toSeq,
      reason: fields.reason,
      acknowledged_by: fields.acknowledgedBy,
      acknowledged_at: fields.acknowledgedAt,
      range_digest: fields.rangeDigest,
      signature: signer.sign(acknowledgementMessage(fields)),
      key_id: signer.keyId,
      public_key: signer.publicKeyPem,
    };
    await this.db('audit_acknowledgements').insert(row);
    return rowToAcknowledgement(row);
  }

  /** The acknowledgements, oldest first (the first 1000). */
  async acknowledgements(): Promise<Acknowledgement[]> {
    const rows: AcknowledgementRow[] = await this.db('audit_acknowledgements')
      .orderBy([
        { column: 'acknowledged_at', order: 'asc' },
        { column: 'id', order: 'asc' },
      ])
      .limit(AuditStore.MAX_ACKNOWLEDGEMENTS);
    return rows.map(rowToAcknowledgement);
  }

  /**
   * Runs `work` in a transaction allowed past the immutability triggers:
   * PostgreSQL checks `SET LOCAL audit.purge = 'on'`, SQLite a permit row
   * inserted and removed in the same transaction.
   */
  async #withPurgePermit<T>(work: (tx: Knex.Transaction) => Promise<T>) {
    return this.db.transaction(async tx => {
      if (this.isPostgres) {
        await tx.raw(`SET LOCAL audit.purge = 'on'`);
      } else {
        await tx('audit_purge_permit').insert({ id: 1 });
      }
      const result = await work(tx);
      if (!this.isPostgres) {
        await tx('audit_purge_permit').where({ id: 1 }).delete();
      }
      return result;
    });
  }

  /**
   * Removes the content (actor, resource id, metadata, ip, user agent,
   * request id) of up to `batchSize` expired records, keeping the chain
   * fields; returns how many. Classes are checked in order, the first one
   * matching an action applies; the last class, with no actions, covers the
   * rest.
   */
  async redactExpired(
    classes: PurgeClass[],
    now: string,
    batchSize: number,
  ): Promise<number> {
    const matches = (builder: Knex.QueryBuilder, cls: PurgeClass) => {
      builder.where(inner => {
        if (cls.exact.length > 0) inner.orWhereIn('action', cls.exact);
        for (const prefix of cls.prefixes) {
          inner.orWhereRaw('substr(action, 1, ?) = ?', [prefix.length, prefix]);
        }
        if (cls.exact.length === 0 && cls.prefixes.length === 0) {
          inner.whereRaw('1 = 1');
        }
      });
    };
    return this.#withPurgePermit(async tx => {
      const seqs = await tx('audit_events')
        .select('seq')
        .whereNull('purged_at')
        .where(outer => {
          classes.forEach((cls, index) => {
            if (!cls.cutoff) return;
            outer.orWhere(inner => {
              inner.where('timestamp', '<', cls.cutoff!);
              matches(inner, cls);
              for (const earlier of classes.slice(0, index)) {
                inner.whereNot(not => matches(not, earlier));
              }
            });
          });
          if (classes.every(cls => !cls.cutoff)) outer.whereRaw('1 = 0');
        })
        .orderBy('seq')
        .limit(batchSize);
      if (seqs.length === 0) return 0;
      return tx('audit_events')
        .whereIn(
          'seq',
          seqs.map(row => row.seq),
        )
        .update({
          actor_id: null,
          resource_id: null,
          metadata: null,
          ip: null,
          user_agent: null,
          request_id: null,
          purged_at: now,
        });
    });
  }

  /**
   * Deletes up to `batchSize` purged records at the start of the chain (the
   * prefix where every record's content is gone), moves the anchor to the
   * last deleted one and signs a `purge` checkpoint there, so the retained
   * chain stays verifiable. Returns how many rows were deleted.
   */
  async deletePurgedPrefix(batchSize: number): Promise<number> {
    return this.#withPurgePermit(async tx => {
      const head = await this.forUpdate(
        tx('audit_head').where({ id: 1 }),
      ).first();
      const baseSeq = Number(head.base_seq);
      const firstKept = await tx('audit_events')
        .whereNull('purged_at')
        .min({ seq: 'seq' })
        .first();
      const limitSeq =
        firstKept?.seq !== null && firstKept?.seq !== undefined
          ? Number(firstKept.seq) - 1
          : Number(head.last_seq);
      const cut = Math.min(limitSeq, baseSeq + batchSize);
      if (cut <= baseSeq) return 0;
      const last = await tx('audit_events').where({ seq: cut }).first();
      if (!last || !last.purged_at) return 0;
      const deleted = await tx('audit_events')
        .where('seq', '>', baseSeq)
        .where('seq', '<=', cut)
        .delete();
      await tx('audit_head')
        .where({ id: 1 })
        .update({ base_seq: cut, base_hash: last.hash });
      await tx('audit_checkpoints')
        .insert(this.#checkpointRow(cut, last.hash, 'purge'))
        .onConflict('seq')
        .ignore();
      return deleted;
    });
  }
}
