import { useState } from 'react';
import { Chip } from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import PersonAddIcon from '@material-ui/icons/PersonAdd';
import { TableColumn, TableProps } from '@backstage/core-components';
import {
  ConfirmDialog,
  DataTable,
  EntityName,
  useEntityNameTexts,
} from '@controlplane/frontend-common';
import { AddMemberDialog } from './AddMemberDialog';
import { parseRoleMember } from './memberRef';

/** One member of the role: as stored, and split into ref and tenant. */
type MemberRow = { member: string; ref: string; tenant?: string };

const columns: TableColumn<MemberRow>[] = [
  {
    title: 'User or group',
    field: 'ref',
    defaultSort: 'asc',
    render: row => <EntityName entityRef={row.ref} />,
  },
  {
    title: 'Scope',
    field: 'tenant',
    render: row =>
      row.tenant ? (
        <Chip
          size="small"
          label={`only in tenant ${row.tenant}`}
          aria-label={`only in tenant ${row.tenant}`}
        />
      ) : (
        'every tenant'
      ),
  },
];

/** A member by name, with its tenant scope if any. */
const MemberName = (props: { member: string }) => {
  const { ref, tenant } = parseRoleMember(props.member);
  return (
    <>
      <EntityName entityRef={ref} hideIcon />
      {tenant && ` (only in tenant ${tenant})`}
    </>
  );
};

/** The users and groups of a role, with add and remove when allowed. */
export const MembersTable = (props: {
  members: string[];
  canUpdate: boolean;
  busy: boolean;
  onAdd: (memberRef: string) => void;
  onRemove: (memberRef: string) => void;
}) => {
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | undefined>();
  const rows = props.members.map(member => ({
    member,
    ...parseRoleMember(member),
  }));
  const nameOf = useEntityNameTexts(rows.map(row => row.ref));
  const actions: TableProps<MemberRow>['actions'] = props.canUpdate
    ? [
        {
          icon: () => <PersonAddIcon />,
          tooltip: 'Add member',
          isFreeAction: true,
          onClick: () => setAdding(true),
        },
        row => ({
          icon: () => <DeleteIcon />,
          tooltip: `Remove ${nameOf(row.ref)}${
            row.tenant ? ` (only in tenant ${row.tenant})` : ''
          }`,
          onClick: () => setRemoving(row.member),
        }),
      ]
    : undefined;

  return (
    <>
      <DataTable<MemberRow>
        label="Members"
        title="Members"
        columns={columns}
        data={rows}
        actions={actions}
        emptyTitle="No members yet"
        emptyDescription={
          props.canUpdate
            ? 'Add a user or group to give them the grants of this role.'
            : undefined
        }
      />
      <AddMemberDialog
        open={adding}
        busy={props.busy}
        onClose={() => setAdding(false)}
        onAdd={ref => {
          setAdding(false);
          props.onAdd(ref);
        }}
      />
      <ConfirmDialog
        open={removing !== undefined}
        title="Remove member"
        confirmLabel="Remove"
        busy={props.busy}
        onClose={() => setRemoving(undefined)}
        onConfirm={() => {
          if (removing) props.onRemove(removing);
          setRemoving(undefined);
        }}
      >
        Remove {removing && <MemberName member={removing} />} from this role?
      </ConfirmDialog>
    </>
  );
};
