import { Box, Chip } from '@material-ui/core';
import FlagIcon from '@material-ui/icons/Flag';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import { FlagType, Lifecycle } from '@controlplane/plugin-flags-common';
import { flagPath, useFlagsRoot } from '../components/links';

/**
 * A `flag` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane): a flag definition.
 */
export interface FlagSearchDocument extends SearchDocument {
  key: string;
  flagType: FlagType;
  lifecycle: Lifecycle;
  owner?: string;
  tags: string[];
  killed: boolean;
  potentiallyStale: boolean;
}

/**
 * A flag in the search results: its key linking to its page, its type and
 * lifecycle, and whether it is killed or potentially stale.
 */
export const FlagSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = useFlagsRoot();
  const flag = props.result as FlagSearchDocument | undefined;
  if (!flag) return null;
  return (
    <DefaultResultListItem
      result={{ ...flag, location: flagPath(root, flag.key) }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<FlagIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Chip size="small" variant="outlined" label={flag.flagType} />
          <Chip
            size="small"
            label={flag.lifecycle}
            color={flag.lifecycle === 'active' ? 'primary' : 'default'}
          />
          {flag.killed && (
            <Chip size="small" color="secondary" label="killed" />
          )}
          {flag.potentiallyStale && (
            <Chip size="small" variant="outlined" label="potentially stale" />
          )}
        </Box>
      }
    />
  );
};
