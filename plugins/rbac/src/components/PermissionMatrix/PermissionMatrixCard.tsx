import useAsync from 'react-use/esm/useAsync';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  Role,
  rbacRoleUpdatePermission,
} from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { PermissionMatrix } from './PermissionMatrix';
import { BackendErrorPanel, useAction } from '@controlplane/frontend-common';

/**
 * Loads every registered permission and shows the matrix for the given
 * roles; toggling a cell grants or revokes that exact permission.
 */
export const PermissionMatrixCard = (props: {
  /** The card's title; `Permissions` when left out. */
  title?: string;
  roles: Role[];
  onRoleChanged: (role: Role) => void;
}) => {
  const rbacApi = useApi(rbacApiRef);
  const { allowed: canUpdate } = usePermission({
    permission: rbacRoleUpdatePermission,
  });
  const permissions = useAsync(() => rbacApi.listPermissions(), [rbacApi]);
  const { busy, error, run } = useAction();

  const change = async (action: () => Promise<Role>) => {
    const result = await run(action);
    if (result.ok) props.onRoleChanged(result.value);
  };

  return (
    <InfoCard title={props.title ?? 'Permissions'}>
      {error && <BackendErrorPanel error={error} />}
      {permissions.loading && <Progress />}
      {permissions.error && <BackendErrorPanel error={permissions.error} />}
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
