import { ComponentType, ReactNode, useState } from 'react';
import { Button } from '@material-ui/core';
import EditIcon from '@material-ui/icons/Edit';
import { InfoCard } from '@backstage/core-components';
import {
  appsAppUpdatePermission,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { useAppPermission } from './common';

/** The dialog an {@link EditableAppCard} opens to edit its part of the app. */
export type AppEditDialog = ComponentType<{
  open: boolean;
  app: ManagedApp;
  onClose: () => void;
  onChanged: (app: ManagedApp) => void;
}>;

/**
 * A card showing part of an app, with an Edit button (for users allowed
 * apps.app.update on the app) that opens `dialog`; the changed app goes to
 * `onChanged`.
 */
export const EditableAppCard = (props: {
  title: string;
  app: ManagedApp;
  dialog: AppEditDialog;
  /** The Edit button's accessible name, when "Edit" alone is ambiguous. */
  editLabel?: string;
  onChanged: (app: ManagedApp) => void;
  children: ReactNode;
}) => {
  const { app, dialog: Dialog } = props;
  const canUpdate = useAppPermission(appsAppUpdatePermission, app.id);
  const [editing, setEditing] = useState(false);
  return (
    <InfoCard
      title={props.title}
      action={
        canUpdate ? (
          <Button
            startIcon={<EditIcon />}
            onClick={() => setEditing(true)}
            aria-label={props.editLabel}
          >
            Edit
          </Button>
        ) : undefined
      }
    >
      {props.children}
      <Dialog
        open={editing}
        app={app}
        onClose={() => setEditing(false)}
        onChanged={changed => {
          setEditing(false);
          props.onChanged(changed);
        }}
      />
    </InfoCard>
  );
};
