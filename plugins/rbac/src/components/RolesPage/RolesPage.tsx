import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { rbacApiRef } from '../../api';
import { RolesTable } from './RolesTable';
import { CreateRoleButton } from './CreateRoleButton';

/** Lists the roles; lets permitted users create one. */
export const RolesPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const { value, loading, error, retry } = useAsyncRetry(
    () => rbacApi.listRoles(),
    [rbacApi],
  );

  return (
    <PortalPage
      title="Roles"
      subtitle="Each role grants permissions to its members, users and groups."
      headerActions={<CreateRoleButton onCreated={retry} />}
    >
      {loading && <Progress />}
      {error && <BackendErrorPanel error={error} />}
      {value && <RolesTable roles={value} />}
    </PortalPage>
  );
};
