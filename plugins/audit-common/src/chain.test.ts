import { createHash } from 'node:crypto';
import {
  canonicalJson,
  ChainVerifier,
  chainRowOf,
  GENESIS_HASH,
  HashedAuditRecord,
  verifyChain,
  auditContent,
  metadataHashOf,
  contentHashOf,
  chainHashOf,
} from './chain';
import { sha256Hex } from './sha256';

const nodeSha = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');

describe('sha256Hex', () => {
  it.each([
    '',
    'abc',
    'a'.repeat(55),
    'a'.repeat(56),
    'a'.repeat(64),
    'a'.repeat(1000),
    'ü€😀 unicode',
    GENESIS_HASH + 'f'.repeat(64),
  ])('matches node:crypto for %j', text => {
    expect(sha256Hex(text)).toBe(nodeSha(text));
  });

  it('knows the FIPS test vector', () => {
    expect(sha256Hex('abc')).toBe(
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    );
  });
});

describe('canonicalJson', () => {
  it('sorts keys recursively and drops undefined members', () => {
    expect(
      canonicalJson({
        b: 1,
        a: { d: [3, { z: 1, y: 2 }], c: 'x' },
        u: undefined,
      }),
    ).toBe('{"a":{"c":"x","d":[3,{"y":2,"z":1}]},"b":1}');
    expect(canonicalJson({ b: 1, a: 2 })).toBe(canonicalJson({ a: 2, b: 1 }));
  });
});

function chain(count: number): HashedAuditRecord[] {
  const records: HashedAuditRecord[] = [];
  let prevHash = GENESIS_HASH;
  for (let seq = 1; seq <= count; seq++) {
    const record = {
      seq,
      id: `id-${seq}`,
      source: 'plugin:test',
      timestamp: new Date(Date.UTC(2025, 0, seq)).toISOString(),
      actorId: 'user:default/ada',
      actorType: 'user',
      action: 'tenants.create',
      tenant: 'acme',
      outcome: 'success',
      severity: 'high',
      metadata: { seq, nested: { b: 1, a: 2 } },
    };
    const contentHash = contentHashOf(
      auditContent(record, metadataHashOf(record.metadata)),
    );
    const hash = chainHashOf(prevHash, contentHash);
    records.push({ ...record, prevHash, hash, contentHash });
    prevHash = hash;
  }
  return records;
}

describe('verifyChain', () => {
  it('accepts an intact chain, from genesis or from any record', () => {
    const records = chain(5);
    expect(verifyChain(records)).toEqual({ ok: true, checked: 5 });
    expect(verifyChain(records.slice(2))).toEqual({ ok: true, checked: 3 });
    expect(verifyChain([])).toEqual({ ok: true, checked: 0 });
  });

  it.each([
    [
      'metadata',
      (r: HashedAuditRecord) => ({ ...r, metadata: { seq: 99 } }),
      'content-altered',
    ],
    [
      'actor',
      (r: HashedAuditRecord) => ({ ...r, actorId: 'mallory' }),
      'content-altered',
    ],
    [
      'hash',
      (r: HashedAuditRecord) => ({ ...r, hash: 'f'.repeat(64) }),
      'hash-altered',
    ],
    [
      'prevHash (rehashed)',
      (r: HashedAuditRecord) => ({
        ...r,
        prevHash: 'e'.repeat(64),
        hash: chainHashOf('e'.repeat(64), r.contentHash!),
      }),
      'broken-link',
    ],
  ])('names the record whose %s was altered', (_name, alter, reason) => {
    const records = chain(5);
    records[2] = alter(records[2]);
    expect(verifyChain(records)).toEqual({
      ok: false,
      checked: 3,
      firstBroken: { seq: 3, id: 'id-3', reason },
    });
  });

  it('finds missing and reordered records', () => {
    const records = chain(5);
    expect(verifyChain([records[0], records[2]]).firstBroken).toMatchObject({
      seq: 3,
      reason: 'missing-record',
    });
    expect(verifyChain([records[1], records[0]]).firstBroken).toMatchObject({
      seq: 1,
      reason: 'out-of-order',
    });
    // The first record must link to genesis.
    const forged = { ...records[0], prevHash: 'a'.repeat(64) };
    forged.hash = chainHashOf(forged.prevHash, forged.contentHash!);
    expect(verifyChain([forged]).firstBroken).toMatchObject({
      reason: 'broken-link',
    });
  });

  it('checks rows after gaps on their own when gaps are allowed', () => {
    const records = chain(6);
    const verifier = new ChainVerifier({ allowGaps: true });
    for (const record of [records[0], records[2], records[3], records[5]]) {
      expect(verifier.check(chainRowOf(record))).toBeUndefined();
    }
    expect(verifier.notLinked).toBe(2);
    const altered = chainRowOf({ ...records[4], tenant: 'globex' });
    expect(new ChainVerifier({ allowGaps: true }).check(altered)).toMatchObject(
      {
        reason: 'content-altered',
      },
    );
  });

  it('accepts the node:crypto hash as the same function', () => {
    expect(verifyChain(chain(3), { sha256: nodeSha })).toEqual({
      ok: true,
      checked: 3,
    });
  });
});
