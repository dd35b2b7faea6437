import ReportProblemIcon from '@material-ui/icons/ReportProblem';
import {
  SearchFilterResultTypeBlueprint,
  SearchResultListItemBlueprint,
} from '@backstage/plugin-search-react/alpha';

/** How incidents show in the search results (documents of type `incident`). */
export const incidentSearchResultListItem = SearchResultListItemBlueprint.make({
  name: 'incident',
  params: {
    predicate: result => result.type === 'incident',
    component: () =>
      import('./IncidentSearchResultListItem').then(
        m => m.IncidentSearchResultListItem,
      ),
  },
});

/** "Incidents" among the search page's result types. */
export const incidentSearchResultType = SearchFilterResultTypeBlueprint.make({
  name: 'incident',
  params: {
    value: 'incident',
    name: 'Incidents',
    icon: <ReportProblemIcon />,
  },
});
