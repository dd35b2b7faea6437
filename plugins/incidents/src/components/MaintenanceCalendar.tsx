import { ReactNode } from 'react';
import { DateTime } from 'luxon';
import {
  Box,
  Chip,
  List,
  ListItem,
  ListItemText,
  Paper,
  Typography,
} from '@material-ui/core';
import { EntityName, formatDuration } from '@controlplane/frontend-common';
import { MaintenanceWindow } from '@controlplane/plugin-incidents-common';

/** How the calendar groups windows: by the day or the week they start. */
export type CalendarGrouping = 'day' | 'week';

const startOf = (window: MaintenanceWindow) =>
  DateTime.fromISO(window.startsAt);

/** The group a window falls in, e.g. `2026-05-04` (a day) or `2026-W19`. */
const groupKey = (window: MaintenanceWindow, grouping: CalendarGrouping) =>
  grouping === 'day'
    ? startOf(window).toISODate()!
    : startOf(window).toFormat("kkkk-'W'WW");

/** `Monday 4 May 2026`, or `Week of 4 May 2026`. */
const groupTitle = (window: MaintenanceWindow, grouping: CalendarGrouping) =>
  grouping === 'day'
    ? startOf(window).toFormat('cccc d LLLL yyyy')
    : `Week of ${startOf(window).startOf('week').toFormat('d LLLL yyyy')}`;

/** `09:00–11:00 (2 h)`, with the dates when it does not start and end on one day. */
export function formatSpan(window: MaintenanceWindow): string {
  const start = DateTime.fromISO(window.startsAt);
  const end = DateTime.fromISO(window.endsAt);
  const length = formatDuration(end.toMillis() - start.toMillis());
  if (start.hasSame(end, 'day')) {
    return `${start.toFormat('HH:mm')}–${end.toFormat('HH:mm')} (${length})`;
  }
  return `${start.toFormat('d LLL HH:mm')} – ${end.toFormat(
    'd LLL HH:mm',
  )} (${length})`;
}

/** Where the window stands now: cancelled, active, upcoming or ended. */
export function windowState(window: MaintenanceWindow, now = Date.now()) {
  if (window.cancelledAt) return 'cancelled';
  if (window.active) return 'active now';
  return DateTime.fromISO(window.startsAt).toMillis() > now
    ? 'upcoming'
    : 'ended';
}

/** An override: what, asked by whom and why, approved by whom if anyone. */
const OverrideText = (props: {
  override: MaintenanceWindow['overrides'][number];
}) => {
  const o = props.override;
  return (
    <>
      Override of {o.operation} asked by{' '}
      <EntityName entityRef={o.requestedBy} />: {o.reason}
      {o.approvedBy ? (
        <>
          ; approved by <EntityName entityRef={o.approvedBy} />
        </>
      ) : (
        '; waits for a second person'
      )}
    </>
  );
};

/** One window: span, environment, tenant, what it blocks, state, overrides. */
const WindowItem = (props: {
  window: MaintenanceWindow;
  actions?: ReactNode;
  overrideAction?: (
    override: MaintenanceWindow['overrides'][number],
  ) => ReactNode;
}) => {
  const { window } = props;
  const state = windowState(window);
  return (
    <ListItem divider aria-label={`Maintenance ${window.title}`}>
      <ListItemText
        disableTypography
        primary={
          <Box display="flex" alignItems="center" flexWrap="wrap">
            <Box mr={1}>
              <Typography variant="subtitle2" component="span">
                {formatSpan(window)}
              </Typography>
            </Box>
            <Box mr={1}>
              <Typography component="span">{window.title}</Typography>
            </Box>
            <Box mr={1}>
              <Chip
                size="small"
                label={state}
                color={state === 'active now' ? 'secondary' : 'default'}
                variant={state === 'active now' ? 'default' : 'outlined'}
              />
            </Box>
          </Box>
        }
        secondary={
          <Box>
            <Typography variant="body2" color="textSecondary">
              {window.environment}, {window.tenant ?? 'every tenant'}; blocks{' '}
              {window.operations.join(', ')}; by{' '}
              <EntityName entityRef={window.createdBy} />
              {window.cancelledBy && (
                <>
                  ; cancelled by <EntityName entityRef={window.cancelledBy} />
                </>
              )}
            </Typography>
            {window.description && (
              <Typography variant="body2">{window.description}</Typography>
            )}
            {window.overrides.map(o => (
              <Box key={o.id} display="flex" alignItems="center">
                <Typography variant="body2">
                  <OverrideText override={o} />
                </Typography>
                {props.overrideAction?.(o)}
              </Box>
            ))}
          </Box>
        }
      />
      {props.actions}
    </ListItem>
  );
};

/**
 * Maintenance windows as a calendar: grouped by the day (or week) they
 * start, soonest first, each with its time span, environment, tenant, the
 * operations it blocks, its state and its overrides.
 */
export const MaintenanceCalendar = (props: {
  windows: MaintenanceWindow[];
  grouping: CalendarGrouping;
  actions?: (window: MaintenanceWindow) => ReactNode;
  overrideAction?: (
    window: MaintenanceWindow,
    override: MaintenanceWindow['overrides'][number],
  ) => ReactNode;
}) => {
  const sorted = [...props.windows].sort((a, b) =>
    a.startsAt.localeCompare(b.startsAt),
  );
  const groups = new Map<string, MaintenanceWindow[]>();
  for (const window of sorted) {
    const key = groupKey(window, props.grouping);
    groups.set(key, [...(groups.get(key) ?? []), window]);
  }
  return (
    <>
      {[...groups.entries()].map(([key, windows]) => {
        const title = groupTitle(windows[0], props.grouping);
        return (
          <Box key={key} mb={2} component="section" aria-label={title}>
            <Typography variant="h6" component="h3">
              {title}
            </Typography>
            <Paper variant="outlined">
              <List dense>
                {windows.map(window => (
                  <WindowItem
                    key={window.id}
                    window={window}
                    actions={props.actions?.(window)}
                    overrideAction={o => props.overrideAction?.(window, o)}
                  />
                ))}
              </List>
            </Paper>
          </Box>
        );
      })}
    </>
  );
};
