import { Fragment } from 'react';
import {
  Table,
  TableBody,
  TableCell,
  TableHead,
  TableRow,
  Typography,
} from '@material-ui/core';
import { EmptyState } from '@backstage/core-components';
import { PermissionInfo, Role } from '@controlplane/plugin-rbac-common';
import { groupByPlugin } from '../cellState';
import { MatrixCell } from './MatrixCell';

export interface PermissionMatrixProps {
  permissions: PermissionInfo[];
  roles: Role[];
  /** Whether the user may change grants (rbac.role.update). */
  canUpdate: boolean;
  busy?: boolean;
  onGrant: (roleName: string, permissionName: string) => void;
  /** Revokes `grant`: the permission's name, or its owned grant. */
  onRevoke: (roleName: string, grant: string) => void;
}

/** Permissions (grouped by plugin) × roles, with a checkbox per cell. */
export const PermissionMatrix = (props: PermissionMatrixProps) => {
  if (props.permissions.length === 0) {
    return (
      <EmptyState
        missing="data"
        title="No permissions"
        description="No installed plugin has registered a permission."
      />
    );
  }
  return (
    <Table size="small" aria-label="Permission matrix">
      <TableHead>
        <TableRow>
          <TableCell>Permission</TableCell>
          {props.roles.map(role => (
            <TableCell key={role.name} align="center">
              {role.name}
            </TableCell>
          ))}
        </TableRow>
      </TableHead>
      <TableBody>
        {groupByPlugin(props.permissions).map(([pluginId, permissions]) => (
          <Fragment key={pluginId}>
            <TableRow>
              <TableCell colSpan={props.roles.length + 1}>
                <Typography variant="subtitle2" component="h3">
                  {pluginId}
                </Typography>
              </TableCell>
            </TableRow>
            {permissions.map(permission => (
              <TableRow key={permission.name}>
                <TableCell>
                  <Typography variant="body2">{permission.name}</Typography>
                  <Typography variant="caption" color="textSecondary">
                    {permission.description}
                  </Typography>
                </TableCell>
                {props.roles.map(role => (
                  <TableCell key={role.name} align="center">
                    <MatrixCell
                      roleName={role.name}
                      grants={role.grants}
                      permissionName={permission.name}
                      canUpdate={props.canUpdate}
                      busy={props.busy ?? false}
                      onToggle={revoke =>
                        revoke
                          ? props.onRevoke(role.name, revoke)
                          : props.onGrant(role.name, permission.name)
                      }
                    />
                  </TableCell>
                ))}
              </TableRow>
            ))}
          </Fragment>
        ))}
      </TableBody>
    </Table>
  );
};
