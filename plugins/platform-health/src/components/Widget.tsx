import { ReactNode } from 'react';
import { Box, Typography } from '@material-ui/core';
import { InfoCard, TableColumn } from '@backstage/core-components';
import { DataTable } from '@controlplane/frontend-common';
import { HealthStatus } from '@controlplane/plugin-platform-health-common';
import { StatusBadge } from './StatusBadge';

/**
 * A part of a page with its heading, found as `region "<title>"` (a band of
 * the dashboard, a section of the executive metrics).
 */
export const Section = (props: { title: string; children: ReactNode }) => (
  <Box component="section" aria-label={props.title} mb={4}>
    <Typography variant="h5" component="h2" gutterBottom>
      {props.title}
    </Typography>
    {props.children}
  </Box>
);

/**
 * One widget of the dashboard: a card in a region named by its title (tests
 * and screen readers find it as `region "<title>"`), with its status badge
 * when it has one and the link to its drill-down page below.
 */
export const Widget = (props: {
  title: string;
  status?: HealthStatus;
  /** The drill-down page and what its link says. */
  link?: { to: string; label: string };
  children: ReactNode;
}) => (
  <Box component="section" aria-label={props.title} height="100%">
    <InfoCard
      title={props.title}
      action={props.status && <StatusBadge status={props.status} />}
      deepLink={props.link && { link: props.link.to, title: props.link.label }}
      variant="fullHeight"
    >
      {props.children}
    </InfoCard>
  </Box>
);

/** A titled table inside a widget, below its figures. */
export function WidgetTable<T extends object>(props: {
  /** Its heading, also its accessible name. */
  label: string;
  columns: TableColumn<T>[];
  data: T[];
  emptyTitle: string;
}) {
  return (
    <Box mt={2}>
      <DataTable
        label={props.label}
        title={props.label}
        columns={props.columns}
        data={props.data}
        emptyTitle={props.emptyTitle}
      />
    </Box>
  );
}
