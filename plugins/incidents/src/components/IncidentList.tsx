import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  useCursorList,
} from '@controlplane/frontend-common';
import { IncidentQuery, incidentsApiRef } from '../api';
import { IncidentTable } from './IncidentTable';

/** Incidents per page. */
export const PAGE_SIZE = 25;

/**
 * The incidents `query` selects, newest first as the backend sends them,
 * paged with its cursors (back to the first page when the query changes).
 */
export const IncidentList = (props: {
  label: string;
  query: Omit<IncidentQuery, 'cursor' | 'limit'>;
  emptyTitle: string;
}) => {
  const api = useApi(incidentsApiRef);
  const list = useCursorList(
    query => api.listIncidents(query),
    props.query,
    PAGE_SIZE,
  );
  if (list.error) return <BackendErrorPanel error={list.error} />;
  return (
    <>
      <IncidentTable
        label={props.label}
        incidents={list.value?.items ?? []}
        loading={list.loading}
        emptyTitle={props.emptyTitle}
      />
      <CursorPageButtons
        pages={list.pages}
        nextCursor={list.value?.nextCursor}
        loading={list.loading}
      />
    </>
  );
};
