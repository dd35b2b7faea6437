import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { rbacApiRef } from '../../api';
import { RolesTable } from './RolesTable';
import { CreateRoleButton } from './CreateRoleButton';
import { BackendErrorPanel } from '@controlplane/frontend-common';

/** Lists the roles; lets permitted users create one. */
export const RolesPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => rbacApi.listRoles(),
    [rbacApi],
  );
  return (
    <>
      <Box display="flex" justifyContent="flex-end" mb={2}>
        <CreateRoleButton onCreated={retry} />
      </Box>
      {loading && <Progress />}
      {error && <BackendErrorPanel error={error} />}
      {value && <RolesTable roles={value} />}
    </>
  );
};
