/*
 * Audit trail throughput: ingestion through the store's append (hash chain,
 * head lock, duplicate check, checkpoints) next to a raw knex insert of the
 * same rows, and a streamed CSV export next to a plain file write of the
 * same bytes, with peak memory. See bench/README.md. Prints numbers only.
 *
 *   yarn bench:audit
 *   AUDIT_BENCH_N=50000 AUDIT_BENCH_INGEST=10000 yarn bench:audit   # quick
 */
import { createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { DatabaseService } from '@backstage/backend-plugin-api';
import { AuditEventInput } from '@controlplane/plugin-audit-common';
import { Knex } from 'knex';
import { insertChunkSize } from '../plugins/audit-backend/src/database/AuditStore';
import { connectAuditStores } from '../plugins/audit-backend/src/database/stores';
import {
  CheckpointSigner,
  nodeSha256,
} from '../plugins/audit-backend/src/service/CheckpointSigner';
import { ExportService } from '../plugins/audit-backend/src/service/ExportService';
import { envInt, openBenchDatabase } from './lib';

/** Records in the table for the export. */
const N = envInt('AUDIT_BENCH_N', 1_000_000);
/** Events ingested (and raw-inserted) for the ingestion figures. */
const INGEST = Math.min(N, envInt('AUDIT_BENCH_INGEST', 50_000));
const BATCH = 100;
const FILL_BATCH = 1000;

let counter = 0;
function makeEvent(): AuditEventInput {
  counter += 1;
  return {
    source: 'service:bench',
    eventId: `evt-${counter}`,
    timestamp: new Date(Date.UTC(2025, 0, 1) + counter * 1000).toISOString(),
    actorId: `user:default/user${counter % 500}`,
    actorType: 'user',
    action: [
      'tenants.update',
      'rbac.role-grant',
      'flags.update',
      'login.success',
    ][counter % 4],
    resourceType: 'tenant',
    resourceId: `tenant-${counter % 200}`,
    tenant: `tenant-${counter % 200}`,
    outcome: counter % 17 === 0 ? 'failure' : 'success',
    severity: 'medium',
    metadata: {
      before: { plan: 'basic', seats: counter % 50 },
      after: { plan: 'pro', seats: (counter % 50) + 5 },
      reason: 'Upgrade requested by the tenant admin',
    },
    ip: '10.1.2.3',
    userAgent: 'Mozilla/5.0 (X11; Linux x86_64) bench',
    requestId: `req-${counter}`,
  };
}

/** The same columns and indexes as audit_events, without chain or triggers. */
async function createRawTable(knex: Knex) {
  await knex.schema.createTable('bench_raw_events', table => {
    table.bigIncrements('seq');
    table.string('id', 36).notNullable().unique();
    table.string('source', 255).notNullable();
    table.string('event_id', 255);
    table.timestamp('timestamp', { useTz: true }).notNullable();
    table.text('actor_id');
    table.string('actor_type', 16).notNullable();
    table.string('action', 255).notNullable();
    table.string('resource_type', 255);
    table.text('resource_id');
    table.string('tenant', 255);
    table.string('outcome', 16).notNullable();
    table.string('severity', 16).notNullable();
    table.text('metadata');
    table.string('ip', 255);
    table.text('user_agent');
    table.string('request_id', 255);
    table.unique(['source', 'event_id']);
    table.index(['actor_id', 'seq']);
    table.index(['action', 'seq']);
    table.index(['resource_type', 'resource_id', 'seq']);
    table.index(['tenant', 'seq']);
    table.index(['outcome', 'seq']);
    table.index(['severity', 'seq']);
    table.index(['timestamp']);
  });
}

function rawRow(event: AuditEventInput) {
  return {
    id: crypto.randomUUID(),
    source: event.source,
    event_id: event.eventId,
    timestamp: event.timestamp,
    actor_id: event.actorId,
    actor_type: event.actorType,
    action: event.action,
    resource_type: event.resourceType,
    resource_id: event.resourceId,
    tenant: event.tenant,
    outcome: event.outcome,
    severity: event.severity,
    metadata: JSON.stringify(event.metadata),
    ip: event.ip,
    user_agent: event.userAgent,
    request_id: event.requestId,
  };
}

/**
 * Samples rss and heapUsed while `work` runs; returns the peaks and, with
 * --expose-gc, the heap still in use after a full GC at the end compared
 * with before (what the work retained).
 */
async function withMemory<T>(
  work: () => Promise<T>,
): Promise<{ result: T; rss: number; heap: number; retained?: number }> {
  global.gc?.();
  const before = process.memoryUsage().heapUsed;
  let rss = 0;
  let heap = 0;
  const sample = () => {
    const usage = process.memoryUsage();
    rss = Math.max(rss, usage.rss);
    heap = Math.max(heap, usage.heapUsed);
  };
  sample();
  const timer = setInterval(sample, 20);
  try {
    const result = await work();
    sample();
    let retained: number | undefined;
    if (global.gc) {
      global.gc();
      retained = process.memoryUsage().heapUsed - before;
    }
    return { result, rss, heap, retained };
  } finally {
    clearInterval(timer);
  }
}

function fileWriter(path: string) {
  const stream = createWriteStream(path);
  return {
    write: (chunk: string) =>
      new Promise<void>((resolve, reject) => {
        if (stream.write(chunk)) {
          resolve();
          return;
        }
        const onDrain = () => {
          stream.off('error', onError);
          resolve();
        };
        const onError = (error: Error) => {
          stream.off('drain', onDrain);
          reject(error);
        };
        stream.once('drain', onDrain);
        stream.once('error', onError);
      }),
    close: () =>
      new Promise<void>((resolve, reject) => {
        stream.end((error?: Error | null) =>
          error ? reject(error) : resolve(),
        );
      }),
  };
}

const fmt = (n: number) => Math.round(n).toLocaleString('en-US');
const mb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

async function main() {
  const { knex, label, cleanup } = await openBenchDatabase({
    prefix: 'audit',
    connectionEnv: 'AUDIT_BENCH_PG',
    sqliteFallback: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-out-'));
  try {
    const database: DatabaseService = { getClient: async () => knex };
    const signer = CheckpointSigner.ephemeral();
    const stores = await connectAuditStores(database, {
      signer,
      checkpointInterval: 1000,
      sha256: nodeSha256,
    });
    const store = stores.audit;
    const exports = new ExportService(stores);
    await createRawTable(knex);

    console.log(
      `Audit benchmark on ${label}, node ${process.version}: ingest ${fmt(
        INGEST,
      )} events in batches of ${BATCH}, export ${fmt(N)} records`,
    );

    // Ingestion: the same events through append and as raw inserts.
    const events = Array.from({ length: INGEST }, makeEvent);
    let start = performance.now();
    for (let i = 0; i < events.length; i += BATCH) {
      await store.append(events.slice(i, i + BATCH));
    }
    const appendSeconds = (performance.now() - start) / 1000;

    const rows = events.map(rawRow);
    // The same rows per INSERT statement as the store.
    const chunk = insertChunkSize(knex);
    start = performance.now();
    for (let i = 0; i < rows.length; i += BATCH) {
      const batch = rows.slice(i, i + BATCH);
      await knex.transaction(async tx => {
        for (let j = 0; j < batch.length; j += chunk) {
          await tx('bench_raw_events').insert(batch.slice(j, j + chunk));
        }
      });
    }
    const rawSeconds = (performance.now() - start) / 1000;
    // Let the ingestion data go before measuring the export's memory.
    events.length = 0;
    rows.length = 0;

    // Fill up to N records for the export (not measured as ingestion).
    start = performance.now();
    for (let filled = INGEST; filled < N; filled += FILL_BATCH) {
      await store.append(
        Array.from({ length: Math.min(FILL_BATCH, N - filled) }, makeEvent),
      );
    }
    const fillSeconds = (performance.now() - start) / 1000;
    // What autovacuum does on a production server (it is often off on test
    // servers): without statistics the planner picks bad plans for the pages.
    await knex.raw('ANALYZE audit_events');

    // Export: the real export writer into a file, next to writing the same
    // bytes (one page repeated) into another file.
    const exportFile = join(dir, 'export.csv');
    let samplePage = '';
    const exportOut = fileWriter(exportFile);
    const header = await exports.header({
      range: {},
      filters: {},
      includeDetails: true,
    });
    start = performance.now();
    const exported = await withMemory(async () => {
      const trailer = await exports.write({
        filter: {},
        header,
        format: 'csv',
        write: chunk => {
          if (!samplePage && chunk.length > 10_000) samplePage = chunk;
          return exportOut.write(chunk);
        },
      });
      await exportOut.close();
      return trailer;
    });
    const exportSeconds = (performance.now() - start) / 1000;
    const exportBytes = statSync(exportFile).size;

    const plainFile = join(dir, 'plain.csv');
    const plainOut = fileWriter(plainFile);
    start = performance.now();
    const plain = await withMemory(async () => {
      let written = 0;
      const pageBytes = Buffer.byteLength(samplePage);
      while (written < exportBytes) {
        await plainOut.write(samplePage);
        written += pageBytes;
      }
      await plainOut.close();
      return written;
    });
    const plainSeconds = (performance.now() - start) / 1000;

    console.log('');
    console.log(
      `${'ingestion'.padEnd(44)}${'events/s'.padStart(12)}${'seconds'.padStart(
        10,
      )}`,
    );
    const ingestLine = (name: string, seconds: number) =>
      console.log(
        `${name.padEnd(44)}${fmt(INGEST / seconds).padStart(12)}${seconds
          .toFixed(2)
          .padStart(10)}`,
      );
    ingestLine('store.append (chain, lock, dedup)', appendSeconds);
    ingestLine('raw knex insert (same rows and indexes)', rawSeconds);
    console.log(
      `ratio append/raw: ${(rawSeconds / appendSeconds).toFixed(
        3,
      )} (1.0 = as fast as a plain insert)`,
    );
    console.log(
      `(filling to ${fmt(N)} records in batches of ${FILL_BATCH}: ${fmt(
        (N - INGEST) / Math.max(fillSeconds, 1e-9),
      )} events/s)`,
    );

    console.log('');
    console.log(
      `${'export'.padEnd(34)}${'rows/s'.padStart(12)}${'MB/s'.padStart(
        9,
      )}${'seconds'.padStart(9)}${'peak rss'.padStart(
        12,
      )}${'peak heap'.padStart(12)}`,
    );
    const exportLine = (
      name: string,
      seconds: number,
      bytes: number,
      memory: { rss: number; heap: number },
    ) =>
      console.log(
        `${name.padEnd(34)}${fmt(exported.result.count / seconds).padStart(
          12,
        )}${(bytes / 1024 / 1024 / seconds).toFixed(1).padStart(9)}${seconds
          .toFixed(2)
          .padStart(9)}${mb(memory.rss).padStart(12)}${mb(memory.heap).padStart(
          12,
        )}`,
      );
    exportLine(
      'streamed CSV export (pages of 1000)',
      exportSeconds,
      exportBytes,
      exported,
    );
    exportLine(
      'plain file write, same bytes',
      plainSeconds,
      plain.result,
      plain,
    );
    console.log(
      `ratio export/plain write: ${(plainSeconds / exportSeconds).toFixed(
        3,
      )}; ` +
        `export file ${mb(exportBytes)}, ${fmt(exported.result.count)} rows; ` +
        `peak rss ${mb(exported.rss)} vs ${mb(plain.rss)}`,
    );
    if (exported.retained !== undefined) {
      console.log(
        `heap retained after the export (after a full GC): ${mb(
          exported.retained,
        )}; peaks include garbage not yet collected`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
