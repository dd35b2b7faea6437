import { useState } from 'react';
import { useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Grid, Typography } from '@material-ui/core';
import {
  InfoCard,
  Link,
  Progress,
  TableColumn,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  DataTable,
  EntityName,
  EntityNames,
  Fact,
  Facts,
  formatTime,
  PortalPage,
  useEntityNameText,
} from '@controlplane/frontend-common';
import {
  Change,
  Decision,
  PromotionRequest,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { StatusChip } from './chips';
import { describeDecision, formatApprovals, formatStep } from './format';
import { FreezeTable } from './FreezeTable';
import { pipelinePath, usePromotionsRoot } from './links';
import { RequestActions } from './RequestActions';

const changeColumns: TableColumn<Change>[] = [
  { title: 'Field', field: 'field' },
  { title: 'Before', render: c => c.before ?? '—' },
  { title: 'After', render: c => c.after ?? '—' },
];

const decisionColumns: TableColumn<Decision>[] = [
  { title: 'When', render: d => formatTime(d.at) },
  { title: 'Decision', render: describeDecision },
  { title: 'By', render: d => <EntityName entityRef={d.actor} /> },
  { title: 'Comment', render: d => d.comment ?? '' },
];

const TESTS: Record<string, string> = {
  true: '✓ passed',
  false: '✗ failed',
};

const evidenceFacts = (request: PromotionRequest): Fact[] => {
  const { evidence } = request;
  const tests = TESTS[String(evidence.testsPassed)] ?? 'not reported';
  return [
    ['Tests', tests],
    [
      'Coverage',
      evidence.coverage === undefined
        ? 'not reported'
        : `${evidence.coverage}%`,
    ],
    [
      'Critical vulnerabilities',
      evidence.criticalVulnerabilities ?? 'not reported',
    ],
    [
      'Report',
      evidence.reportUrl ? (
        <Link to={evidence.reportUrl}>{evidence.reportUrl}</Link>
      ) : (
        '—'
      ),
    ],
    [
      'Updated',
      evidence.updatedAt ? (
        <>
          {formatTime(evidence.updatedAt)}
          {evidence.updatedBy && (
            <>
              {' by '}
              <EntityName entityRef={evidence.updatedBy} />
            </>
          )}
        </>
      ) : (
        '—'
      ),
    ],
  ];
};

/** Who asked to override the freezes, why, and who approved it if anyone. */
const OverrideFact = (props: {
  override: NonNullable<PromotionRequest['override']>;
}) => {
  const { override } = props;
  return (
    <>
      asked by <EntityName entityRef={override.requestedBy} />:{' '}
      {override.reason}
      {override.approvedBy ? (
        <>
          ; approved by <EntityName entityRef={override.approvedBy} />
        </>
      ) : (
        '; waits for a second person'
      )}
    </>
  );
};

/**
 * One request: its status, what it changes (before and after), the
 * evidence, approvals so far and every decision, the freezes that hold it,
 * and the decisions the user may take now.
 */
export const RequestPage = () => {
  const { id = '' } = useParams();
  const api = useApi(promotionsApiRef);
  const root = usePromotionsRoot();
  const loaded = useAsyncRetry(() => api.getRequest(id), [api, id]);
  const [changed, setChanged] = useState<PromotionRequest>();
  // The answer to a decision stands until the request is read again.
  const request = loaded.loading && changed?.id === id ? changed : loaded.value;
  const { retry } = loaded;
  const targetName = useEntityNameText(request?.target ?? '');

  if (loaded.error) {
    return (
      <PortalPage title="Promotion request">
        <BackendErrorPanel error={loaded.error} />
      </PortalPage>
    );
  }
  if (!request) return <Progress />;

  // The answer to a decision is shown at once; the page then reads the
  // request again, with every decision and what the user may do now.
  const onChanged = (next: PromotionRequest) => {
    setChanged(next);
    retry();
  };
  const freezes = request.freezes ?? [];

  return (
    <PortalPage
      title={
        request.title ||
        `${targetName} ${request.version} to ${request.targetEnvironment}`
      }
      subtitle={`${
        request.kind === 'rollback' ? 'Rollback' : 'Promotion'
      } for ${request.tenant}: ${formatStep(request)}`}
      headerActions={<RequestActions request={request} onChanged={onChanged} />}
    >
      <Box mb={2} display="flex" alignItems="center">
        <Box mr={2}>
          <StatusChip status={request.status} />
        </Box>
        <Link to={root}>All promotions</Link>
        <Box ml={2}>
          <Link to={pipelinePath(root, request.target)}>
            Pipeline of{' '}
            <EntityName entityRef={request.target} link={false} hideIcon />
          </Link>
        </Box>
      </Box>
      {request.reason && (
        <Box mb={2}>
          <Typography variant="body1">Reason: {request.reason}</Typography>
        </Box>
      )}
      {freezes.length > 0 && (
        <Box mb={2} p={2} bgcolor="warning.light" borderRadius={4}>
          <Typography role="alert">
            Held by{' '}
            {freezes.length === 1 ? 'a freeze' : `${freezes.length} freezes`}:
            it is applied when the freeze ends, or after an approved override.
          </Typography>
        </Box>
      )}
      <Grid container spacing={3}>
        <Grid item xs={12} md={6}>
          <InfoCard title="Request">
            <Facts
              facts={[
                ['Target', <EntityName entityRef={request.target} />],
                ['Tenant', request.tenant],
                ['Environments', formatStep(request)],
                ['Version', request.version],
                ['Replaces', request.previousVersion ?? 'nothing yet'],
                [
                  'Requested by',
                  <EntityName entityRef={request.requestedBy} />,
                ],
                ['Requested', formatTime(request.requestedAt)],
                ['Expires', formatTime(request.expiresAt)],
                ['Applied', formatTime(request.appliedAt)],
                ['Approvals', formatApprovals(request)],
                [
                  'Approver groups',
                  <EntityNames
                    entityRefs={request.approverGroups}
                    empty="anyone who may approve"
                  />,
                ],
                ...(request.override
                  ? ([
                      [
                        'Override',
                        <OverrideFact override={request.override} />,
                      ],
                    ] as Fact[])
                  : []),
              ]}
            />
          </InfoCard>
        </Grid>
        <Grid item xs={12} md={6}>
          <InfoCard title="Evidence">
            <Facts facts={evidenceFacts(request)} />
          </InfoCard>
        </Grid>
        <Grid item xs={12}>
          <DataTable<Change>
            label="Changes"
            title="Changes"
            columns={changeColumns}
            data={request.changes}
            emptyTitle="No changes listed"
          />
        </Grid>
        <Grid item xs={12}>
          <DataTable<Decision>
            label="Decisions"
            title="Decisions"
            columns={decisionColumns}
            data={request.decisions ?? []}
            emptyTitle="No decisions yet"
          />
        </Grid>
        {freezes.length > 0 && (
          <Grid item xs={12}>
            <FreezeTable label="Freezes holding it" freezes={freezes} />
          </Grid>
        )}
      </Grid>
    </PortalPage>
  );
};
