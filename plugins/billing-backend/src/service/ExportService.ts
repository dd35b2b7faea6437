import { InputError } from '@backstage/errors';
import { Knex } from 'knex';
import { Writable } from 'node:stream';
import { BillingStores } from '../database/stores';

/** The columns of an export, in order. */
const COLUMNS = [
  'seq',
  'id',
  'source',
  'tenant',
  'period',
  'type',
  'quantity',
  'model',
  'agent',
  'app',
  'timestamp',
  'recordedAt',
  'properties',
] as const;

function csvField(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

interface EventRow {
  seq: number | string;
  event_id: string;
  source: string;
  tenant: string;
  period: string;
  type: string;
  quantity: number;
  model: string | null;
  agent: string | null;
  app: string | null;
  occurred_at: Date | string;
  recorded_at: Date | string;
  properties: string | null;
}

const record = (row: EventRow) => ({
  seq: Number(row.seq),
  id: row.event_id,
  source: row.source,
  tenant: row.tenant,
  period: row.period,
  type: row.type,
  quantity: Number(row.quantity),
  model: row.model,
  agent: row.agent,
  app: row.app,
  timestamp: new Date(row.occurred_at).toISOString(),
  recordedAt: new Date(row.recorded_at).toISOString(),
  properties: row.properties ? JSON.parse(row.properties) : null,
});

/** The opaque cursor of an export: the last sequence number sent. */
const encode = (seq: number) => Buffer.from(`s${seq}`).toString('base64url');
function decode(cursor: string | undefined): number {
  if (!cursor) return 0;
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = /^s(\d{1,15})$/.exec(text);
  if (!match)
    throw new InputError('cursor is not valid: pass X-Next-Cursor unchanged');
  return Number(match[1]);
}

/**
 * Exports one tenant's period in ingestion order (`seq`), from a cursor,
 * streamed in chunks. Only events recorded `settleSeconds` ago or earlier
 * are included: an event committed later with a smaller sequence number
 * than one already exported would otherwise be skipped by the next page.
 */
export class ExportService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      settleSeconds: number;
      now?: () => Date;
    },
  ) {}

  /** Where this page ends and whether more follow: known before streaming. */
  async plan(query: {
    tenant: string;
    period: string;
    cursor?: string;
    limit: number;
  }) {
    const after = decode(query.cursor);
    const settled = new Date(
      (this.options.now?.() ?? new Date()).getTime() -
        this.options.settleSeconds * 1000,
    ).toISOString();
    const base = () =>
      this.options.stores
        .db('billing_events')
        .where({ tenant: query.tenant, period: query.period })
        .where('seq', '>', after)
        .where('recorded_at', '<=', settled);
    const last = await base()
      .orderBy('seq')
      .offset(query.limit - 1)
      .first('seq');
    const upTo = last ? Number(last.seq) : undefined;
    const more =
      upTo !== undefined &&
      !!(await base().where('seq', '>', upTo).first('seq'));
    return {
      after,
      upTo,
      settled,
      nextCursor: more && upTo !== undefined ? encode(upTo) : undefined,
      base,
    };
  }

  /** Streams the page as CSV or NDJSON into `out`; answers how many events. */
  async write(
    page: Awaited<ReturnType<ExportService['plan']>>,
    format: 'csv' | 'ndjson',
    out: Writable,
  ): Promise<number> {
    let sent = 0;
    let from = page.after;
    if (format === 'csv') out.write(`${COLUMNS.join(',')}\n`);
    for (;;) {
      const builder: Knex.QueryBuilder = page
        .base()
        .where('seq', '>', from)
        .orderBy('seq')
        .limit(1000);
      if (page.upTo !== undefined) builder.where('seq', '<=', page.upTo);
      const rows: EventRow[] = await builder;
      if (rows.length === 0) break;
      let chunk = '';
      for (const row of rows) {
        const item = record(row);
        chunk +=
          format === 'csv'
            ? `${COLUMNS.map(column =>
                csvField(
                  column === 'properties' && item.properties
                    ? JSON.stringify(item.properties)
                    : item[column],
                ),
              ).join(',')}\n`
            : `${JSON.stringify(item)}\n`;
      }
      sent += rows.length;
      from = Number(rows[rows.length - 1].seq);
      if (!out.write(chunk))
        await new Promise(resolve => out.once('drain', resolve));
      if (page.upTo !== undefined && from >= page.upTo) break;
    }
    return sent;
  }
}
