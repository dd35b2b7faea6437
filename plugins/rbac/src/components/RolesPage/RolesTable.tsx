import { Link, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { DataTable } from '@controlplane/frontend-common';
import { Role } from '@controlplane/plugin-rbac-common';
import { rootRouteRef } from '../../routes';

const columns = (root: string): TableColumn<Role>[] => [
  {
    title: 'Name',
    field: 'name',
    defaultSort: 'asc',
    render: role => (
      <Link to={`${root}/roles/${encodeURIComponent(role.name)}`}>
        {role.name}
      </Link>
    ),
  },
  { title: 'Description', field: 'description' },
  {
    title: 'Grants',
    align: 'right',
    render: role => role.grants.length,
    customSort: (a, b) => a.grants.length - b.grants.length,
  },
  {
    title: 'Members',
    align: 'right',
    render: role => role.members.length,
    customSort: (a, b) => a.members.length - b.members.length,
  },
];

/** The roles with how many grants and members each has. */
export const RolesTable = (props: { roles: Role[] }) => {
  const root = useRouteRef(rootRouteRef)?.() ?? '/rbac';
  return (
    <DataTable<Role>
      label="Roles"
      columns={columns(root)}
      data={props.roles}
      search
      emptyTitle="No roles yet"
      emptyDescription="Create a role to grant permissions to users and groups."
    />
  );
};
