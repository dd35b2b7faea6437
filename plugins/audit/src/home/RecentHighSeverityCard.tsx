import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  formatAge,
  EntityName,
  HomeCardList,
  itemDetails,
} from '@controlplane/frontend-common';
import { AuditRecord, AuditSeverity } from '@controlplane/plugin-audit-common';
import { auditApiRef } from '../api';
import { useAuditPageLink } from '../components/links';
import { SeverityChip } from '../components/RecordStatus';

/** Records the card lists at most. */
export const SHOWN = 5;
/** How far back the card looks. */
export const DAYS = 7;

/** The most severe first, as the card counts them. */
const SEVERITIES: AuditSeverity[] = ['critical', 'high'];

const ago = (iso: string) => {
  const age = formatAge(iso);
  return age === 'just now' ? age : `${age} ago`;
};

/** What the record changed, on whose behalf, when. */
const describe = (record: AuditRecord) =>
  itemDetails([
    record.resourceType &&
      `${record.resourceType} ${record.resourceId ?? ''}`.trim(),
    // The tenant, unless the record is about the tenant itself.
    record.tenant &&
      !(
        record.resourceType === 'tenant' && record.resourceId === record.tenant
      ) &&
      `tenant ${record.tenant}`,
    <>
      by <EntityName entityRef={record.actorId} hideIcon />
    </>,
    ago(record.timestamp),
    record.outcome === 'failure' ? 'failed' : undefined,
  ]);

/**
 * "Recent high-severity changes" on the auditor's home page: the newest
 * high and critical records of the last days, each opening on the audit
 * page (filtered to its severity, the record in the drawer), with how many
 * there are of each.
 */
export const RecentHighSeverityCard = () => {
  const auditApi = useApi(auditApiRef);
  const pageLink = useAuditPageLink();
  const { value, loading, error } = useAsync(async () => {
    const from = new Date(Date.now() - DAYS * 86_400_000).toISOString();
    // One filtered page per severity (the API filters one severity at a
    // time); the newest of both are the newest of the union.
    const pages = await Promise.all(
      SEVERITIES.map(severity =>
        auditApi.listRecords(
          { severity, from },
          { limit: SHOWN, includeTotal: true },
        ),
      ),
    );
    const records = pages
      .flatMap(page => page.records)
      .sort((a, b) => b.seq - a.seq)
      .slice(0, SHOWN);
    const totals = SEVERITIES.map((severity, i) => ({
      severity,
      total: pages[i].total ?? pages[i].records.length,
    }));
    return { from, records, totals };
  }, [auditApi]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  if (!value) return null;
  const { from } = value;
  return (
    <Box>
      <Box mb={1}>
        <Typography variant="body2" color="textSecondary">
          In the last {DAYS} days:{' '}
          {value.totals.map(({ severity, total }, i) => (
            <span key={severity}>
              {i > 0 && ', '}
              <Link to={pageLink({ severity, from })}>
                {total} {severity}
              </Link>
            </span>
          ))}
        </Typography>
      </Box>
      <HomeCardList
        emptyText={`No high or critical records in the last ${DAYS} days.`}
        items={value.records.map(record => ({
          key: record.id,
          primary: record.action,
          href: pageLink({ severity: record.severity, from }, record.id),
          secondary: describe(record),
          trailing: <SeverityChip severity={record.severity} />,
        }))}
      />
    </Box>
  );
};
