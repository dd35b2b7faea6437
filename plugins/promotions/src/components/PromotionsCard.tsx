import useAsync from 'react-use/esm/useAsync';
import {
  Box,
  List,
  ListItem,
  ListItemText,
  Typography,
} from '@material-ui/core';
import { InfoCard, Link } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useEntity } from '@backstage/plugin-catalog-react';
import { BackendErrorPanel, HeldOnly } from '@controlplane/frontend-common';
import { promotionsRequestReadPermission } from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { DeploymentGrid, useDeployments } from './DeploymentGrid';
import { formatApprovals, formatStep } from './format';
import { pipelinePath, requestPath, usePromotionsRoot } from './links';

/** The card's content: only rendered (and fetched) for readers. */
const PromotionsCardContent = (props: { target: string }) => {
  const { target } = props;
  const api = useApi(promotionsApiRef);
  const root = usePromotionsRoot();
  const deployments = useDeployments(target);
  const pending = useAsync(
    () => api.listRequests({ target, status: ['requested', 'approved'] }),
    [api, target],
  );
  const error = deployments.error ?? pending.error;
  return (
    <InfoCard
      title="Promotions"
      deepLink={{
        title: 'Open the pipeline',
        link: pipelinePath(root, target),
      }}
    >
      {error ? (
        <BackendErrorPanel error={error} />
      ) : (
        <>
          <DeploymentGrid
            label="Versions per tenant and environment"
            deployments={deployments.value ?? []}
            loading={deployments.loading}
          />
          <Box mt={2}>
            <Typography variant="subtitle2">Open requests</Typography>
            {pending.value && pending.value.items.length === 0 && (
              <Typography variant="body2" color="textSecondary">
                None
              </Typography>
            )}
            <List dense aria-label="Open requests">
              {pending.value?.items.map(request => (
                <ListItem key={request.id} disableGutters>
                  <ListItemText
                    primary={
                      <Link to={requestPath(root, request.id)}>
                        {request.version} for {request.tenant}:{' '}
                        {formatStep(request)}
                      </Link>
                    }
                    secondary={`${request.status}, approvals ${formatApprovals(
                      request,
                    )}`}
                  />
                </ListItem>
              ))}
            </List>
          </Box>
        </>
      )}
    </InfoCard>
  );
};

/**
 * The "Promotions" card of agent and app pages: the version running per
 * environment and tenant with drift, the open requests and a link to the
 * pipeline. Hidden from users without promotions.request.read (nothing is
 * fetched for them).
 */
export const PromotionsCard = () => {
  const { entity } = useEntity();
  return (
    <HeldOnly permission={promotionsRequestReadPermission.name}>
      <PromotionsCardContent target={stringifyEntityRef(entity)} />
    </HeldOnly>
  );
};
