import { Grid } from '@material-ui/core';
import { PlatformOverview } from '@controlplane/plugin-platform-health-common';
import { IncidentsCard } from './IncidentsCard';
import { SecurityCard } from './SecurityCard';

/**
 * Security and admin activity beside incidents and triage (security alone
 * without the incidents plugin); the links narrow their drill-downs, e.g.
 * to one tenant.
 */
export const SecurityAndIncidents = (props: {
  overview: PlatformOverview;
  links?: { audit?: string; incidents?: string };
}) => {
  const { overview, links } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={overview.incidents ? 6 : 12}>
        <SecurityCard overview={overview} auditLink={links?.audit} />
      </Grid>
      {overview.incidents && (
        <Grid item xs={12} md={6}>
          <IncidentsCard overview={overview} queueLink={links?.incidents} />
        </Grid>
      )}
    </Grid>
  );
};
