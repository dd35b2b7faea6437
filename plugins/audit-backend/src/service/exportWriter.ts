import {
  canonicalJson,
  CSV_HEADER_PREFIX,
  CSV_TRAILER_PREFIX,
  csvCell,
  csvMetaLine,
  exportColumns,
  ExportHeader,
  ExportTrailer,
} from '@controlplane/plugin-audit-common';
import { EventQuery, StoredAuditRecord } from '../database/AuditStore';
import { AuditService } from './AuditService';

function exportRow(
  record: StoredAuditRecord,
  includeDetails: boolean,
): Record<string, unknown> {
  const { metadata, ...rest } = record;
  return includeDetails ? { ...rest, metadata } : rest;
}

/**
 * Writes an export (CSV or JSON) page by page: one database page in memory
 * at a time, `write` awaited so a slow reader slows the export down.
 * Returns the trailer; stops early when `stopped()` says so.
 */
export async function writeExport(options: {
  service: AuditService;
  query: EventQuery;
  header: ExportHeader;
  format: 'csv' | 'json';
  write: (chunk: string) => Promise<void>;
  stopped?: () => boolean;
}): Promise<ExportTrailer> {
  const { service, query, header, format, write } = options;
  const includeDetails = header.includeDetails;
  const columns = exportColumns(includeDetails);
  const trailer: ExportTrailer = { count: 0 };
  if (format === 'json') {
    await write(`{"export":${JSON.stringify(header)},"records":[`);
  } else {
    await write(csvMetaLine(CSV_HEADER_PREFIX, header));
    await write(`${columns.join(',')}\n`);
  }
  for await (const page of service.exportRecords(query)) {
    let chunk = '';
    for (const record of page) {
      if (format === 'json') {
        chunk += `${trailer.count > 0 ? ',' : ''}\n${JSON.stringify(
          exportRow(record, includeDetails),
        )}`;
      } else {
        const values = record as unknown as Record<string, unknown>;
        chunk += `${columns
          .map(column =>
            csvCell(
              column === 'metadata'
                ? canonicalJson(record.metadata)
                : values[column],
            ),
          )
          .join(',')}\n`;
      }
      trailer.count += 1;
      trailer.lastSeq = record.seq;
      trailer.lastHash = record.hash;
    }
    await write(chunk);
    if (options.stopped?.()) return trailer;
  }
  if (format === 'json') {
    await write(`\n],"trailer":${JSON.stringify(trailer)}}\n`);
  } else {
    await write(csvMetaLine(CSV_TRAILER_PREFIX, trailer));
  }
  return trailer;
}
