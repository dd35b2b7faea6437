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
 * like JSON.stringify does.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || value === undefined) return 'null';
  if (Array.isArray(value)) {
    return `[${value
      .map(item => (item === undefined ? 'null' : canonicalJson(item)))
      .join(',')}]`;
  }
  if (typeof value === 'object') {
    if (value instanceof Date) return JSON.stringify(value.toISOString());
    const entries = Object.keys(value as object)
      .filter(key => (value as Record<string, unknown>)[key] !== undefined)
      .sort()
      .map(
        key =>
          `${JSON.stringify(key)}:${canonicalJson(
            (value as Record<string, unknown>)[key],
          )}`,
      );
    return `{${entries.join(',')}}`;
  }
  if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
  return JSON.stringify(value);
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
 * Checks rows one by one in seq order with constant memory; the caller
 * stops at the first broken link it returns.
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
