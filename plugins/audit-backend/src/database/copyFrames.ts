/**
 * Reads PostgreSQL's binary COPY format (`COPY ... TO STDOUT WITH (FORMAT
 * binary)`): a 19-byte header (plus extension), then per row a field count,
 * and per field its length (-1 for NULL) and bytes; a field count of -1 ends
 * the data. Chunks may split rows anywhere; the rest of a split row waits
 * for the next chunk. Values arrive in their binary form (text as its UTF-8
 * bytes, unquoted), so finding them takes only the lengths.
 */

const SIGNATURE = Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1');

/** Receives each complete row: field i is `chunk[starts[i], ends[i])`. */
export interface CopyRowSink {
  /** `starts[i]` is -1 when field i is NULL. Valid during the call only. */
  row(chunk: Buffer, starts: Int32Array, ends: Int32Array): void;
}

export class BinaryCopyReader {
  #pending: Buffer | undefined;
  #headerDone = false;
  #ended = false;
  readonly #starts: Int32Array;
  readonly #ends: Int32Array;
  rows = 0;

  constructor(private readonly fields: number) {
    this.#starts = new Int32Array(fields);
    this.#ends = new Int32Array(fields);
  }

  /** Whether the end-of-data marker was read. */
  get ended(): boolean {
    return this.#ended;
  }

  /**
   * Finds the fields of the row whose first field starts at `at`; returns
   * where the row ends, or -1 when the chunk ends first.
   */
  #fieldsOf(chunk: Buffer, from: number): number {
    let at = from;
    for (let i = 0; i < this.fields; i++) {
      if (at + 4 > chunk.length) return -1;
      const size = chunk.readInt32BE(at);
      at += 4;
      if (size < 0) {
        this.#starts[i] = -1;
        this.#ends[i] = -1;
      } else {
        if (at + size > chunk.length) return -1;
        this.#starts[i] = at;
        this.#ends[i] = at + size;
        at += size;
      }
    }
    return at;
  }

  /**
   * The length of the row that starts in `head` (a split row) and goes on
   * in `tail`, or -1 when `tail` does not complete it.
   */
  #splitRowLength(head: Buffer, tail: Buffer): number {
    const available = head.length + tail.length;
    const byte = (i: number) =>
      i < head.length ? head[i] : tail[i - head.length];
    const int32 = (i: number) =>
      (byte(i) << 24) | (byte(i + 1) << 16) | (byte(i + 2) << 8) | byte(i + 3);
    if (available < 2) return -1;
    const count = ((byte(0) << 24) | (byte(1) << 16)) >> 16;
    if (count === -1) return 2;
    let at = 2;
    for (let i = 0; i < count; i++) {
      if (at + 4 > available) return -1;
      const size = int32(at);
      at += 4 + Math.max(size, 0);
      if (at > available) return -1;
    }
    return at;
  }

  /** Feeds a chunk; calls `sink.row` for every complete row in it. */
  push(data: Buffer, sink: CopyRowSink): void {
    let chunk = data;
    let pos = 0;
    if (this.#pending) {
      const pending = this.#pending;
      this.#pending = undefined;
      const total = this.#headerDone ? this.#splitRowLength(pending, data) : -1;
      if (total < 0) {
        chunk = Buffer.concat([pending, data]);
      } else {
        // Only the split row is joined, not the whole chunk.
        const rest = total - pending.length;
        this.#rows(Buffer.concat([pending, data.subarray(0, rest)]), 0, sink);
        if (this.#ended) return;
        pos = rest;
      }
    }
    if (!this.#headerDone) {
      if (chunk.length < 19) {
        this.#pending = chunk;
        return;
      }
      if (!chunk.subarray(0, 11).equals(SIGNATURE)) {
        throw new Error('Not a binary COPY stream');
      }
      const extension = chunk.readInt32BE(15);
      if (chunk.length < 19 + extension) {
        this.#pending = chunk;
        return;
      }
      pos = 19 + extension;
      this.#headerDone = true;
    }
    const stop = this.#rows(chunk, pos, sink);
    if (!this.#ended && stop < chunk.length) {
      this.#pending = chunk.subarray(stop);
    }
  }

  /** Calls `sink.row` for the complete rows from `from`; returns where it stopped. */
  #rows(chunk: Buffer, from: number, sink: CopyRowSink): number {
    let pos = from;
    while (pos + 2 <= chunk.length) {
      const count = chunk.readInt16BE(pos);
      if (count === -1) {
        this.#ended = true;
        return chunk.length;
      }
      if (count !== this.fields) {
        throw new Error(
          `Expected ${this.fields} fields per COPY row, got ${count}`,
        );
      }
      const next = this.#fieldsOf(chunk, pos + 2);
      if (next < 0) break;
      sink.row(chunk, this.#starts, this.#ends);
      this.rows += 1;
      pos = next;
    }
    return pos;
  }
}
