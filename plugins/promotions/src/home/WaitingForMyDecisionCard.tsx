import useAsync from 'react-use/esm/useAsync';
import { DateTime } from 'luxon';
import { Box, Divider, Typography } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, HomeCardList } from '@controlplane/frontend-common';
import { RequestStatus } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { StatusChip } from '../components/chips';
import { ageOf } from '../components/format';
import { usePromotionsRoot } from '../components/links';
import { requestItem } from './requestItem';

/** Requests waiting for the user that the card lists at most. */
export const WAITING_SHOWN = 5;
/** Decisions of today the card lists at most. */
export const DECIDED_SHOWN = 3;
/** Decisions of today the card counts at most (one page). */
export const DECIDED_COUNTED = 50;

/** The outcomes of an approver's (or a rule's) decision. */
const DECIDED: RequestStatus[] = ['approved', 'applied', 'rejected'];

/**
 * The approver's card, "Waiting for my decision": the requests the user may
 * approve now (not their own, in their tenants and approver groups, not
 * approved by them yet), oldest first with how long each waits; and below,
 * what was decided today (approved, applied or rejected since midnight of
 * the user's day, by anyone, among the requests the user may read): how
 * many, and the latest. Two requests, whatever the numbers.
 */
export const WaitingForMyDecisionCard = () => {
  const api = useApi(promotionsApiRef);
  const root = usePromotionsRoot();
  const { value, loading, error } = useAsync(async () => {
    const today = DateTime.now().startOf('day').toUTC().toISO()!;
    const [waiting, decided] = await Promise.all([
      api.listRequests({ decidable: 'true', limit: String(WAITING_SHOWN) }),
      api.listRequests({
        status: DECIDED,
        decidedSince: today,
        limit: String(DECIDED_COUNTED),
      }),
    ]);
    return { waiting, decided };
  }, [api]);

  if (loading) return <Progress />;
  if (error) return <BackendErrorPanel error={error} />;
  const { waiting, decided } = value!;
  const decidedCount = `${decided.items.length}${
    decided.nextCursor ? '+' : ''
  }`;
  return (
    <>
      <HomeCardList
        emptyText="Nothing waits for your decision."
        items={waiting.items.map(request =>
          requestItem(root, request, [`waiting ${ageOf(request.requestedAt)}`]),
        )}
        more={{
          href: `${root}/inbox`,
          label: waiting.nextCursor ? 'More in the inbox' : 'Open the inbox',
        }}
      />
      <Box my={1}>
        <Divider />
      </Box>
      <Typography variant="subtitle2" component="h3">
        Decided today: {decidedCount}
      </Typography>
      <HomeCardList
        emptyText="Nothing decided today yet."
        items={decided.items
          .slice(0, DECIDED_SHOWN)
          .map(request =>
            requestItem(
              root,
              request,
              request.decidedAt
                ? [`decided ${ageOf(request.decidedAt)} ago`]
                : [],
              <StatusChip status={request.status} />,
            ),
          )}
      />
    </>
  );
};
