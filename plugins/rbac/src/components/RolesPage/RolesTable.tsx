import { Link, Table, TableColumn } from '@backstage/core-components';
import { useRouteRef } from '@backstage/frontend-plugin-api';
import { Role } from '@controlplane/plugin-rbac-common';
import { rootRouteRef } from '../../routes';

const columns = (root: string): TableColumn<Role>[] => [
  {
    title: 'Name',
    field: 'name',
    render: role => (
      <Link to={`${root}/roles/${encodeURIComponent(role.name)}`}>
        {role.name}
      </Link>
    ),
  },
  { title: 'Description', field: 'description' },
  { title: 'Grants', render: role => role.grants.length, align: 'right' },
  { title: 'Members', render: role => role.members.length, align: 'right' },
];

/** The roles with how many grants and members each has. */
export const RolesTable = (props: { roles: Role[] }) => {
  const root = useRouteRef(rootRouteRef)?.() ?? '/rbac';
  return (
    <Table<Role>
      title="Roles"
      options={{ paging: false, search: true, padding: 'dense' }}
      columns={columns(root)}
      data={props.roles}
      emptyContent={<div style={{ padding: 16 }}>No roles yet.</div>}
    />
  );
};
