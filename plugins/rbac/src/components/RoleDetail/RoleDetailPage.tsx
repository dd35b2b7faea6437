import { useEffect, useState } from 'react';
import { useNavigate, useParams } from 'react-router-dom';
import useAsync from 'react-use/esm/useAsync';
import { Grid } from '@material-ui/core';
import { Progress } from '@backstage/core-components';
import { useApi, useRouteRef } from '@backstage/frontend-plugin-api';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  BackendErrorPanel,
  PortalPage,
  useAction,
} from '@controlplane/frontend-common';
import {
  Role,
  rbacRoleUpdatePermission,
} from '@controlplane/plugin-rbac-common';
import { rbacApiRef } from '../../api';
import { rootRouteRef } from '../../routes';
import { PermissionMatrixCard } from '../PermissionMatrix/PermissionMatrixCard';
import { MembersTable } from './MembersTable';
import { GrantsCard } from './GrantsCard';
import { DeleteRoleButton } from './DeleteRoleButton';

/** One role: its members, grants and permission matrix column. */
export const RoleDetailPage = () => {
  const { name = '' } = useParams();
  const rbacApi = useApi(rbacApiRef);
  const navigate = useNavigate();
  const rootLink = useRouteRef(rootRouteRef);
  const { allowed: canUpdate } = usePermission({
    permission: rbacRoleUpdatePermission,
  });
  const loaded = useAsync(() => rbacApi.getRole(name), [rbacApi, name]);
  const [role, setRole] = useState<Role | undefined>();
  useEffect(() => setRole(loaded.value), [loaded.value]);
  const { busy, error, run } = useAction();

  const change = async (action: () => Promise<Role>) => {
    const changed = await run(action);
    if (changed.ok) setRole(changed.value);
  };

  return (
    <PortalPage
      // The role's name once it is loaded, so the heading names a role shown.
      title={role?.name ?? 'Role'}
      subtitle={role?.description}
      headerActions={
        role && (
          <DeleteRoleButton
            roleName={role.name}
            busy={busy}
            onDelete={async () => {
              const done = await run(() => rbacApi.deleteRole(role.name));
              if (done.ok) navigate(rootLink?.() ?? '..');
            }}
          />
        )
      }
    >
      {loaded.loading && <Progress />}
      {loaded.error && <BackendErrorPanel error={loaded.error} />}
      {error && <BackendErrorPanel error={error} />}
      {role && (
        <Grid container spacing={3}>
          <Grid item xs={12} md={6}>
            <MembersTable
              members={role.members}
              canUpdate={canUpdate}
              busy={busy}
              onAdd={ref => change(() => rbacApi.addMember(role.name, ref))}
              onRemove={ref =>
                change(() => rbacApi.removeMember(role.name, ref))
              }
            />
          </Grid>
          <Grid item xs={12} md={6}>
            <GrantsCard
              grants={role.grants}
              canUpdate={canUpdate}
              busy={busy}
              onGrant={pattern =>
                change(() => rbacApi.grant(role.name, pattern))
              }
              onRevoke={pattern =>
                change(() => rbacApi.revoke(role.name, pattern))
              }
            />
          </Grid>
          <Grid item xs={12}>
            <PermissionMatrixCard roles={[role]} onRoleChanged={setRole} />
          </Grid>
        </Grid>
      )}
    </PortalPage>
  );
};
