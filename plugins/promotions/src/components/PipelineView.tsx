import { useCallback } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BackendErrorPanel,
  EntityName,
  SelectField,
  useEntityNameText,
  useUrlParams,
} from '@controlplane/frontend-common';
import {
  Deployment,
  RequestStatus,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { usePromotionsAccess } from './access';
import { DeploymentGrid, useDeployments } from './DeploymentGrid';
import { RequestList } from './RequestList';
import { RollbackButton } from './RollbackButton';

/** The agents and apps deployed somewhere (from the first page of deployments). */
function useKnownTargets(current?: string): string[] {
  const api = useApi(promotionsApiRef);
  const { value } = useAsync(
    () => api.listDeployments({ limit: '200' }),
    [api],
  );
  const targets = new Set(value?.items.map(d => d.target) ?? []);
  if (current) targets.add(current);
  return [...targets].sort();
}

/** The requests of a target below its deployments: open ones, then decided. */
const REQUEST_LISTS: {
  label: string;
  status: RequestStatus[];
  emptyTitle: string;
}[] = [
  {
    label: 'Open requests',
    status: ['requested', 'approved'],
    emptyTitle: 'No open requests',
  },
  {
    label: 'History',
    status: ['applied', 'rejected'],
    emptyTitle: 'Nothing applied or rejected yet',
  },
];

/** The pipeline of one agent or app: what runs where, open requests, history. */
export const Pipeline = (props: { target: string }) => {
  const { target } = props;
  const access = usePromotionsAccess();
  const deployments = useDeployments(target);
  const targetName = useEntityNameText(target);
  const canRollBack = access.create;
  const rollback = useCallback(
    (deployment: Deployment) =>
      canRollBack ? <RollbackButton deployment={deployment} /> : null,
    [canRollBack],
  );
  return (
    <>
      {deployments.error ? (
        <BackendErrorPanel error={deployments.error} />
      ) : (
        <DeploymentGrid
          label={`Deployments of ${targetName}`}
          deployments={deployments.value ?? []}
          loading={deployments.loading}
          action={rollback}
        />
      )}
      {REQUEST_LISTS.map(list => (
        <Box key={list.label} mt={3}>
          <Typography variant="h6">{list.label}</Typography>
          <RequestList
            label={list.label}
            lead="status"
            query={{ target, status: list.status }}
            emptyTitle={list.emptyTitle}
          />
        </Box>
      ))}
    </>
  );
};

/**
 * The pipeline view at `/promotions/pipeline?target=<ref>`: an agent or
 * app chosen among those deployed, and its {@link Pipeline}.
 */
export const PipelineView = () => {
  const { params, update } = useUrlParams();
  const target = params.get('target') ?? undefined;
  const targets = useKnownTargets(target);
  return (
    <>
      <Box maxWidth={480} mb={2}>
        <SelectField
          id="pipeline-target"
          label="Agent or app"
          value={target ?? ''}
          options={['', ...targets]}
          optionLabel={t =>
            t ? (
              <EntityName entityRef={t} link={false} />
            ) : (
              'Choose an agent or app'
            )
          }
          onChange={t => update({ target: t || undefined })}
        />
      </Box>
      {target ? (
        <Pipeline target={target} />
      ) : (
        <Typography color="textSecondary">
          Choose an agent or app to see its versions per tenant and environment.
        </Typography>
      )}
    </>
  );
};
