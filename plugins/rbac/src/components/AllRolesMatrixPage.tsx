import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, PortalPage } from '@controlplane/frontend-common';
import { Role } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../api';
import { PermissionMatrixCard } from './PermissionMatrix/PermissionMatrixCard';

/** The permission matrix with one column per role. */
export const AllRolesMatrixPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const { value, loading, error } = useAsync(
    () => rbacApi.listRoles(),
    [rbacApi],
  );
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => setRoles(value ?? []), [value]);

  const content = () => {
    if (loading) return <Progress />;
    if (error) return <BackendErrorPanel error={error} />;
    if (roles.length === 0) {
      return (
        <EmptyState
          missing="data"
          title="No roles"
          description="Create a role to grant permissions."
        />
      );
    }
    return (
      <PermissionMatrixCard
        title="Permission matrix"
        roles={roles}
        onRoleChanged={changed =>
          setRoles(current =>
            current.map(role => (role.name === changed.name ? changed : role)),
          )
        }
      />
    );
  };

  return (
    <PortalPage
      title="Permissions"
      subtitle="Every permission the installed plugins register, and the roles that grant it."
    >
      {content()}
    </PortalPage>
  );
};
