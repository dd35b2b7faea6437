import { CopyRowSink } from './copyFrames';

/**
 * Formats the rows of a binary COPY of audit_events into export rows, the
 * bytes the portable export writes (see ExportService): CSV cells as
 * `csvCell` quotes them, JSON objects as `JSON.stringify(exportRow(...))`
 * writes them. It works on the UTF-8 bytes, one pass per value, without
 * making strings: a quote, comma, CR or LF (CSV) or a quote, backslash or
 * control character (JSON) is ASCII and never part of a multi-byte
 * character, so deciding on bytes is deciding on characters.
 */

/** The selected columns, in the order of the CSV export's columns. */
export function exportSelectColumns(includeDetails: boolean): string[] {
  return [
    'seq',
    'id',
    'timestamp',
    'source',
    'event_id',
    'actor_id',
    'actor_type',
    'action',
    'resource_type',
    'resource_id',
    'tenant',
    'outcome',
    'severity',
    'ip',
    'user_agent',
    'request_id',
    ...(includeDetails ? ['metadata'] : []),
    'metadata_hash',
    'content_hash',
    'prev_hash',
    'hash',
  ];
}

/** Milliseconds from 1970 to PostgreSQL's epoch, 2000-01-01 UTC. */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);

const int64At = (chunk: Buffer, at: number) =>
  chunk.readInt32BE(at) * 4294967296 + chunk.readUInt32BE(at + 4);

/**
 * Whether JSON text (canonical, as stored) has an integer-like object key:
 * `"` digits `"` `:`. Inside strings quotes are escaped, so this is a key;
 * keys with a leading zero or beyond 2^32 - 2 are not integer-like, but
 * checking them too only costs time.
 */
export function hasIntegerKey(bytes: Buffer, start: number, end: number) {
  for (let i = start; i < end - 3; i++) {
    if (bytes[i] !== 0x22) continue;
    let j = i + 1;
    while (j < end && bytes[j] >= 0x30 && bytes[j] <= 0x39) j++;
    if (j > i + 1 && bytes[j] === 0x22 && bytes[j + 1] === 0x3a) return true;
    i = j - 1;
  }
  return false;
}

/** The size of the buffers rows are formatted into. */
const OUTPUT_BUFFER = 1024 * 1024;

const DAY_MS = 86_400_000;

/**
 * Writes `new Date(ms).toISOString()` into `out` at `at` without making a
 * Date or a string (days to a civil date as in H. Hinnant's
 * `civil_from_days`); returns the end. Years outside 0-9999 (six-digit
 * form) go through toISOString.
 */
export function writeIsoTime(out: Buffer, at: number, ms: number): number {
  const days = Math.floor(ms / DAY_MS);
  let rest = ms - days * DAY_MS;
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe -
      Math.floor(doe / 1460) +
      Math.floor(doe / 36524) -
      Math.floor(doe / 146096)) /
      365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yoe + era * 400 + (month <= 2 ? 1 : 0);
  let o = at;
  if (year < 0 || year > 9999 || !Number.isFinite(ms)) {
    const text = new Date(ms).toISOString();
    for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
    return o;
  }
  const hours = Math.floor(rest / 3_600_000);
  rest -= hours * 3_600_000;
  const minutes = Math.floor(rest / 60_000);
  rest -= minutes * 60_000;
  const seconds = Math.floor(rest / 1000);
  const millis = rest - seconds * 1000;
  const digits = (value: number, width: number) => {
    let left = value;
    for (let i = width - 1; i >= 0; i--) {
      out[o + i] = 0x30 + (left % 10);
      left = Math.floor(left / 10);
    }
    o += width;
  };
  digits(year, 4);
  out[o++] = 0x2d;
  digits(month, 2);
  out[o++] = 0x2d;
  digits(day, 2);
  out[o++] = 0x54;
  digits(hours, 2);
  out[o++] = 0x3a;
  digits(minutes, 2);
  out[o++] = 0x3a;
  digits(seconds, 2);
  out[o++] = 0x2e;
  digits(millis, 3);
  out[o++] = 0x5a;
  return o;
}

const HEX = Buffer.from('0123456789abcdef', 'latin1');
/** JSON.stringify's short escapes, by byte. */
const SHORT_ESCAPE: Record<number, number> = {
  0x08: 0x62, // b
  0x09: 0x74, // t
  0x0a: 0x6e, // n
  0x0c: 0x66, // f
  0x0d: 0x72, // r
  0x22: 0x22,
  0x5c: 0x5c,
};

export class ExportRowWriter implements CopyRowSink {
  #out: Buffer = Buffer.allocUnsafe(OUTPUT_BUFFER);
  #used = 0;
  #pieces: Buffer[] = [];
  readonly #metadata: number;
  readonly #keys: Record<string, Buffer> = {};
  #lastChunk: Buffer | undefined;
  #lastStart = -1;
  #lastEnd = -1;
  count = 0;
  lastSeq = 0;

  constructor(
    private readonly format: 'csv' | 'json',
    private readonly includeDetails: boolean,
  ) {
    this.#metadata = includeDetails ? 16 : -1;
    for (const key of [
      'id',
      'seq',
      'source',
      'timestamp',
      'actorId',
      'actorType',
      'action',
      'outcome',
      'severity',
      'prevHash',
      'hash',
      'contentHash',
      'metadataHash',
      'eventId',
      'resourceType',
      'resourceId',
      'tenant',
      'ip',
      'userAgent',
      'requestId',
      'metadata',
    ]) {
      this.#keys[key] = Buffer.from(`,"${key}":`, 'latin1');
    }
  }

  /** Bytes formatted and not yet taken. */
  get buffered(): number {
    return this.#pieces.reduce((n, piece) => n + piece.length, this.#used);
  }

  /**
   * The output formatted since the last call, as one buffer: written out in
   * large pieces, so a file or a response sees few, large writes.
   */
  take(): Buffer {
    const pieces = [...this.#pieces, this.#out.subarray(0, this.#used)];
    this.#pieces = [];
    this.#out = Buffer.allocUnsafe(OUTPUT_BUFFER);
    this.#used = 0;
    return pieces.length === 1 ? pieces[0] : Buffer.concat(pieces);
  }

  row(chunk: Buffer, starts: Int32Array, ends: Int32Array): void {
    // Room for the worst case: every byte escaped as \u00XX, plus keys.
    let frame = 0;
    for (let i = 0; i < ends.length; i++) {
      if (ends[i] > starts[i]) frame += ends[i] - starts[i];
    }
    this.#reserve(frame * 6 + 1024);
    const seq = int64At(chunk, starts[0]);
    const hashAt = starts.length - 1;
    if (this.format === 'csv') this.#csvRow(chunk, starts, ends, seq);
    else this.#jsonRow(chunk, starts, ends, seq);
    this.count += 1;
    this.lastSeq = seq;
    this.#lastChunk = chunk;
    this.#lastStart = starts[hashAt];
    this.#lastEnd = ends[hashAt];
  }

  /** The hash of the last row written. */
  get lastHash(): string {
    return this.#lastChunk && this.#lastStart >= 0
      ? this.#lastChunk.toString('latin1', this.#lastStart, this.#lastEnd)
      : '';
  }

  #reserve(bytes: number) {
    if (this.#used + bytes <= this.#out.length) return;
    this.#pieces.push(this.#out.subarray(0, this.#used));
    this.#out = Buffer.allocUnsafe(Math.max(OUTPUT_BUFFER, bytes));
    this.#used = 0;
  }

  #ascii(text: string) {
    const out = this.#out;
    let o = this.#used;
    for (let i = 0; i < text.length; i++) out[o++] = text.charCodeAt(i);
    this.#used = o;
  }

  #bytes(src: Buffer, start: number, end: number) {
    const out = this.#out;
    let o = this.#used;
    for (let i = start; i < end; i++) out[o++] = src[i];
    this.#used = o;
  }

  /** Writes `toISOString()` of a timestamptz (its int64 at `at`). */
  #timestamp(chunk: Buffer, at: number) {
    const ms = Math.floor(int64At(chunk, at) / 1000) + PG_EPOCH_MS;
    this.#used = writeIsoTime(this.#out, this.#used, ms);
  }

  #csvRow(chunk: Buffer, starts: Int32Array, ends: Int32Array, seq: number) {
    const out = this.#out;
    this.#ascii(String(seq));
    for (let i = 1; i < starts.length; i++) {
      out[this.#used++] = 0x2c;
      if (i === 2) {
        this.#timestamp(chunk, starts[i]);
      } else if (
        i === this.#metadata &&
        (starts[i] < 0 || starts[i] === ends[i])
      ) {
        this.#ascii('{}');
      } else if (starts[i] >= 0) {
        this.#csvCell(chunk, starts[i], ends[i]);
      }
    }
    out[this.#used++] = 0x0a;
  }

  /** `csvCell`: quoted when it has a quote, comma, CR or LF. */
  #csvCell(src: Buffer, start: number, end: number) {
    let quote = false;
    for (let i = start; i < end; i++) {
      const b = src[i];
      if (b === 0x22 || b === 0x2c || b === 0x0a || b === 0x0d) {
        quote = true;
        break;
      }
    }
    if (!quote) {
      this.#bytes(src, start, end);
      return;
    }
    const out = this.#out;
    let o = this.#used;
    out[o++] = 0x22;
    for (let i = start; i < end; i++) {
      const b = src[i];
      if (b === 0x22) out[o++] = 0x22;
      out[o++] = b;
    }
    out[o++] = 0x22;
    this.#used = o;
  }

  #jsonRow(chunk: Buffer, starts: Int32Array, ends: Int32Array, seq: number) {
    const out = this.#out;
    if (this.count > 0) out[this.#used++] = 0x2c;
    out[this.#used++] = 0x0a;
    // exportRow(rowToRecord(row)): required fields first, then the optional
    // ones that are set (empty text included), then the metadata.
    this.#ascii('{"id":');
    this.#jsonString(chunk, starts[1], ends[1]);
    this.#key('seq');
    this.#ascii(String(seq));
    this.#field('source', chunk, starts[3], ends[3]);
    this.#key('timestamp');
    this.#out[this.#used++] = 0x22;
    this.#timestamp(chunk, starts[2]);
    this.#out[this.#used++] = 0x22;
    this.#key('actorId');
    if (starts[5] < 0) this.#ascii('""');
    else this.#jsonString(chunk, starts[5], ends[5]);
    const last = starts.length - 1;
    this.#field('actorType', chunk, starts[6], ends[6]);
    this.#field('action', chunk, starts[7], ends[7]);
    this.#field('outcome', chunk, starts[11], ends[11]);
    this.#field('severity', chunk, starts[12], ends[12]);
    this.#field('prevHash', chunk, starts[last - 1], ends[last - 1]);
    this.#field('hash', chunk, starts[last], ends[last]);
    this.#field('contentHash', chunk, starts[last - 2], ends[last - 2]);
    this.#field('metadataHash', chunk, starts[last - 3], ends[last - 3]);
    this.#optional('eventId', chunk, starts[4], ends[4]);
    this.#optional('resourceType', chunk, starts[8], ends[8]);
    this.#optional('resourceId', chunk, starts[9], ends[9]);
    this.#optional('tenant', chunk, starts[10], ends[10]);
    this.#optional('ip', chunk, starts[13], ends[13]);
    this.#optional('userAgent', chunk, starts[14], ends[14]);
    this.#optional('requestId', chunk, starts[15], ends[15]);
    if (this.includeDetails) {
      this.#key('metadata');
      const start = starts[16];
      const end = ends[16];
      if (start < 0 || start === end) {
        this.#ascii('{}');
      } else if (hasIntegerKey(chunk, start, end)) {
        // JSON.stringify puts integer-like keys first, as the portable
        // export does when it stringifies the parsed metadata.
        const text = JSON.stringify(
          JSON.parse(chunk.toString('utf8', start, end)),
        );
        const bytes = Buffer.from(text, 'utf8');
        this.#reserve(bytes.length + 2);
        this.#bytes(bytes, 0, bytes.length);
      } else {
        this.#bytes(chunk, start, end);
      }
    }
    this.#out[this.#used++] = 0x7d;
  }

  #key(key: string) {
    const bytes = this.#keys[key];
    this.#bytes(bytes, 0, bytes.length);
  }

  /** A required text field (NULL only in a damaged row: written as null). */
  #field(key: string, src: Buffer, start: number, end: number) {
    this.#key(key);
    if (start < 0) this.#ascii('null');
    else this.#jsonString(src, start, end);
  }

  #optional(key: string, src: Buffer, start: number, end: number) {
    if (start >= 0) this.#field(key, src, start, end);
  }

  /** A string as JSON.stringify writes it. */
  #jsonString(src: Buffer, start: number, end: number) {
    const out = this.#out;
    let o = this.#used;
    out[o++] = 0x22;
    for (let i = start; i < end; i++) {
      const b = src[i];
      if (b >= 0x20 && b !== 0x22 && b !== 0x5c) {
        out[o++] = b;
        continue;
      }
      out[o++] = 0x5c;
      const short = SHORT_ESCAPE[b];
      if (short !== undefined) {
        out[o++] = short;
      } else {
        out[o++] = 0x75; // u00XX
        out[o++] = 0x30;
        out[o++] = 0x30;
        out[o++] = HEX[b >> 4];
        out[o++] = HEX[b & 15];
      }
    }
    out[o++] = 0x22;
    this.#used = o;
  }
}
