import { useState } from 'react';
import {
  Button,
  Chip,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import PersonAddIcon from '@material-ui/icons/PersonAdd';
import { InfoCard } from '@backstage/core-components';
import { AddMemberDialog } from './AddMemberDialog';
import { parseRoleMember } from './memberRef';
import { ConfirmDialog } from '@controlplane/frontend-common';

const MemberText = (props: { member: string }) => {
  const { ref, tenant } = parseRoleMember(props.member);
  return (
    <ListItemText
      primary={
        <>
          {ref}{' '}
          {tenant && (
            <Chip
              size="small"
              label={`only in tenant ${tenant}`}
              aria-label={`only in tenant ${tenant}`}
            />
          )}
        </>
      }
    />
  );
};

/** The users and groups of a role, with add and remove when allowed. */
export const MembersCard = (props: {
  members: string[];
  canUpdate: boolean;
  busy: boolean;
  onAdd: (memberRef: string) => void;
  onRemove: (memberRef: string) => void;
}) => {
  const [adding, setAdding] = useState(false);
  const [removing, setRemoving] = useState<string | undefined>();
  return (
    <InfoCard
      title="Members"
      action={
        props.canUpdate ? (
          <Button startIcon={<PersonAddIcon />} onClick={() => setAdding(true)}>
            Add member
          </Button>
        ) : undefined
      }
    >
      {props.members.length === 0 ? (
        <em>No members yet.</em>
      ) : (
        <List dense>
          {props.members.map(member => (
            <ListItem key={member}>
              <MemberText member={member} />
              {props.canUpdate && (
                <ListItemSecondaryAction>
                  <IconButton
                    aria-label={`Remove ${member}`}
                    onClick={() => setRemoving(member)}
                  >
                    <DeleteIcon />
                  </IconButton>
                </ListItemSecondaryAction>
              )}
            </ListItem>
          ))}
        </List>
      )}
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
        Remove {removing} from this role?
      </ConfirmDialog>
    </InfoCard>
  );
};
