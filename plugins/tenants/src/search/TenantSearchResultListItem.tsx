import { Box, Chip } from '@material-ui/core';
import BusinessIcon from '@material-ui/icons/Business';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import { TenantPlan, TenantStatus } from '@controlplane/plugin-tenants-common';
import { TenantStatusView } from '../components/common';
import { tenantPath, useTenantsRoot } from '../components/links';

/**
 * A `tenant` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane).
 */
export interface TenantSearchDocument extends SearchDocument {
  name: string;
  displayName: string;
  domain: string;
  plan: TenantPlan;
  status: TenantStatus;
}

/**
 * A tenant in the search results: its display name linking to its page,
 * what the collator wrote about it, its plan and its status.
 */
export const TenantSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = useTenantsRoot();
  const tenant = props.result as TenantSearchDocument | undefined;
  if (!tenant) return null;
  return (
    <DefaultResultListItem
      result={{ ...tenant, location: tenantPath(root, tenant.name) }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<BusinessIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Chip size="small" label={`${tenant.plan} plan`} />
          <TenantStatusView status={tenant.status} />
        </Box>
      }
    />
  );
};
