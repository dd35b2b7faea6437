import { Box, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  FilterChips,
  useUrlParams,
} from '@controlplane/frontend-common';
import { CredentialStatus } from '@controlplane/plugin-apps-common';
import { CredentialsList } from './CredentialsTable';
import { useAppsRoot } from './links';
import { useCredentials } from './useCredentials';

const STATUSES: CredentialStatus[] = ['active', 'expired', 'revoked'];

/**
 * Every credential the user may see, across apps (seed 000 flow 8): each
 * links to its app; rotate and revoke where allowed.
 */
export const ApiKeysPage = () => {
  const root = useAppsRoot();
  const { params, update } = useUrlParams();
  const status = (params.get('status') ?? undefined) as
    | CredentialStatus
    | undefined;
  const credentials = useCredentials({ status });

  return (
    <>
      <Box mb={1}>
        <Link to={root}>All apps</Link>
      </Box>
      <Typography variant="h4" component="h2" gutterBottom>
        API keys
      </Typography>
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <FilterChips
          label="Status"
          values={STATUSES}
          selected={status}
          onSelect={value => update({ status: value })}
        />
        {credentials.total !== undefined && (
          <Box>
            <Typography variant="body2" color="textSecondary">
              {credentials.total} credential
              {credentials.total === 1 ? '' : 's'}
            </Typography>
          </Box>
        )}
      </Box>
      <CredentialsList
        credentials={credentials}
        showApp
        empty={
          status
            ? `No ${status} credentials.`
            : 'No credentials you may see. Issue them on an app’s page.'
        }
      />
    </>
  );
};
