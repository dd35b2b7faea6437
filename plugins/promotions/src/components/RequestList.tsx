import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  useCursorList,
} from '@controlplane/frontend-common';
import { PromotionRequest } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef, RequestQuery } from '../api';
import { RequestTable, RequestTableLead } from './RequestTable';

/** Requests per page. */
export const PAGE_SIZE = 25;

const byAge = (a: PromotionRequest, b: PromotionRequest) =>
  a.requestedAt.localeCompare(b.requestedAt);

/**
 * The requests `query` selects, oldest first, paged with the backend's
 * cursors (back to the first page when the query changes).
 */
export const RequestList = (props: {
  label: string;
  query: Omit<RequestQuery, 'cursor' | 'limit'>;
  lead: RequestTableLead;
  emptyTitle: string;
}) => {
  const api = useApi(promotionsApiRef);
  const { pages, value, loading, error } = useCursorList(
    query => api.listRequests(query),
    props.query,
    PAGE_SIZE,
  );
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <>
      <RequestTable
        label={props.label}
        requests={[...(value?.items ?? [])].sort(byAge)}
        lead={props.lead}
        loading={loading}
        emptyTitle={props.emptyTitle}
      />
      <CursorPageButtons
        pages={pages}
        nextCursor={value?.nextCursor}
        loading={loading}
      />
    </>
  );
};
