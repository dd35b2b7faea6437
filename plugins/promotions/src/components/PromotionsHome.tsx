import { useNavigate, useParams } from 'react-router-dom';
import { Box, Tab, Tabs } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { PortalPage } from '@controlplane/frontend-common';
import { usePromotionsAccess } from './access';
import { FreezesView } from './FreezesView';
import { usePromotionsRoot } from './links';
import { NewRequestButton } from './NewRequestDialog';
import { PipelineView } from './PipelineView';
import { RequestList } from './RequestList';
import { RequestsView } from './RequestsView';
import { RulesView } from './RulesView';

type View = 'inbox' | 'requests' | 'pipeline' | 'rules' | 'freezes';

const LABELS: Record<View, string> = {
  inbox: 'Inbox',
  requests: 'Requests',
  pipeline: 'Pipeline',
  rules: 'Rules',
  freezes: 'Freezes',
};

/**
 * The views of `/promotions` as tabs, each at `/promotions/<view>`: the
 * approvals inbox first for those who may approve, then every readable
 * request, the pipeline of an agent or app, rules and policies, freezes.
 */
export const PromotionsHome = () => {
  const access = usePromotionsAccess();
  const root = usePromotionsRoot();
  const navigate = useNavigate();
  const { view: chosen } = useParams();

  const views: View[] = [
    ...(access.approve ? (['inbox'] as const) : []),
    'requests',
    'pipeline',
    'rules',
    'freezes',
  ];
  const view = views.find(v => v === chosen) ?? views[0];

  return (
    <PortalPage
      title="Promotions"
      subtitle="Agents and apps from development to staging to production: requests, approvals, rules and freezes"
      headerActions={access.create ? <NewRequestButton /> : undefined}
    >
      {access.loading ? (
        <Progress />
      ) : (
        <>
          <Box mb={2}>
            <Tabs
              value={view}
              onChange={(_, value) => navigate(`${root}/${value}`)}
              indicatorColor="primary"
              aria-label="Promotion views"
            >
              {views.map(v => (
                <Tab key={v} value={v} label={LABELS[v]} />
              ))}
            </Tabs>
          </Box>
          {view === 'inbox' && (
            <RequestList
              label="Inbox"
              lead="age"
              query={{ decidable: 'true' }}
              emptyTitle="Nothing waits for your decision"
            />
          )}
          {view === 'requests' && <RequestsView />}
          {view === 'pipeline' && <PipelineView />}
          {view === 'rules' && <RulesView />}
          {view === 'freezes' && <FreezesView />}
        </>
      )}
    </PortalPage>
  );
};
