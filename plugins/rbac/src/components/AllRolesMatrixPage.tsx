import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { EmptyState, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { Role } from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../api';
import { PermissionMatrixCard } from './PermissionMatrix/PermissionMatrixCard';
import { BackendErrorPanel } from '@controlplane/frontend-common';

/** The permission matrix with one column per role. */
export const AllRolesMatrixPage = () => {
  const rbacApi = useApi(rbacApiRef);
  const { value, loading, error } = useAsync(
    () => rbacApi.listRoles(),
    [rbacApi],
  );
  const [roles, setRoles] = useState<Role[]>([]);
  useEffect(() => setRoles(value ?? []), [value]);

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
      roles={roles}
      onRoleChanged={changed =>
        setRoles(current =>
          current.map(role => (role.name === changed.name ? changed : role)),
        )
      }
    />
  );
};
