import { generateKeyPairSync, sign } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  auditContent,
  chainHashOf,
  checkpointMessage,
  contentHashOf,
  GENESIS_HASH,
  metadataHashOf,
} from '../chain';
import {
  AUDIT_EXPORT_FORMAT,
  CSV_HEADER_PREFIX,
  CSV_TRAILER_PREFIX,
  csvCell,
  csvMetaLine,
  exportColumns,
} from '../exportFormat';
import { runAuditVerify } from './verifyCli';

/** A small export written by hand with the shared format helpers. */
function makeExport(count: number) {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  const rows: Record<string, unknown>[] = [];
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
    };
    const metadata = { seq, text: 'a, "quoted"\nline' };
    const metadataHash = metadataHashOf(metadata);
    const contentHash = contentHashOf(auditContent(record, metadataHash));
    const hash = chainHashOf(prevHash, contentHash);
    rows.push({
      ...record,
      metadata: JSON.stringify(metadata),
      metadataHash,
      contentHash,
      prevHash,
      hash,
    });
    prevHash = hash;
  }
  const last = rows[rows.length - 1];
  const checkpoint = {
    seq: last.seq as number,
    hash: last.hash as string,
    signature: sign(
      null,
      Buffer.from(
        checkpointMessage({
          seq: last.seq as number,
          hash: last.hash as string,
        }),
      ),
      privateKey,
    ).toString('base64'),
    keyId: 'test',
    publicKey: publicKey.export({ type: 'spki', format: 'pem' }) as string,
    createdAt: new Date().toISOString(),
  };
  const columns = exportColumns(true);
  const header = csvMetaLine(CSV_HEADER_PREFIX, {
    format: AUDIT_EXPORT_FORMAT,
    generatedAt: new Date().toISOString(),
    range: {},
    filters: {},
    includeDetails: true,
    checkpoint,
  });
  const body = rows
    .map(row => `${columns.map(c => csvCell(row[c])).join(',')}\n`)
    .join('');
  const trailer = csvMetaLine(CSV_TRAILER_PREFIX, {
    count: rows.length,
    lastSeq: last.seq,
    lastHash: last.hash,
  });
  const text = `${header}${columns.join(',')}\n${body}${trailer}`;
  return { text, publicKey: checkpoint.publicKey };
}

describe('runAuditVerify', () => {
  const dir = mkdtempSync(join(tmpdir(), 'audit-verify-'));
  const run = async (...args: string[]) => {
    const out: string[] = [];
    const err: string[] = [];
    const code = await runAuditVerify(args, {
      out: line => out.push(line),
      err: line => err.push(line),
      cwd: dir,
    });
    return { code, out: out.join('\n'), err: err.join('\n') };
  };

  it('passes an intact export and names the first altered row', async () => {
    const { text, publicKey } = makeExport(5);
    writeFileSync(join(dir, 'ok.csv'), text);
    writeFileSync(join(dir, 'key.pem'), publicKey);
    expect(await run('ok.csv', '--public-key', 'key.pem')).toMatchObject({
      code: 0,
      out: expect.stringMatching(/^OK: 5 rows checked; checkpoint: verified/),
    });

    writeFileSync(
      join(dir, 'bad.csv'),
      text.replace('2025-01-03T', '2025-01-09T'),
    );
    const bad = await run('bad.csv');
    expect(bad.code).toBe(1);
    expect(bad.err).toContain('FAILED: row seq 3 id id-3: content-altered');
  });

  it('refuses bad usage and unreadable files', async () => {
    expect((await run()).code).toBe(2);
    expect((await run('a', 'b')).code).toBe(2);
    expect((await run('missing.csv')).code).toBe(1);
  });
});
