/*
 * Audit trail throughput: ingestion through the store's append (hash chain,
 * head, duplicate check, checkpoints) next to a raw multi-row insert of the
 * same rows (batches of 100 and 1,000), two writers at once, and the export
 * (CSV and JSON, with and without details) next to PostgreSQL's own COPY of
 * the same rows and columns, with peak memory at 100,000 records and at N.
 * See bench/README.md. Prints numbers only.
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
import knexFactory, { Knex } from 'knex';
import { to as copyTo } from 'pg-copy-streams';
import { AuditStore } from '../plugins/audit-backend/src/database/AuditStore';
import { connectAuditStores } from '../plugins/audit-backend/src/database/stores';
import {
  CheckpointSigner,
  nodeSha256,
} from '../plugins/audit-backend/src/service/CheckpointSigner';
import {
  ExportFormat,
  ExportService,
} from '../plugins/audit-backend/src/service/ExportService';
import { VerificationService } from '../plugins/audit-backend/src/service/VerificationService';
import { envInt, openBenchDatabase } from './lib';

/** Records in the table for the export. */
const N = envInt('AUDIT_BENCH_N', 1_000_000);
/** Events ingested (and raw-inserted) per batch size for the ingestion figures. */
const INGEST = Math.min(N, envInt('AUDIT_BENCH_INGEST', 20_000));
/** The smaller export size, for the memory comparison. */
const SMALL = Math.min(N, envInt('AUDIT_BENCH_SMALL', 100_000));
const BATCHES = [100, 1000];
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
    write: (chunk: string | Buffer) =>
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

const isPg = (knex: Knex) =>
  /^(pg|postgres)/.test(String(knex.client.config.client));

/** Appends `events` in batches; returns the seconds taken. */
async function appendAll(
  store: AuditStore,
  events: AuditEventInput[],
  batch: number,
): Promise<number> {
  const start = performance.now();
  for (let i = 0; i < events.length; i += batch) {
    await store.append(events.slice(i, i + batch));
  }
  return (performance.now() - start) / 1000;
}

/**
 * The same rows as raw inserts: one transaction per batch, one multi-row
 * INSERT per batch (SQLite: as many as its 999 parameters allow).
 */
async function rawInsertAll(
  knex: Knex,
  events: AuditEventInput[],
  batch: number,
): Promise<number> {
  const rows = events.map(rawRow);
  const chunk = isPg(knex) ? batch : 50;
  const start = performance.now();
  for (let i = 0; i < rows.length; i += batch) {
    const slice = rows.slice(i, i + batch);
    await knex.transaction(async tx => {
      for (let j = 0; j < slice.length; j += chunk) {
        await tx('bench_raw_events').insert(slice.slice(j, j + chunk));
      }
    });
  }
  return (performance.now() - start) / 1000;
}

interface Measured {
  name: string;
  rows: number;
  bytes: number;
  seconds: number;
  rss: number;
  heap: number;
}

/**
 * PostgreSQL's own limit for getting the rows out: COPY of the same rows
 * and columns as CSV through pg-copy-streams on a connection of the same
 * pool, the bytes counted.
 */
async function copyBaseline(
  knex: Knex,
  withMetadata: boolean,
): Promise<Measured> {
  const columns = [
    'seq, id, "timestamp", source, event_id, actor_id, actor_type, action',
    'resource_type, resource_id, tenant, outcome, severity, ip, user_agent',
    'request_id',
    ...(withMetadata ? ['metadata'] : []),
    'metadata_hash, content_hash, prev_hash, hash',
  ].join(', ');
  const client = knex.client as any;
  const start = performance.now();
  const measured = await withMemory(async () => {
    const connection = await client.acquireConnection();
    try {
      const stream = connection.query(
        copyTo(
          `COPY (SELECT ${columns} FROM audit_events WHERE purged_at IS NULL ORDER BY seq) TO STDOUT WITH (FORMAT csv)`,
        ),
      );
      let bytes = 0;
      for await (const chunk of stream) bytes += chunk.length;
      // The row count arrives with the command's completion, after the data.
      await connection.query('SELECT 1');
      return { bytes, rows: stream.rowCount as number };
    } finally {
      await client.releaseConnection(connection);
    }
  });
  return {
    name: `COPY csv, same columns${withMetadata ? '' : ' (no metadata)'}`,
    rows: measured.result.rows,
    bytes: measured.result.bytes,
    seconds: (performance.now() - start) / 1000,
    rss: measured.rss,
    heap: measured.heap,
  };
}

/** The real export (what GET /export streams) into a file. */
async function exportToFile(
  exports: ExportService,
  format: ExportFormat,
  includeDetails: boolean,
  file: string,
): Promise<Measured> {
  const header = await exports.header({
    range: {},
    filters: {},
    includeDetails,
  });
  const out = fileWriter(file);
  const start = performance.now();
  const measured = await withMemory(async () => {
    const trailer = await exports.write({
      filter: {},
      header,
      format,
      write: chunk => out.write(chunk),
    });
    await out.close();
    return trailer;
  });
  return {
    name: `export ${format}${
      includeDetails ? ' with details' : ' without details'
    }`,
    rows: measured.result.count,
    bytes: statSync(file).size,
    seconds: (performance.now() - start) / 1000,
    rss: measured.rss,
    heap: measured.heap,
  };
}

/** Every export format next to its COPY baseline, at the current size. */
async function measureExports(
  knex: Knex,
  exports: ExportService,
  dir: string,
): Promise<void> {
  const baselines = isPg(knex)
    ? {
        true: await copyBaseline(knex, true),
        false: await copyBaseline(knex, false),
      }
    : undefined;
  const runs: Array<[ExportFormat, boolean]> = [
    ['csv', true],
    ['json', true],
    ['csv', false],
    ['json', false],
  ];
  const results: Array<{ run: Measured; baseline?: Measured }> = [];
  for (const [format, includeDetails] of runs) {
    const file = join(dir, `export.${format}`);
    const run = await exportToFile(exports, format, includeDetails, file);
    rmSync(file, { force: true });
    results.push({
      run,
      baseline: baselines?.[includeDetails ? 'true' : 'false'],
    });
  }
  console.log(
    `${'export'.padEnd(38)}${'rows'.padStart(11)}${'rows/s'.padStart(
      11,
    )}${'MB/s'.padStart(8)}${'seconds'.padStart(9)}${'peak rss'.padStart(
      11,
    )}${'peak heap'.padStart(11)}${'vs COPY'.padStart(9)}`,
  );
  const line = (m: Measured, ratio?: number) =>
    console.log(
      `${m.name.padEnd(38)}${fmt(m.rows).padStart(11)}${fmt(
        m.rows / m.seconds,
      ).padStart(11)}${(m.bytes / 1024 / 1024 / m.seconds)
        .toFixed(1)
        .padStart(8)}${m.seconds.toFixed(2).padStart(9)}${mb(m.rss).padStart(
        11,
      )}${mb(m.heap).padStart(11)}${
        ratio === undefined ? '' : ratio.toFixed(3).padStart(9)
      }`,
    );
  if (baselines) {
    line(baselines.true);
    line(baselines.false);
  }
  for (const { run, baseline } of results) {
    line(
      run,
      baseline
        ? run.rows / run.seconds / (baseline.rows / baseline.seconds)
        : undefined,
    );
  }
}

/** Fills the table to `target` records in batches (not measured). */
async function fillTo(store: AuditStore, from: number, target: number) {
  const start = performance.now();
  for (let filled = from; filled < target; filled += FILL_BATCH) {
    await store.append(
      Array.from({ length: Math.min(FILL_BATCH, target - filled) }, makeEvent),
    );
  }
  const seconds = (performance.now() - start) / 1000;
  if (target > from) {
    console.log(
      `(filled ${fmt(from)} → ${fmt(
        target,
      )} records in batches of ${FILL_BATCH}: ${fmt(
        (target - from) / Math.max(seconds, 1e-9),
      )} events/s)`,
    );
  }
}

async function main() {
  const { knex, label, cleanup } = await openBenchDatabase({
    prefix: 'audit',
    connectionEnv: 'AUDIT_BENCH_PG',
    sqliteFallback: true,
  });
  const dir = mkdtempSync(join(tmpdir(), 'audit-bench-out-'));
  let second: Knex | undefined;
  try {
    const options = {
      signer: CheckpointSigner.ephemeral(),
      checkpointInterval: 1000,
      sha256: nodeSha256,
    };
    const database: DatabaseService = { getClient: async () => knex };
    const stores = await connectAuditStores(database, options);
    const store = stores.audit;
    const exports = new ExportService(stores);
    await createRawTable(knex);

    console.log(
      `Audit benchmark on ${label}, node ${process.version}: ingest ${fmt(
        INGEST,
      )} events per batch size (${BATCHES.join(', ')}), export ${fmt(
        SMALL,
      )} and ${fmt(N)} records`,
    );

    // Ingestion: the same events through append and as raw inserts.
    console.log('');
    console.log(
      `${'ingestion'.padEnd(44)}${'batch'.padStart(7)}${'events/s'.padStart(
        12,
      )}${'seconds'.padStart(10)}${'ratio'.padStart(8)}`,
    );
    let ingested = 0;
    for (const batch of BATCHES) {
      const events = Array.from({ length: INGEST }, makeEvent);
      const appendSeconds = await appendAll(store, events, batch);
      const rawSeconds = await rawInsertAll(knex, events, batch);
      ingested += events.length;
      const line = (name: string, seconds: number, ratio?: number) =>
        console.log(
          `${name.padEnd(44)}${String(batch).padStart(7)}${fmt(
            INGEST / seconds,
          ).padStart(12)}${seconds.toFixed(2).padStart(10)}${
            ratio === undefined ? '' : ratio.toFixed(3).padStart(8)
          }`,
        );
      line(
        'store.append (chain, head, dedup, checkpoints)',
        appendSeconds,
        rawSeconds / appendSeconds,
      );
      line('raw multi-row insert (same rows and indexes)', rawSeconds);
    }

    // Two backend instances at once: two pools appending concurrently.
    if (isPg(knex)) {
      second = knexFactory({
        client: 'pg',
        connection: knex.client.config.connection,
      });
      const otherStores = await connectAuditStores(
        { getClient: async () => second! },
        { ...options, signer: CheckpointSigner.ephemeral() },
      );
      for (const batch of BATCHES) {
        const perWriter = Math.floor(INGEST / 2);
        const a = Array.from({ length: perWriter }, makeEvent);
        const b = Array.from({ length: perWriter }, makeEvent);
        const start = performance.now();
        await Promise.all([
          appendAll(store, a, batch),
          appendAll(otherStores.audit, b, batch),
        ]);
        const seconds = (performance.now() - start) / 1000;
        ingested += 2 * perWriter;
        console.log(
          `${'two writers (two pools), together'.padEnd(44)}${String(
            batch,
          ).padStart(7)}${fmt((2 * perWriter) / seconds).padStart(12)}${seconds
            .toFixed(2)
            .padStart(10)}`,
        );
      }
      const report = await new VerificationService(stores, {
        sha256: nodeSha256,
      }).verify();
      console.log(
        `chain after the two writers: ${
          report.ok ? 'verifies' : 'BROKEN'
        }, ${fmt(report.checked)} records checked`,
      );
    }

    // Export at SMALL records, then at N: rows/s next to COPY, peak memory.
    await fillTo(store, ingested, SMALL);
    await knex.raw(isPg(knex) ? 'ANALYZE audit_events' : 'ANALYZE');
    console.log('');
    console.log(`Export of ${fmt(Math.max(SMALL, ingested))} records:`);
    await measureExports(knex, exports, dir);
    if (N > SMALL) {
      await fillTo(store, Math.max(SMALL, ingested), N);
      // What autovacuum does on a production server (it is often off on
      // test servers): without statistics the planner picks bad plans.
      await knex.raw(isPg(knex) ? 'ANALYZE audit_events' : 'ANALYZE');
      console.log('');
      console.log(`Export of ${fmt(N)} records:`);
      await measureExports(knex, exports, dir);
    }
  } finally {
    await second?.destroy();
    rmSync(dir, { recursive: true, force: true });
    await cleanup();
  }
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
