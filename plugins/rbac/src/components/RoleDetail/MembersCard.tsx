import { useState } from 'react';
import {
  Button,
  IconButton,
  List,
  ListItem,
  ListItemSecondaryAction,
  ListItemText,
} from '@material-ui/core';
import DeleteIcon from '@material-ui/icons/Delete';
import PersonAddIcon from '@material-ui/icons/PersonAdd';
import { InfoCard } from '@backstage/core-components';
import { ConfirmDialog } from '../ConfirmDialog';
import { AddMemberDialog } from './AddMemberDialog';

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
              <ListItemText primary={member} />
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
