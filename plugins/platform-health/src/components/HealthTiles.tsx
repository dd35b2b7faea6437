import { Box, Grid, Typography } from '@material-ui/core';
import { Facts, formatAge, Fact } from '@controlplane/frontend-common';
import {
  HealthStatus,
  PlatformOverview,
} from '@controlplane/plugin-platform-health-common';
import { bytes, count, millis, percent } from './format';
import { PAGES, systemPath, usePlatformRoot } from './links';
import { Widget } from './Widget';

type PlatformHealth = PlatformOverview['platform_health'];
type Jobs = NonNullable<PlatformHealth['jobs']>;

/** A tile of the platform's own health, drilling down to system metrics. */
const SystemTile = (props: {
  title: string;
  status: HealthStatus;
  facts: Fact[];
}) => {
  const root = usePlatformRoot();
  return (
    <Widget
      title={props.title}
      status={props.status}
      link={{ to: systemPath(root), label: 'System metrics' }}
    >
      <Facts labelWidth={150} facts={props.facts} />
    </Widget>
  );
};

/** API health: 5xx rate over 1 h and 24 h, p95 latency; → system metrics. */
export const ApiTile = (props: { api: PlatformHealth['api'] }) => {
  const { api } = props;
  return (
    <SystemTile
      title="API"
      status={api.status}
      facts={[
        ['Error rate 1h', percent(api.error_rate_1h)],
        ['Error rate 24h', percent(api.error_rate_24h)],
        ['p95 latency 1h', millis(api.p95_latency_ms_1h)],
        ['p95 latency 24h', millis(api.p95_latency_ms_24h)],
        ['Requests 1h', count(api.requests_1h)],
      ]}
    />
  );
};

/** How many connections are in use, of how many, e.g. `12 of 100 (12%)`. */
function connectionsOf(db: NonNullable<PlatformHealth['db']>) {
  if (db.connections_used === undefined) return undefined;
  const max = db.connections_max ? ` of ${count(db.connections_max)}` : '';
  const pct =
    db.connections_used_pct === undefined
      ? ''
      : ` (${count(db.connections_used_pct)}%)`;
  return `${count(db.connections_used)}${max}${pct}`;
}

/** The database server: connections in use and size; → system metrics. */
export const DatabaseTile = (props: {
  db: NonNullable<PlatformHealth['db']>;
}) => {
  const { db } = props;
  const connections = connectionsOf(db);
  return (
    <SystemTile
      title="Database"
      status={db.status}
      facts={[
        ['Server', db.client === 'pg' ? 'PostgreSQL' : 'SQLite'],
        ...(connections ? [['Connections', connections] as Fact] : []),
        ['Size', bytes(db.size_bytes)],
      ]}
    />
  );
};

/** Critical when a job's last run failed, OK otherwise. */
export const jobsStatus = (jobs: Jobs) =>
  jobs.some(job => job.status === 'fail') ? 'critical' : 'ok';

/**
 * Every plugin's scheduled jobs: how many fail, and which (with the error);
 * failing checks become incident tickets, so it links to the reliability
 * incidents.
 */
export const JobsTile = (props: { jobs: Jobs }) => {
  const failing = props.jobs.filter(job => job.status === 'fail');
  return (
    <Widget
      title="Scheduled jobs"
      status={jobsStatus(props.jobs)}
      link={{
        to: `${PAGES.incidents}?category=reliability`,
        label: 'Reliability incidents',
      }}
    >
      <Facts
        labelWidth={150}
        facts={[
          ['Jobs', count(props.jobs.length)],
          ['Failing', count(failing.length)],
        ]}
      />
      {failing.length > 0 && (
        <Box component="ul" aria-label="Failing jobs" pl={2} mb={0}>
          {failing.map(job => (
            <li key={`${job.plugin}/${job.name}`}>
              <Typography variant="body2">
                <strong>
                  {job.plugin}: {job.name}
                </strong>
                {job.last_run_at && <> · {formatAge(job.last_run_at)} ago</>}
                {job.last_error && <> · {job.last_error}</>}
              </Typography>
            </li>
          ))}
        </Box>
      )}
    </Widget>
  );
};

/**
 * The top row: API health, and the database and jobs when the caller sees
 * the whole platform (absent for tenant-scoped callers).
 */
export const HealthTiles = (props: { health: PlatformHealth }) => {
  const { api, db, jobs } = props.health;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <ApiTile api={api} />
      </Grid>
      {db && (
        <Grid item xs={12} md={4}>
          <DatabaseTile db={db} />
        </Grid>
      )}
      {jobs && (
        <Grid item xs={12} md={4}>
          <JobsTile jobs={jobs} />
        </Grid>
      )}
    </Grid>
  );
};
