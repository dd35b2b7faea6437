import { Box, Typography } from '@material-ui/core';
import { Link } from '@backstage/core-components';
import {
  FilterChips,
  PortalPage,
  useUrlParams,
} from '@controlplane/frontend-common';
import {
  CREDENTIAL_STATUSES,
  CredentialStatus,
} from '@controlplane/plugin-apps-common';
import { CredentialsList } from './CredentialsTable';
import { useAppsRoot } from './links';
import { useCredentials } from './useCredentials';

const isCredentialStatus = (value: string | null): value is CredentialStatus =>
  CREDENTIAL_STATUSES.some(status => status === value);

/**
 * Every credential the user may see, across apps (seed 000 flow 8): each
 * links to its app; rotate and revoke where allowed.
 */
export const ApiKeysPage = () => {
  const root = useAppsRoot();
  const { params, update } = useUrlParams();
  const statusParam = params.get('status');
  const status = isCredentialStatus(statusParam) ? statusParam : undefined;
  const credentials = useCredentials({ status });

  return (
    <PortalPage
      title="API keys"
      subtitle="The credentials of every app you may see"
      headerActions={<Link to={root}>All apps</Link>}
    >
      <Box display="flex" alignItems="center" flexWrap="wrap" mb={2}>
        <FilterChips
          label="Status"
          values={CREDENTIAL_STATUSES}
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
    </PortalPage>
  );
};
