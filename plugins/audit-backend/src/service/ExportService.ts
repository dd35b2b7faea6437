import { QueryParams } from '@controlplane/common';
import {
  AUDIT_EXPORT_FORMAT,
  AuditApiOperations,
  AuditRecord,
  canonicalJson,
  Checkpoint,
  CSV_HEADER_PREFIX,
  CSV_TRAILER_PREFIX,
  csvCell,
  csvMetaLine,
  ExportCheckpoint,
  exportColumns,
  ExportHeader,
  ExportTrailer,
} from '@controlplane/plugin-audit-common';
import { RecordFilter } from '../database/AuditStore';
import { AuditStores } from '../database/stores';

/** Records read from the database at a time. */
const PAGE = 1000;

/** The file formats of an export (`format`). */
export type ExportFormat = NonNullable<
  QueryParams<AuditApiOperations['ExportLogs']>['format']
>;

/** What an export contains, as the caller asked for it (for its header). */
export interface ExportDescription {
  /** The time range as given (`2025-01-31` or a date-time). */
  range: { from?: string; to?: string };
  /** The other filters as given, e.g. `{ action: 'rbac.*' }`. */
  filters: Record<string, string>;
  includeDetails: boolean;
}

/**
 * Exports records as CSV or JSON (the format `yarn audit-verify` checks)
 * with the filters of a list: oldest first, streamed (a COPY's chunk or one
 * database page in memory at a time).
 */
export class ExportService {
  constructor(private readonly stores: AuditStores) {}

  /** The header of an export made now, with the latest signed checkpoint. */
  async header(description: ExportDescription): Promise<ExportHeader> {
    const [latest] = await this.stores.audit.checkpoints({ limit: 1 });
    const header: ExportHeader = {
      format: AUDIT_EXPORT_FORMAT,
      generatedAt: new Date().toISOString(),
      range: description.range,
      filters: description.filters,
      includeDetails: description.includeDetails,
    };
    if (latest) header.checkpoint = toExportCheckpoint(latest);
    return header;
  }

  /** The selected records in seq order (oldest first) in pages. */
  async *records(filter: RecordFilter): AsyncGenerator<AuditRecord[]> {
    let after: number | undefined = undefined;
    for (;;) {
      const page: AuditRecord[] = await this.stores.audit.page(filter, {
        order: 'asc',
        after,
        limit: PAGE,
      });
      if (page.length === 0) return;
      yield page;
      if (page.length < PAGE) return;
      after = page[page.length - 1].seq;
    }
  }

  /**
   * Writes an export, `write` awaited so a slow reader slows the export
   * down: on PostgreSQL through COPY (the rows leave the database formatted,
   * see exportCopy), elsewhere (or with `via: 'pages'`) page by page.
   * Both write the same bytes. Returns the trailer; stops early (without
   * the trailer) when `stopped()` says so.
   */
  async write(options: {
    filter: RecordFilter;
    header: ExportHeader;
    format: ExportFormat;
    write: (chunk: string | Buffer) => Promise<void>;
    stopped?: () => boolean;
    /** For tests: the portable path even on PostgreSQL. */
    via?: 'copy' | 'pages';
  }): Promise<ExportTrailer> {
    const { filter, header, format, write } = options;
    const includeDetails = header.includeDetails;
    if (format === 'json') {
      await write(`{"export":${JSON.stringify(header)},"records":[`);
    } else {
      await write(csvMetaLine(CSV_HEADER_PREFIX, header));
      await write(`${exportColumns(includeDetails).join(',')}\n`);
    }
    let trailer: ExportTrailer;
    const copied =
      options.via === 'pages'
        ? null
        : await this.stores.audit.copyExport(filter, {
            format,
            includeDetails,
            write,
            stopped: options.stopped,
          });
    if (copied) {
      const { complete, ...rest } = copied;
      if (!complete) return rest;
      trailer = rest;
    } else {
      const paged = await this.#writePages(options);
      if (!paged.complete) return paged.trailer;
      trailer = paged.trailer;
    }
    if (format === 'json') {
      await write(`\n],"trailer":${JSON.stringify(trailer)}}\n`);
    } else {
      await write(csvMetaLine(CSV_TRAILER_PREFIX, trailer));
    }
    return trailer;
  }

  /** The rows of an export read page by page (any database). */
  async #writePages(options: {
    filter: RecordFilter;
    header: ExportHeader;
    format: ExportFormat;
    write: (chunk: string) => Promise<void>;
    stopped?: () => boolean;
  }): Promise<{ trailer: ExportTrailer; complete: boolean }> {
    const { filter, header, format, write } = options;
    const includeDetails = header.includeDetails;
    const columns = exportColumns(includeDetails);
    const trailer: ExportTrailer = { count: 0 };
    for await (const page of this.records(filter)) {
      let chunk = '';
      for (const record of page) {
        if (format === 'json') {
          chunk += `${trailer.count > 0 ? ',' : ''}\n${JSON.stringify(
            exportRow(record, includeDetails),
          )}`;
        } else {
          chunk += `${columns
            .map(column =>
              csvCell(
                column === 'metadata'
                  ? canonicalJson(record.metadata)
                  : record[column],
              ),
            )
            .join(',')}\n`;
        }
        trailer.count += 1;
        trailer.lastSeq = record.seq;
        trailer.lastHash = record.hash;
      }
      await write(chunk);
      if (options.stopped?.()) return { trailer, complete: false };
    }
    return { trailer, complete: true };
  }
}

/** A JSON export row: the record, without its metadata unless with details. */
function exportRow(record: AuditRecord, includeDetails: boolean) {
  const { metadata, ...rest } = record;
  return includeDetails ? { ...rest, metadata } : rest;
}

/** The checkpoint as an export header carries it. */
export function toExportCheckpoint(checkpoint: Checkpoint): ExportCheckpoint {
  return {
    seq: checkpoint.seq,
    hash: checkpoint.hash,
    signature: checkpoint.signature,
    keyId: checkpoint.keyId,
    publicKey: checkpoint.publicKey,
    createdAt: checkpoint.createdAt,
  };
}
