import { useEffect, useState } from 'react';
import { TextField } from '@material-ui/core';
import { StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityName,
  EntityRefPicker,
  FormDialog,
  useAction,
} from '@controlplane/frontend-common';
import { AppPatch, ManagedApp } from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { AppStatusView, ChipList, formatTime } from './common';
import { EditableAppCard } from './EditableAppCard';
import { MultiEntryField } from './fields';
import { normalizeOwnerRef, OWNER_HELP } from './ownerRef';

const sameList = (a: string[], b: string[]) =>
  a.length === b.length && a.every((value, i) => value === b[i]);

/** Change title, description, owner and tenants; sends only what changed. */
export const EditAppDialog = (props: {
  open: boolean;
  app: ManagedApp;
  onClose: () => void;
  onChanged: (app: ManagedApp) => void;
}) => {
  const api = useApi(appsApiRef);
  const { app } = props;
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [owner, setOwner] = useState('');
  const [tenants, setTenants] = useState<string[]>([]);
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (props.open) {
      setTitle(app.title ?? '');
      setDescription(app.description ?? '');
      setOwner(app.owner);
      setTenants(app.tenants);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, app]);

  const ownerRef = normalizeOwnerRef(owner);
  const change: AppPatch = {};
  // An emptied field clears the value.
  if (title.trim() !== (app.title ?? '')) change.title = title.trim() || null;
  if (description.trim() !== (app.description ?? '')) {
    change.description = description.trim() || null;
  }
  if (ownerRef && ownerRef !== app.owner) change.owner = ownerRef;
  if (!sameList(tenants, app.tenants)) change.tenants = tenants;
  const unchanged = Object.keys(change).length === 0;

  return (
    <FormDialog
      open={props.open}
      title={`Edit ${app.name}`}
      submitLabel="Save"
      submitDisabled={busy || !ownerRef || unchanged}
      error={error}
      onSubmit={async () => {
        const result = await run(() => api.updateApp(app.id, change));
        if (result.ok) props.onChanged(result.value);
      }}
      onClose={props.onClose}
    >
      <TextField
        id="apps-edit-title"
        label="Title"
        value={title}
        onChange={e => setTitle(e.target.value)}
        inputProps={{ maxLength: 200 }}
        fullWidth
        margin="normal"
      />
      <TextField
        id="apps-edit-description"
        label="Description"
        value={description}
        onChange={e => setDescription(e.target.value)}
        inputProps={{ maxLength: 2000 }}
        fullWidth
        multiline
        minRows={2}
        margin="normal"
      />
      <EntityRefPicker
        id="apps-edit-owner"
        label="Owner"
        value={owner}
        onChange={setOwner}
        error={!ownerRef}
        helperText={OWNER_HELP}
        required
      />
      <MultiEntryField
        id="apps-edit-tenants"
        label="Tenants"
        values={tenants}
        onChange={setTenants}
        helperText="The app's credentials reach only these tenants"
      />
    </FormDialog>
  );
};

/** What the app is, who owns it, which tenants it serves; edit with apps.app.update. */
export const OverviewCard = (props: {
  app: ManagedApp;
  onChanged: (app: ManagedApp) => void;
}) => {
  const { app } = props;
  return (
    <EditableAppCard
      title="Overview"
      app={app}
      dialog={EditAppDialog}
      onChanged={props.onChanged}
    >
      <StructuredMetadataTable
        metadata={{
          name: app.name,
          title: app.title ?? '—',
          description: app.description ?? '—',
          environment: app.environment,
          status: <AppStatusView status={app.status} />,
          owner: <EntityName entityRef={app.owner} />,
          tenants: <ChipList values={app.tenants} empty="none" />,
          'created by': <EntityName entityRef={app.createdBy} />,
          created: formatTime(app.createdAt),
          updated: formatTime(app.updatedAt),
        }}
      />
    </EditableAppCard>
  );
};
