import { Box, Chip } from '@material-ui/core';
import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import {
  Category,
  Priority,
  Severity,
  Status,
} from '@controlplane/plugin-incidents-common';
import { SeverityChip, StatusChip } from '../components/chips';
import { incidentPath, useIncidentsRoot } from '../components/links';

/**
 * An `incident` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane).
 */
export interface IncidentSearchDocument extends SearchDocument {
  incidentId: string;
  severity: Severity;
  priority: Priority;
  category: Category;
  status: Status;
  /** Absent for the platform's own incidents. */
  tenant?: string;
}

/**
 * An incident in the search results: its title linking to its page, its
 * severity, status and tenant.
 */
export const IncidentSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = useIncidentsRoot();
  const incident = props.result as IncidentSearchDocument | undefined;
  if (!incident) return null;
  return (
    <DefaultResultListItem
      result={{
        ...incident,
        location: incidentPath(root, incident.incidentId),
      }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<ReportProblemIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <SeverityChip severity={incident.severity} />
          <StatusChip status={incident.status} />
          <Chip
            size="small"
            variant="outlined"
            label={incident.tenant ?? 'platform'}
          />
        </Box>
      }
    />
  );
};
