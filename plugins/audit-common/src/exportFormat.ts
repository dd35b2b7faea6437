import { JsonValue } from '@backstage/types';
import {
  auditContent,
  AuditContentFields,
  BrokenLink,
  ChainVerifier,
  checkpointMessage,
  Sha256,
} from './chain';
import { sha256Hex } from './sha256';

/**
 * The export format of the audit trail (CSV or JSON) and its offline
 * verification. Every exported row carries `seq`, `metadataHash`,
 * `contentHash`, `prevHash` and `hash`:
 *
 * - with details, the metadata is checked against `metadataHash`;
 * - the content hash is recomputed from the row's fields (with or without
 *   details, since it covers the metadata only through `metadataHash`);
 * - `hash` must be sha256(prevHash + contentHash);
 * - rows consecutive in seq must link (`prevHash` = previous `hash`); where
 *   a filter left gaps, rows are counted as not linked, not as broken.
 */

export const AUDIT_EXPORT_FORMAT = 'controlplane-audit-export/v1';

/** The signed checkpoint an export carries, when one exists. */
export interface ExportCheckpoint {
  seq: number;
  hash: string;
  /** Base64 Ed25519 signature over {@link checkpointMessage}. */
  signature: string;
  keyId: string;
  /** SPKI PEM public key the signature verifies with. */
  publicKey: string;
  createdAt: string;
}

/** The header of an export: what it contains. */
export interface ExportHeader {
  format: typeof AUDIT_EXPORT_FORMAT;
  generatedAt: string;
  range: { from?: string; to?: string };
  filters: Record<string, string>;
  includeDetails: boolean;
  /** Latest signed checkpoint at export time. */
  checkpoint?: ExportCheckpoint;
}

export interface ExportTrailer {
  count: number;
  lastSeq?: number;
  lastHash?: string;
}

/** Columns of the CSV export, in order; `metadata` only with details. */
export const EXPORT_COLUMNS = [
  'seq',
  'id',
  'timestamp',
  'source',
  'eventId',
  'actorId',
  'actorType',
  'action',
  'resourceType',
  'resourceId',
  'tenant',
  'outcome',
  'severity',
  'ip',
  'userAgent',
  'requestId',
  'metadata',
  'metadataHash',
  'contentHash',
  'prevHash',
  'hash',
] as const;

/** A column of the CSV export: a field of the exported record. */
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export function exportColumns(includeDetails: boolean): ExportColumn[] {
  return EXPORT_COLUMNS.filter(
    column => includeDetails || column !== 'metadata',
  );
}

/**
 * The CSV header and trailer lines are one quoted cell each, starting with
 * these prefixes and followed by JSON.
 */
export const CSV_HEADER_PREFIX = '# audit-export ';
export const CSV_TRAILER_PREFIX = '# audit-export-end ';

/** A CSV header or trailer line (one quoted cell), with its newline. */
export function csvMetaLine(prefix: string, value: unknown): string {
  return `${csvCell(prefix + JSON.stringify(value))}\n`;
}

export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = typeof value === 'string' ? value : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/**
 * An incremental RFC 4180 CSV parser: feed chunks, get complete records
 * (quoted cells may span lines).
 */
export class CsvParser {
  #cell = '';
  #record: string[] = [];
  #quoted = false;
  #afterQuote = false;
  #started = false;

  push(chunk: string, onRecord: (cells: string[]) => void): void {
    for (let i = 0; i < chunk.length; i++) {
      const char = chunk[i];
      if (this.#quoted) {
        if (char === '"') {
          if (chunk[i + 1] === '"') {
            this.#cell += '"';
            i++;
          } else if (i + 1 === chunk.length) {
            // A quote at the chunk end: decided by the next chunk.
            this.#quoted = false;
            this.#afterQuote = true;
          } else {
            this.#quoted = false;
          }
        } else {
          this.#cell += char;
        }
        continue;
      }
      if (this.#afterQuote) {
        this.#afterQuote = false;
        if (char === '"') {
          this.#cell += '"';
          this.#quoted = true;
          continue;
        }
      }
      if (char === '"' && this.#cell === '') {
        this.#quoted = true;
        this.#started = true;
      } else if (char === ',') {
        this.#record.push(this.#cell);
        this.#cell = '';
        this.#started = true;
      } else if (char === '\n') {
        this.#endRecord(onRecord);
      } else if (char !== '\r') {
        this.#cell += char;
        this.#started = true;
      }
    }
  }

  end(onRecord: (cells: string[]) => void): void {
    if (this.#started || this.#cell !== '' || this.#record.length > 0) {
      this.#endRecord(onRecord);
    }
  }

  #endRecord(onRecord: (cells: string[]) => void) {
    this.#record.push(this.#cell);
    const record = this.#record;
    this.#cell = '';
    this.#record = [];
    this.#started = false;
    onRecord(record);
  }
}

/** One exported record (JSON form; CSV cells are strings). */
export interface ExportRow extends Omit<AuditContentFields, 'seq'> {
  seq: number | string;
  /** Object in JSON exports, canonical JSON text in CSV exports. */
  metadata?: JsonValue;
  metadataHash: string;
  contentHash: string;
  prevHash: string;
  hash: string;
}

export interface ExportVerification {
  ok: boolean;
  /** Rows checked. */
  checked: number;
  /** Rows after a gap (a filtered export), checked on their own only. */
  notLinked: number;
  /** Whether metadata was present and checked against its hash. */
  detailsChecked: boolean;
  firstBroken?: BrokenLink & { detail?: string };
  /**
   * `verified`: the checkpoint's signature is valid and the exported row at
   * its seq has its hash; `signature-only`: valid, but its seq is not in the
   * export; `invalid`: bad signature or hash mismatch; `absent`: the export
   * has no checkpoint; `unchecked`: no way to verify signatures was given.
   */
  checkpoint:
    | 'verified'
    | 'signature-only'
    | 'invalid'
    | 'absent'
    | 'unchecked';
  /** Problems with the file as a whole (missing trailer, wrong count). */
  problems: string[];
}

export interface ExportVerifierOptions {
  sha256?: Sha256;
  /** Verifies an Ed25519 signature (base64) with an SPKI PEM public key. */
  verifySignature?: (
    message: string,
    signature: string,
    publicKeyPem: string,
  ) => boolean;
  /**
   * The public key to trust; when absent, the key embedded in the export is
   * used (that proves only that the export is consistent with itself).
   */
  publicKey?: string;
}

/** Verifies an export row by row with constant memory. */
export class ExportVerifier {
  readonly #sha256: Sha256;
  readonly #options: ExportVerifierOptions;
  readonly #chain: ChainVerifier;
  #header?: ExportHeader;
  #trailer?: ExportTrailer;
  #broken?: BrokenLink & { detail?: string };
  #checkpointRow?: 'match' | 'mismatch';
  #detailsChecked = false;
  #rows = 0;
  readonly problems: string[] = [];

  constructor(options: ExportVerifierOptions = {}) {
    this.#options = options;
    this.#sha256 = options.sha256 ?? sha256Hex;
    this.#chain = new ChainVerifier({ sha256: this.#sha256, allowGaps: true });
  }

  get broken() {
    return this.#broken;
  }

  header(header: ExportHeader) {
    if (header?.format !== AUDIT_EXPORT_FORMAT) {
      this.problems.push(`Unknown export format ${String(header?.format)}`);
    }
    this.#header = header;
  }

  trailer(trailer: ExportTrailer) {
    this.#trailer = trailer;
  }

  /** Checks one row; returns false once a broken row was found. */
  row(raw: ExportRow): boolean {
    if (this.#broken) return false;
    this.#rows += 1;
    const seq = Number(raw.seq);
    let metadata: JsonValue | undefined = undefined;
    if (raw.metadata !== undefined) {
      if (typeof raw.metadata === 'string') {
        try {
          metadata = JSON.parse(raw.metadata);
        } catch {
          this.#broken = {
            seq,
            id: raw.id,
            reason: 'metadata-altered',
            detail: 'metadata is not valid JSON',
          };
          return false;
        }
      } else {
        metadata = raw.metadata;
      }
      this.#detailsChecked = true;
    }
    const content = auditContent(
      { ...raw, seq, eventId: raw.eventId },
      raw.metadataHash,
    );
    const broken = this.#chain.check({
      seq,
      id: raw.id,
      prevHash: raw.prevHash,
      hash: raw.hash,
      contentHash: raw.contentHash,
      content,
      metadata,
    });
    if (broken) {
      this.#broken = broken;
      return false;
    }
    const checkpoint = this.#header?.checkpoint;
    if (checkpoint && checkpoint.seq === seq) {
      this.#checkpointRow = checkpoint.hash === raw.hash ? 'match' : 'mismatch';
    }
    return true;
  }

  result(): ExportVerification {
    const problems = [...this.problems];
    if (!this.#header) problems.push('The export has no header');
    if (!this.#broken) {
      if (!this.#trailer) {
        problems.push('The export has no trailer: it may be truncated');
      } else if (this.#trailer.count !== this.#rows) {
        problems.push(
          `The trailer says ${this.#trailer.count} rows, the file has ${
            this.#rows
          }`,
        );
      } else if (
        this.#trailer.lastHash !== undefined &&
        this.#chain.last?.hash !== this.#trailer.lastHash
      ) {
        problems.push('The last row is not the one the trailer names');
      }
    }
    const checkpoint = this.#checkCheckpoint(problems);
    return {
      ok: !this.#broken && problems.length === 0,
      checked: this.#chain.checked,
      notLinked: this.#chain.notLinked,
      detailsChecked: this.#detailsChecked,
      firstBroken: this.#broken,
      checkpoint,
      problems,
    };
  }

  #checkCheckpoint(problems: string[]): ExportVerification['checkpoint'] {
    const checkpoint = this.#header?.checkpoint;
    if (!checkpoint) return 'absent';
    if (this.#checkpointRow === 'mismatch') {
      problems.push(
        `The row at checkpoint seq ${checkpoint.seq} does not have the signed hash`,
      );
      return 'invalid';
    }
    const verify = this.#options.verifySignature;
    if (!verify) return 'unchecked';
    const publicKey = this.#options.publicKey ?? checkpoint.publicKey;
    let valid = false;
    try {
      valid = verify(
        checkpointMessage(checkpoint),
        checkpoint.signature,
        publicKey,
      );
    } catch {
      valid = false;
    }
    if (!valid) {
      problems.push(
        `The signature of checkpoint ${checkpoint.seq} does not verify with ${
          this.#options.publicKey ? 'the given' : 'the embedded'
        } public key`,
      );
      return 'invalid';
    }
    return this.#checkpointRow === 'match' ? 'verified' : 'signature-only';
  }
}

/** Parses CSV cells into an export row using the header line's columns. */
export function csvRowToExportRow(
  columns: string[],
  cells: string[],
): ExportRow {
  const row: Record<string, string | undefined> = {};
  columns.forEach((column, index) => {
    row[column] = cells[index] === '' ? undefined : cells[index];
  });
  if (!columns.includes('metadata')) delete row.metadata;
  else row.metadata = cells[columns.indexOf('metadata')] ?? '';
  return row as unknown as ExportRow;
}

/** Feeds CSV text (in chunks) to an {@link ExportVerifier}. */
export class CsvExportReader {
  readonly #parser = new CsvParser();
  #columns?: string[];
  constructor(private readonly verifier: ExportVerifier) {}

  push(chunk: string) {
    this.#parser.push(chunk, cells => this.#record(cells));
  }

  end() {
    this.#parser.end(cells => this.#record(cells));
  }

  #record(cells: string[]) {
    // The header and trailer are single quoted cells.
    const line = cells.length === 1 ? cells[0] : '';
    if (line.startsWith(CSV_HEADER_PREFIX)) {
      this.verifier.header(JSON.parse(line.slice(CSV_HEADER_PREFIX.length)));
    } else if (line.startsWith(CSV_TRAILER_PREFIX)) {
      this.verifier.trailer(JSON.parse(line.slice(CSV_TRAILER_PREFIX.length)));
    } else if (!this.#columns) {
      this.#columns = cells;
    } else if (cells.length > 1 || line.trim() !== '') {
      this.verifier.row(csvRowToExportRow(this.#columns, cells));
    }
  }
}

/**
 * Verifies a whole export held in memory (CSV or JSON, detected from the
 * first character). The CLI streams CSV through {@link ExportVerifier}.
 */
export function verifyExportText(
  text: string,
  options: ExportVerifierOptions = {},
): ExportVerification {
  const verifier = new ExportVerifier(options);
  if (text.trimStart().startsWith('{')) {
    const parsed = JSON.parse(text);
    verifier.header(parsed.export);
    for (const row of parsed.records ?? []) {
      if (!verifier.row(row)) break;
    }
    if (parsed.trailer) verifier.trailer(parsed.trailer);
    return verifier.result();
  }
  const reader = new CsvExportReader(verifier);
  reader.push(text);
  reader.end();
  return verifier.result();
}
