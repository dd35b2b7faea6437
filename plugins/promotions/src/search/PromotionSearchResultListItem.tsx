import { Box, Chip } from '@material-ui/core';
import CallMergeIcon from '@material-ui/icons/CallMerge';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import {
  Environment,
  RequestStatus,
} from '@controlplane/plugin-promotions-common';
import { StatusChip } from '../components/chips';
import { requestPath, usePromotionsRoot } from '../components/links';

/**
 * A `promotion` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane): a promotion or rollback
 * request.
 */
export interface PromotionSearchDocument extends SearchDocument {
  requestId: string;
  requestKind: 'promotion' | 'rollback';
  target: string;
  tenant: string;
  sourceEnvironment: Environment;
  targetEnvironment: Environment;
  version: string;
  status: RequestStatus;
  requestedBy: string;
}

/**
 * A promotion request in the search results: its title linking to the
 * request's page, its status, where it goes and for which tenant.
 */
export const PromotionSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = usePromotionsRoot();
  const request = props.result as PromotionSearchDocument | undefined;
  if (!request) return null;
  return (
    <DefaultResultListItem
      result={{ ...request, location: requestPath(root, request.requestId) }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<CallMergeIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <StatusChip status={request.status} />
          <Chip
            size="small"
            variant="outlined"
            label={`${request.sourceEnvironment} → ${request.targetEnvironment}`}
          />
          <Chip size="small" variant="outlined" label={request.tenant} />
        </Box>
      }
    />
  );
};
