import { Box, Chip, Typography } from '@material-ui/core';
import AppsIcon from '@material-ui/icons/Apps';
import {
  ResultHighlight,
  SearchDocument,
} from '@backstage/plugin-search-common';
import { DefaultResultListItem } from '@backstage/plugin-search-react';
import { BaseSearchResultListItemProps } from '@backstage/plugin-search-react/alpha';
import { EntityName } from '@controlplane/frontend-common';
import { AppEnvironment, AppStatus } from '@controlplane/plugin-apps-common';
import { AppStatusView } from '../components/common';
import { appPath, useAppsRoot } from '../components/links';

/**
 * An `app` document of the control plane's search collators
 * (plugins/search-backend-module-controlplane).
 */
export interface AppSearchDocument extends SearchDocument {
  appId: string;
  name: string;
  owner: string;
  environment: AppEnvironment;
  status: AppStatus;
  tenants: string[];
}

/**
 * A managed app in the search results: its title linking to its page, its
 * owner (by name, linking to the catalog), environment and status.
 */
export const AppSearchResultListItem = (
  props: BaseSearchResultListItemProps<{ highlight?: ResultHighlight }>,
) => {
  const root = useAppsRoot();
  const app = props.result as AppSearchDocument | undefined;
  if (!app) return null;
  return (
    <DefaultResultListItem
      result={{ ...app, location: appPath(root, app.appId) }}
      highlight={props.highlight}
      rank={props.rank}
      icon={<AppsIcon />}
      secondaryAction={
        <Box display="flex" alignItems="center" style={{ gap: 8 }}>
          <Typography variant="body2" component="span">
            Owner: <EntityName entityRef={app.owner} hideIcon />
          </Typography>
          <Chip size="small" variant="outlined" label={app.environment} />
          <AppStatusView status={app.status} />
        </Box>
      }
    />
  );
};
