import { Box, Chip } from '@material-ui/core';
import SecurityIcon from '@material-ui/icons/Security';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import { rootRouteRef } from '../routes';

/**
 * A `role` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane): an RBAC role.
 */
export interface RoleSearchDocument extends SearchDocument {
  name: string;
  description: string;
  grantCount: number;
  memberCount: number;
}

const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/**
 * A role in the search results: its name linking to its page, its
 * description, and how many grants and members it has.
 */
export const RoleSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = useRouteRef(rootRouteRef)?.() ?? '/rbac';
  const role = props.result as RoleSearchDocument | undefined;
  if (!role) return null;
  return (
    <DefaultResultListItem
      result={{
        ...role,
        location: `${root}/roles/${encodeURIComponent(role.name)}`,
      }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<SecurityIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Chip
            size="small"
            variant="outlined"
            label={count(role.grantCount, 'grant')}
          />
          <Chip
            size="small"
            variant="outlined"
            label={count(role.memberCount, 'member')}
          />
        </Box>
      }
    />
  );
};
