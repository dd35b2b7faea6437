import { Grid, Typography } from '@material-ui/core';
import { InfoCard } from '@backstage/core-components';
import {
  EntityName,
  EntityNames,
  Facts,
  formatTime,
} from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';
import { PriorityChip, SeverityChip, StatusChip } from './chips';
import { formatSeconds, formatTenant } from './format';

/**
 * What an incident is (severity apart from priority, category, tenants and
 * entities it affects), who is on it (reporter, assignee, commander,
 * watchers) and its times (opened, acknowledged and resolved, with the time
 * to acknowledge and to resolve).
 */
export const IncidentFacts = (props: { incident: Incident }) => {
  const { incident } = props;
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={4}>
        <InfoCard title="Incident">
          <Facts
            labelWidth={140}
            facts={[
              ['Status', <StatusChip status={incident.status} />],
              ['Severity', <SeverityChip severity={incident.severity} />],
              ['Priority', <PriorityChip priority={incident.priority} />],
              ['Category', incident.category],
              ['Tenant', formatTenant(incident)],
              [
                'Affected tenants',
                incident.affectedTenants.join(', ') || 'none',
              ],
              [
                'Affected entities',
                <EntityNames entityRefs={incident.entities} />,
              ],
              [
                'Source',
                incident.source === 'automatic'
                  ? `automatic (${incident.signalKey ?? 'signal'}, seen ${
                      incident.signalCount
                    } times)`
                  : 'reported by a person',
              ],
            ]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="People">
          <Facts
            labelWidth={140}
            facts={[
              ['Reporter', <EntityName entityRef={incident.reporter} />],
              [
                'Assignee',
                incident.assignee ? (
                  <EntityName entityRef={incident.assignee} />
                ) : (
                  'unassigned'
                ),
              ],
              [
                'Commander',
                incident.commander ? (
                  <EntityName entityRef={incident.commander} />
                ) : (
                  'none'
                ),
              ],
              ['Watchers', <EntityNames entityRefs={incident.watchers} />],
            ]}
          />
        </InfoCard>
      </Grid>
      <Grid item xs={12} md={4}>
        <InfoCard title="Times">
          <Facts
            labelWidth={160}
            facts={[
              ['Opened', formatTime(incident.openedAt)],
              [
                'Acknowledged',
                formatTime(incident.acknowledgedAt ?? undefined),
              ],
              [
                'Time to acknowledge',
                formatSeconds(incident.timeToAcknowledgeSeconds),
              ],
              ['Resolved', formatTime(incident.resolvedAt ?? undefined)],
              ['Time to resolve', formatSeconds(incident.timeToResolveSeconds)],
              ['Closed', formatTime(incident.closedAt ?? undefined)],
            ]}
          />
        </InfoCard>
      </Grid>
      {incident.description && (
        <Grid item xs={12}>
          <InfoCard title="Description">
            <Typography style={{ whiteSpace: 'pre-wrap' }}>
              {incident.description}
            </Typography>
          </InfoCard>
        </Grid>
      )}
    </Grid>
  );
};
