import { ReactNode, useState } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, Typography } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  ErrorAlert,
  formatAge,
  EntityName,
  HomeCardList,
  itemDetails,
} from '@controlplane/frontend-common';
import { AuditRecord } from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';
import { saveBlob } from '../components/download';
import { useAuditPageLink } from '../components/links';
import { formatTime } from '../components/RecordStatus';

/** Exports the card lists at most. */
export const SHOWN = 5;

/** The action the audit backend records each export under. */
export const EXPORT_ACTION = 'audit.export';

/** The ranges offered for a download at once. */
export const RANGES = [
  { label: 'Last 24 hours', hours: 24 },
  { label: 'Last 7 days', hours: 7 * 24 },
  { label: 'Last 30 days', hours: 30 * 24 },
];

const ago = (iso: string) => {
  const age = formatAge(iso);
  return age === 'just now' ? age : `${age} ago`;
};

const asText = (value: unknown) =>
  typeof value === 'string' && value ? value : undefined;

/** A range bound as the export was asked: a date, or a time in UTC. */
const bound = (value: string) =>
  value.includes('T') ? formatTime(value) : value;

/** What an export record says was exported, from its metadata. */
function exported(record: AuditRecord): string {
  const { metadata } = record;
  const format = (asText(metadata.format) ?? 'csv').toUpperCase();
  const range = (metadata.range ?? {}) as { from?: unknown; to?: unknown };
  const from = asText(range.from);
  const to = asText(range.to);
  let span = 'all records';
  if (from && to) span = `${bound(from)} to ${bound(to)}`;
  else if (from) span = `since ${bound(from)}`;
  else if (to) span = `until ${bound(to)}`;
  return `${format}, ${span}`;
}

function details(record: AuditRecord): ReactNode {
  const { metadata } = record;
  return itemDetails([
    <>
      by <EntityName entityRef={record.actorId} hideIcon />
    </>,
    ago(record.timestamp),
    typeof metadata.rows === 'number' ? `${metadata.rows} records` : undefined,
    metadata.complete === false ? 'cut short' : undefined,
    record.outcome === 'failure' ? 'failed' : undefined,
  ]);
}

/**
 * "Exports" on the auditor's home page: the latest exports as the audit
 * trail records them (`audit.export`), each opening its record on the audit
 * page, and downloads of the common ranges as CSV through the user's token.
 */
export const AuditExportsCard = () => {
  const auditApi = useApi(auditApiRef);
  const pageLink = useAuditPageLink();
  const [busy, setBusy] = useState<string>();
  const [failed, setFailed] = useState<Error>();

  // Exporting and reading are separate (resource) permissions: the list
  // needs audit.log.read, the downloads audit.log.export.
  const recent = useAsyncRetry(async () => {
    const access = await auditApi.getAccess();
    const page = access.read
      ? await auditApi.listRecords(
          { action: EXPORT_ACTION },
          { limit: SHOWN, includeTotal: true },
        )
      : undefined;
    return { access, page };
  }, [auditApi]);

  const download = async (range: (typeof RANGES)[number]) => {
    setBusy(range.label);
    setFailed(undefined);
    try {
      const from = new Date(Date.now() - range.hours * 3_600_000);
      const file = await auditApi.exportRecords(
        { from: from.toISOString() },
        { format: 'csv', includeDetails: true },
      );
      saveBlob(file.blob, file.filename);
      recent.retry();
    } catch (error) {
      setFailed(error as Error);
    } finally {
      setBusy(undefined);
    }
  };

  if (recent.loading && !recent.value) return <Progress />;
  if (recent.error) return <BackendErrorPanel error={recent.error} />;
  const { access, page } = recent.value ?? {};
  return (
    <Box>
      {page && (
        <HomeCardList
          emptyText="Nobody has exported the audit trail yet."
          items={page.records.map(record => ({
            key: record.id,
            primary: exported(record),
            href: pageLink({ action: EXPORT_ACTION }, record.id),
            secondary: details(record),
          }))}
          more={{
            href: pageLink({ action: EXPORT_ACTION }),
            label: 'All exports',
          }}
          total={page.total}
        />
      )}
      {access?.export && (
        <Box mt={2}>
          <Typography variant="body2" gutterBottom>
            Download as CSV:
          </Typography>
          <Box display="flex" flexWrap="wrap">
            {RANGES.map(range => (
              <Box key={range.label} mr={1} mb={1}>
                <Button
                  size="small"
                  variant="outlined"
                  disabled={busy !== undefined}
                  aria-label={`Export the ${range.label.toLocaleLowerCase(
                    'en-US',
                  )} as CSV`}
                  onClick={() => download(range)}
                >
                  {busy === range.label ? 'Downloading…' : range.label}
                </Button>
              </Box>
            ))}
          </Box>
          <ErrorAlert error={failed} title="Export failed" />
        </Box>
      )}
    </Box>
  );
};
