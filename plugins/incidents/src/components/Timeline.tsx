import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  EntityName,
  EntityNames,
  formatTime,
  SelectField,
} from '@controlplane/frontend-common';
import { TimelineEntry } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';

/** How far before the incident opened related changes are looked for, in hours. */
const WINDOWS = [1, 6, 24, 72, 168] as const;
type Window = (typeof WINDOWS)[number];
const windowLabel = (hours: Window) =>
  hours < 24 ? `${hours} h before` : `${hours / 24} d before`;

/** The fields whose values are people or catalog entities. */
const REF_FIELDS = new Set(['assignee', 'commander', 'watchers', 'entities']);

const refsOf = (value: unknown): string[] => {
  if (value === null || value === undefined) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
};

/**
 * What an entry says: a change of a field holding people or entities by
 * their names (the summary the backend wrote has their refs), else the
 * summary as written.
 */
const EntrySummary = (props: { entry: TimelineEntry }) => {
  const { entry } = props;
  const details = entry.details as
    | { field?: unknown; before?: unknown; after?: unknown }
    | undefined;
  const field = details?.field;
  if (entry.kind !== 'field' || typeof field !== 'string') {
    return <>{entry.summary}</>;
  }
  if (!REF_FIELDS.has(field)) return <>{entry.summary}</>;
  return (
    <>
      {field}:{' '}
      <EntityNames
        entityRefs={refsOf(details?.before)}
        empty="nobody"
        hideIcon
      />{' '}
      →{' '}
      <EntityNames
        entityRefs={refsOf(details?.after)}
        empty="nobody"
        hideIcon
      />
    </>
  );
};

/** One entry: when, who, what; a related change is marked as such. */
const Entry = (props: { entry: TimelineEntry }) => {
  const { entry } = props;
  return (
    <ListItem
      divider
      aria-label={`${entry.related ? 'Related change' : entry.kind}: ${
        entry.summary
      }`}
      style={
        entry.related
          ? {
              borderLeft: '4px solid #ff9800',
              background: 'rgba(255,152,0,0.08)',
            }
          : undefined
      }
    >
      <ListItemText
        primary={
          <Box display="flex" alignItems="center" flexWrap="wrap">
            <Box mr={1}>
              <Chip
                size="small"
                label={entry.related ? 'Related change' : entry.kind}
                color={entry.related ? 'secondary' : 'default'}
                variant={entry.related ? 'default' : 'outlined'}
              />
            </Box>
            <Typography component="span" style={{ whiteSpace: 'pre-wrap' }}>
              <EntrySummary entry={entry} />
            </Typography>
          </Box>
        }
        secondary={
          <>
            {formatTime(entry.at)} · <EntityName entityRef={entry.actor} />
            {entry.related && entry.tenant ? ` · ${entry.tenant}` : ''}
          </>
        }
      />
    </ListItem>
  );
};

/**
 * The incident's timeline, oldest first: its own entries (opened, status,
 * field changes, comments, signals) merged with the related changes of the
 * audit trail (promotions, flag changes, plan changes, credential
 * revocations, ... of its tenants and entities), which are marked. `version`
 * changes when the incident did, so the timeline is read again.
 */
export const Timeline = (props: { incidentId: string; version: number }) => {
  const { incidentId, version } = props;
  const api = useApi(incidentsApiRef);
  const [hours, setHours] = useState<Window>(24);
  const timeline = useAsync(
    () => api.timeline(incidentId, hours),
    [api, incidentId, hours, version],
  );
  const items = timeline.value?.items ?? [];
  const related = items.filter(entry => entry.related).length;

  return (
    <InfoCard
      title="Timeline"
      subheader={`${items.length} entries, ${related} related changes`}
    >
      <Box width={260}>
        <SelectField
          id="incident-related-window"
          label="Related changes from"
          value={hours}
          options={WINDOWS}
          optionLabel={windowLabel}
          onChange={setHours}
        />
      </Box>
      {timeline.value && !timeline.value.relatedAvailable && (
        <Typography role="alert" color="textSecondary">
          The audit trail could not be read: related changes are missing.
        </Typography>
      )}
      {timeline.error && <BackendErrorPanel error={timeline.error} />}
      {timeline.loading && !timeline.value && <Progress />}
      <List dense aria-label="Timeline">
        {items.map(entry => (
          <Entry key={entry.id} entry={entry} />
        ))}
      </List>
    </InfoCard>
  );
};
