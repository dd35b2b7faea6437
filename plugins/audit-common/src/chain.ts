import { sha256Hex } from './sha256';

/**
 * The hash chain of the audit trail, shared by the server (which writes and
 * verifies it) and the offline verifier of exports.
 *
 * - `metadataHash = sha256(canonicalJson(metadata))`
 * - `contentHash = sha256(canonicalJson(content))`, where content is every
 *   field of the record except the hashes, with `metadata` replaced by its
 *   `metadataHash` (so an export without details can still be checked), and
 *   absent optional fields as `null`
 * - `hash = sha256(prevHash + contentHash)`, `prevHash` of the first record
 *   being {@link GENESIS_HASH}
 *
 * All hashes are lowercase hex. Nothing here needs Node: the default SHA-256
 * is plain TypeScript; Node code may pass `node:crypto` for speed.
 */

/** The `prevHash` of the first record of the chain. */
export const GENESIS_HASH = '0'.repeat(64);

/** A SHA-256 of a string's UTF-8 bytes, as lowercase hex. */
export type Sha256 = (text: string) => string;

/**
 * JSON with object keys sorted (recursively) and no whitespace: the same
 * value always gives the same text. `undefined` object members are left out,
 * like JSON.stringify does. Iterative, so metadata of any depth (an old
 * record, an export) is checked without overflowing the stack.
 */
export function canonicalJson(value: unknown): string {
  const out: string[] = [];
  // Values still to write and punctuation, last first.
  const work: Array<{ text: string } | { value: unknown }> = [{ value }];
  while (work.length > 0) {
    const item = work.pop()!;
    if ('text' in item) {
      out.push(item.text);
      continue;
    }
    const current = item.value;
    if (current === null || current === undefined) {
      out.push('null');
    } else if (Array.isArray(current)) {
      work.push({ text: ']' });
      for (let i = current.length - 1; i >= 0; i -= 1) {
        work.push({ value: current[i] });
        if (i > 0) work.push({ text: ',' });
      }
      out.push('[');
    } else if (current instanceof Date) {
      out.push(JSON.stringify(current.toISOString()));
    } else if (typeof current === 'object') {
      const record = current as Record<string, unknown>;
      const keys = Object.keys(record)
        .filter(key => record[key] !== undefined)
        .sort();
      work.push({ text: '}' });
      for (let i = keys.length - 1; i >= 0; i -= 1) {
        work.push({ value: record[keys[i]] });
        work.push({ text: `${i > 0 ? ',' : ''}${JSON.stringify(keys[i])}:` });
      }
      out.push('{');
    } else if (typeof current === 'number' && !Number.isFinite(current)) {
      out.push('null');
    } else if (typeof current === 'bigint') {
      out.push(JSON.stringify(current.toString()));
    } else {
      // Functions and symbols have no JSON text: null, as in arrays.
      out.push(JSON.stringify(current) ?? 'null');
    }
  }
  return out.join('');
}

/** The hashed fields of a record, metadata replaced by its hash. */
export interface AuditContent {
  seq: number;
  id: string;
  source: string;
  eventId: string | null;
  timestamp: string;
  actorId: string;
  actorType: string;
  action: string;
  resourceType: string | null;
  resourceId: string | null;
  tenant: string | null;
  outcome: string;
  severity: string;
  ip: string | null;
  userAgent: string | null;
  requestId: string | null;
  metadataHash: string;
}

/** The fields of a record that the content hash covers. */
export type AuditContentSource = Omit<AuditContent, 'metadataHash'> & {
  [key: string]: unknown;
};

const orNull = <T>(value: T | undefined | null): T | null =>
  value === undefined || value === '' ? null : value;

/** The fields of a record that its content hash covers, besides metadata. */
export interface AuditContentFields {
  seq: number;
  id: string;
  source: string;
  eventId?: string | null;
  timestamp: string;
  actorId: string;
  actorType: string;
  action: string;
  resourceType?: string | null;
  resourceId?: string | null;
  tenant?: string | null;
  outcome: string;
  severity: string;
  ip?: string | null;
  userAgent?: string | null;
  requestId?: string | null;
}

/** Picks the hashed fields of a record (extra fields are ignored). */
export function auditContent(
  record: AuditContentFields,
  metadataHash: string,
): AuditContent {
  return {
    seq: Number(record.seq),
    id: record.id,
    source: record.source,
    eventId: orNull(record.eventId),
    timestamp: record.timestamp,
    actorId: record.actorId,
    actorType: record.actorType,
    action: record.action,
    resourceType: orNull(record.resourceType),
    resourceId: orNull(record.resourceId),
    tenant: orNull(record.tenant),
    outcome: record.outcome,
    severity: record.severity,
    ip: orNull(record.ip),
    userAgent: orNull(record.userAgent),
    requestId: orNull(record.requestId),
    metadataHash,
  };
}

export function metadataHashOf(
  metadata: unknown,
  sha256: Sha256 = sha256Hex,
): string {
  return sha256(canonicalJson(metadata ?? {}));
}

export function contentHashOf(
  content: AuditContent,
  sha256: Sha256 = sha256Hex,
): string {
  return sha256(canonicalJson(content));
}

export function chainHashOf(
  prevHash: string,
  contentHash: string,
  sha256: Sha256 = sha256Hex,
): string {
  return sha256(prevHash + contentHash);
}

/** The text an Ed25519 checkpoint signature is made over. */
export function checkpointMessage(checkpoint: {
  seq: number;
  hash: string;
}): string {
  return `controlplane-audit-checkpoint:v1:${checkpoint.seq}:${checkpoint.hash}`;
}

/** The fields of an acknowledgement of a broken range that are signed. */
export interface AcknowledgementFields {
  id: string;
  fromSeq: number;
  toSeq: number;
  reason: string;
  acknowledgedBy: string;
  acknowledgedAt: string;
  /** Digest of the broken records as they were when acknowledged. */
  rangeDigest: string;
}

/** The text an Ed25519 acknowledgement signature is made over. */
export function acknowledgementMessage(ack: AcknowledgementFields): string {
  return `controlplane-audit-acknowledgement:v1:${canonicalJson({
    id: ack.id,
    fromSeq: ack.fromSeq,
    toSeq: ack.toSeq,
    reason: ack.reason,
    acknowledgedBy: ack.acknowledgedBy,
    acknowledgedAt: ack.acknowledgedAt,
    rangeDigest: ack.rangeDigest,
  })}`;
}

/** Why a link of the chain is broken. */
export type BrokenReason =
  /** The metadata does not match its hash. */
  | 'metadata-altered'
  /** The content fields do not match the content hash. */
  | 'content-altered'
  /** `hash` is not sha256(prevHash + contentHash). */
  | 'hash-altered'
  /** `prevHash` is not the previous record's hash. */
  | 'broken-link'
  /** A record is missing (seq jumps) where the chain must be complete. */
  | 'missing-record'
  /** seq does not increase. */
  | 'out-of-order';

export interface BrokenLink {
  seq: number;
  id: string;
  reason: BrokenReason;
}

/** One record as the verifier sees it. */
export interface ChainRow {
  seq: number;
  id: string;
  prevHash: string;
  hash: string;
  contentHash: string;
  /**
   * The content fields with their metadata hash; absent when the content
   * was purged by retention (then only the links are checked).
   */
  content?: AuditContent;
  /** When present (any JSON value), checked against `content.metadataHash`. */
  metadata?: unknown;
}

export interface ChainVerifierOptions {
  sha256?: Sha256;
  /** The hash the first row must link to; defaults to genesis for seq 1. */
  anchor?: { seq: number; hash: string };
  /**
   * Whether seq may jump (an export filtered by tenant or action): a row
   * after a gap is checked on its own (its hash) but its link is not.
   */
  allowGaps?: boolean;
}

/**
 * Checks rows one by one in seq order with constant memory. After a broken
 * row it goes on from that row's stored hash; a caller may stop at the first
 * broken link or collect them all.
 */
export class ChainVerifier {
  readonly #sha256: Sha256;
  readonly #allowGaps: boolean;
  #previous?: { seq: number; hash: string };
  checked = 0;
  /** Rows whose content was purged; only their links were checked. */
  contentless = 0;
  /** Rows after a gap, whose link to the previous record was not checked. */
  notLinked = 0;

  constructor(options: ChainVerifierOptions = {}) {
    this.#sha256 = options.sha256 ?? sha256Hex;
    this.#allowGaps = options.allowGaps ?? false;
    this.#previous = options.anchor;
  }

  /** The last row checked (or the anchor). */
  get last(): { seq: number; hash: string } | undefined {
    return this.#previous;
  }

  check(row: ChainRow): BrokenLink | undefined {
    const broken = this.#check(row);
    // Resync on the stored hash, so that the records after a broken one
    // are checked against it: one altered record is one broken range, and
    // later tampering is found too. seq never goes back.
    if (broken && (!this.#previous || row.seq > this.#previous.seq)) {
      this.#previous = { seq: row.seq, hash: row.hash };
    }
    return broken;
  }

  #check(row: ChainRow): BrokenLink | undefined {
    const broken = (reason: BrokenReason): BrokenLink => ({
      seq: row.seq,
      id: row.id,
      reason,
    });
    const sha = this.#sha256;
    this.checked += 1;
    if (row.content) {
      if (
        row.metadata !== undefined &&
        metadataHashOf(row.metadata, sha) !== row.content.metadataHash
      ) {
        return broken('metadata-altered');
      }
      if (
        row.content.seq !== row.seq ||
        row.content.id !== row.id ||
        contentHashOf(row.content, sha) !== row.contentHash
      ) {
        return broken('content-altered');
      }
    } else {
      this.contentless += 1;
    }
    if (chainHashOf(row.prevHash, row.contentHash, sha) !== row.hash) {
      return broken('hash-altered');
    }
    const previous =
      this.#previous ??
      (row.seq === 1 ? { seq: 0, hash: GENESIS_HASH } : undefined);
    if (previous) {
      if (row.seq <= previous.seq) return broken('out-of-order');
      if (row.seq === previous.seq + 1) {
        if (row.prevHash !== previous.hash) return broken('broken-link');
      } else if (this.#allowGaps) {
        this.notLinked += 1;
      } else {
        return broken('missing-record');
      }
    } else if (!this.#allowGaps) {
      return broken('missing-record');
    } else {
      this.notLinked += 1;
    }
    this.#previous = { seq: row.seq, hash: row.hash };
    return undefined;
  }
}

/** A stored record as returned by the API, with its content hash. */
export interface HashedAuditRecord extends AuditContentFields {
  /** Any JSON value; hashed through its canonical JSON. */
  metadata?: unknown;
  prevHash: string;
  hash: string;
  contentHash?: string;
}

/** Turns an API record into a verifier row, recomputing its content hash. */
export function chainRowOf(
  record: HashedAuditRecord,
  sha256: Sha256 = sha256Hex,
): ChainRow {
  const content = auditContent(
    record,
    metadataHashOf(record.metadata ?? {}, sha256),
  );
  return {
    seq: Number(record.seq),
    id: record.id,
    prevHash: record.prevHash,
    hash: record.hash,
    contentHash: record.contentHash ?? contentHashOf(content, sha256),
    content,
  };
}

export interface ChainVerification {
  ok: boolean;
  checked: number;
  firstBroken?: BrokenLink;
}

/**
 * Verifies consecutive records (seq order, no gaps): each record's content
 * against its hashes and each `prevHash` against the previous record's
 * `hash`. The first record links to genesis when its seq is 1, otherwise to
 * `options.anchor` when given (else its link is taken as is).
 */
export function verifyChain(
  records: HashedAuditRecord[],
  options: { sha256?: Sha256; anchor?: { seq: number; hash: string } } = {},
): ChainVerification {
  const first = records[0];
  const anchor =
    options.anchor ??
    (first && Number(first.seq) !== 1
      ? { seq: Number(first.seq) - 1, hash: first.prevHash }
      : undefined);
  const verifier = new ChainVerifier({ sha256: options.sha256, anchor });
  for (const record of records) {
    const broken = verifier.check(chainRowOf(record, options.sha256));
    if (broken) {
      return { ok: false, checked: verifier.checked, firstBroken: broken };
    }
  }
  return { ok: true, checked: verifier.checked };
}
