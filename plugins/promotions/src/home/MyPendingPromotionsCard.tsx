import useAsync from 'react-use/esm/useAsync';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import { promotionsApiRef } from '../api';
import { StatusChip } from '../components/chips';
import { ageOf, formatApprovals } from '../components/format';
import { usePromotionsRoot } from '../components/links';
import { requestItem } from './requestItem';

/** Open requests the card lists at most. */
export const PENDING_SHOWN = 5;

/**
 * The developer's card, "My pending promotions": the requests the user
 * made that are still open (waiting for approvals, or approved and held by
 * a freeze), oldest first, with their status and approvals so far. One
 * request.
 */
export const MyPendingPromotionsCard = () => {
  const api = useApi(promotionsApiRef);
  const root = usePromotionsRoot();
  const { value, loading, error } = useAsync(
    () =>
      api.listRequests({
        mine: 'true',
        status: ['requested', 'approved'],
        limit: String(PENDING_SHOWN),
      }),
    [api],
  );

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  return (
    <HomeCardList
      emptyText="You have no open promotion requests."
      items={value!.items.map(request =>
        requestItem(
          root,
          request,
          [
            `requested ${ageOf(request.requestedAt)} ago`,
            `${formatApprovals(request)} approvals`,
          ],
          <StatusChip status={request.status} />,
        ),
      )}
      more={{
        href: `${root}/requests`,
        label: value!.nextCursor ? 'More of your requests' : 'All requests',
      }}
    />
  );
};
