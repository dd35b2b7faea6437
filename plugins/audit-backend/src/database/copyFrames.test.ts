import { BinaryCopyReader } from './copyFrames';
import { hasIntegerKey, writeIsoTime } from './exportRows';

/** A binary COPY stream of (text, int4 or NULL) rows, as PostgreSQL sends it. */
function copyStream(rows: Array<[string, number | null]>): Buffer {
  const parts = [
    Buffer.from('PGCOPY\n\xff\r\n\0', 'latin1'),
    Buffer.from([0, 0, 0, 0, 0, 0, 0, 0]),
  ];
  for (const [text, value] of rows) {
    const bytes = Buffer.from(text, 'utf8');
    const head = Buffer.alloc(6);
    head.writeInt16BE(2, 0);
    head.writeInt32BE(bytes.length, 2);
    const tail = Buffer.alloc(value === null ? 4 : 8);
    tail.writeInt32BE(value === null ? -1 : 4, 0);
    if (value !== null) tail.writeInt32BE(value, 4);
    parts.push(head, bytes, tail);
  }
  parts.push(Buffer.from([0xff, 0xff]));
  return Buffer.concat(parts);
}

describe('BinaryCopyReader', () => {
  const rows: Array<[string, number | null]> = [
    ['{"a":"Zoë 😀"}', 3],
    ['', null],
    ['x'.repeat(300), 0],
  ];
  const stream = copyStream(rows);

  it('reads every row whatever the chunks were cut at', () => {
    for (let cut = 1; cut < stream.length; cut++) {
      for (const size of [cut, 1, 7]) {
        const reader = new BinaryCopyReader(2);
        const seen: Array<[string, number | null]> = [];
        for (let i = 0; i < stream.length; i += size) {
          reader.push(stream.subarray(i, i + size), {
            row: (chunk, starts, ends) =>
              seen.push([
                chunk.toString('utf8', starts[0], ends[0]),
                starts[1] < 0 ? null : chunk.readInt32BE(starts[1]),
              ]),
          });
        }
        expect(seen).toEqual(rows);
        expect(reader.ended).toBe(true);
        expect(reader.rows).toBe(3);
      }
    }
  });

  it('refuses what is not binary COPY', () => {
    expect(() =>
      new BinaryCopyReader(2).push(Buffer.from('1,2,3\n'.repeat(5)), {
        row: () => {},
      }),
    ).toThrow('Not a binary COPY stream');
  });
});

describe('hasIntegerKey', () => {
  const check = (json: string) => {
    const bytes = Buffer.from(json);
    return hasIntegerKey(bytes, 0, bytes.length);
  };

  it('finds integer-like keys at any depth, not digits in strings', () => {
    expect(check('{"0":1}')).toBe(true);
    expect(check('{"a":{"b":[{"12":null}]}}')).toBe(true);
    expect(check('{"01":1}')).toBe(true); // not integer-like: only slower
    expect(check('{"a":"12","b":12,"c":["3"]}')).toBe(false);
    expect(check('{"a":"\\"12\\":"}')).toBe(false);
    expect(check('{"-1":1,"1.5":2,"x1":3}')).toBe(false);
  });
});

describe('writeIsoTime', () => {
  it('writes what toISOString writes', () => {
    const out = Buffer.alloc(64);
    const times = [
      0,
      -1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999),
      Date.UTC(1900, 1, 28),
      Date.UTC(0, 0, 1) - 1,
      -62167219200000, // 0000-01-01
      253402300799999, // 9999-12-31T23:59:59.999Z
      253402300800000, // +010000
      -62167219200001, // -000001
    ];
    for (let i = 0; i < 20000; i++) {
      times.push(Math.floor((Math.random() - 0.5) * 2 * 253402300799999));
    }
    for (const ms of times) {
      const end = writeIsoTime(out, 0, ms);
      expect(out.toString('latin1', 0, end)).toBe(new Date(ms).toISOString());
    }
  });
});
