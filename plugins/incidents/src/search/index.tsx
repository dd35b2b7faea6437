import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import { createSearchResultExtensions } from '@controlplane/frontend-common';

/** How incidents show in the search results (documents of type `incident`), and "Incidents" among the result types. */
export const {
  listItem: incidentSearchResultListItem,
  resultType: incidentSearchResultType,
} = createSearchResultExtensions({
  type: 'incident',
  typeName: 'Incidents',
  icon: <ReportProblemIcon />,
  loader: () =>
    import('./IncidentSearchResultListItem').then(
      m => m.IncidentSearchResultListItem,
    ),
});
