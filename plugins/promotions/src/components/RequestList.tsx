import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  CursorPageButtons,
  useCursorPages,
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
  const key = JSON.stringify(props.query);
  const pages = useCursorPages([key]);
  const { value, loading, error } = useAsync(
    () =>
      api.listRequests({
        ...props.query,
        cursor: pages.cursor,
        limit: String(PAGE_SIZE),
      }),
    // `key` stands for the query.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, key, pages.cursor],
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
