import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import { Severity, Status } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { StatusChip } from '../components/chips';
import { SEVERITIES } from '../components/labels';
import { useIncidentsRoot } from '../components/links';
import { incidentItem } from './incidentItem';

/** The newest open incidents the card lists at most. */
export const NEWEST_SHOWN = 5;

/** Open work: open and in progress, as the summary counts it. */
const ACTIVE: Status[] = ['open', 'in_progress'];

/** The queue of open incidents, of one severity when given. */
const queuePath = (root: string, severity?: Severity) =>
  `${root}/queue${severity ? `?severity=${severity}` : ''}`;

/** One severity's count, linked to the queue of that severity. */
const SeverityCount = (props: {
  root: string;
  severity: Severity;
  count: number;
}) => {
  const { root, severity, count } = props;
  const major = severity === 'SEV1' || severity === 'SEV2';
  return (
    <Box flex={1} textAlign="center">
      <Link
        to={queuePath(root, severity)}
        aria-label={`${severity}: ${count} open`}
        color={major && count > 0 ? 'error' : 'inherit'}
      >
        <Typography variant="h4" component="span" display="block">
          {count}
        </Typography>
        <Typography variant="caption" component="span">
          {severity}
        </Typography>
      </Link>
    </Box>
  );
};

/**
 * The operator's card, "Open incidents by severity": how many incidents are
 * open or in progress per severity (each linked to the queue of that
 * severity), then the newest few, linked to their pages. Two requests: the
 * summary (one aggregate query) and one page of the queue.
 */
export const OpenIncidentsCard = () => {
  const api = useApi(incidentsApiRef);
  const root = useIncidentsRoot();
  const { value, loading, error } = useAsync(async () => {
    const [summary, newest] = await Promise.all([
      api.summary(),
      api.listIncidents({ status: ACTIVE, limit: String(NEWEST_SHOWN) }),
    ]);
    return { summary, newest };
  }, [api]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  const { summary, newest } = value!;
  return (
    <>
      <Box
        display="flex"
        mb={1}
        component="section"
        aria-label="Open incidents by severity"
      >
        {SEVERITIES.map(severity => (
          <SeverityCount
            key={severity}
            root={root}
            severity={severity}
            count={summary.bySeverity[severity] ?? 0}
          />
        ))}
      </Box>
      <HomeCardList
        emptyText="No open incidents."
        items={newest.items.map(incident =>
          incidentItem(root, incident, <StatusChip status={incident.status} />),
        )}
        more={{ href: queuePath(root), label: 'Open incidents' }}
        total={summary.open}
      />
    </>
  );
};
