import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Role,
  rbacRoleUpdatePermission,
} from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { useRbacAction } from '../useRbacAction';
import { PermissionMatrix } from './PermissionMatrix';
import { RbacErrorPanel } from '../RbacErrorPanel';

/**
 * Loads every registered permission and shows the matrix for the given
 * roles; toggling a cell grants or revokes that exact permission.
 */
export const PermissionMatrixCard = (props: {
  roles: Role[];
  onRoleChanged: (role: Role) => void;
}) => {
  const rbacApi = useApi(rbacApiRef);
  const { allowed: canUpdate } = usePermission({
    permission: rbacRoleUpdatePermission,
  });
  const permissions = useAsync(() => rbacApi.listPermissions(), [rbacApi]);
  const { busy, error, run } = useRbacAction();

  const change = async (action: () => Promise<Role>) => {
    const role = await run(action);
    if (role) props.onRoleChanged(role);
  };

  return (
    <InfoCard title="Permissions">
      {error && <RbacErrorPanel error={error} />}
      {permissions.loading && <Progress />}
      {permissions.error && <RbacErrorPanel error={permissions.error} />}
      {permissions.value && (
        <PermissionMatrix
          permissions={permissions.value}
          roles={props.roles}
          canUpdate={canUpdate}
          busy={busy}
          onGrant={(role, permission) =>
            change(() => rbacApi.grant(role, permission))
          }
          onRevoke={(role, permission) =>
            change(() => rbacApi.revoke(role, permission))
          }
        />
      )}
    </InfoCard>
  );
};
