import { useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { TextField } from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ButtonWithDialog,
  EntityRefPicker,
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import {
  APP_ENVIRONMENTS,
  AppEnvironment,
  appNameProblem,
  appsAppCreatePermission,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { useAppPermission } from './common';
import { MultiEntryField } from './fields';
import { appPath, useAppsRoot } from './links';
import { normalizeOwnerRef, OWNER_HELP } from './ownerRef';

interface RegisterForm {
  name: string;
  title: string;
  description: string;
  environment: AppEnvironment;
  owner: string;
  tenants: string[];
}

const EMPTY: RegisterForm = {
  name: '',
  title: '',
  description: '',
  environment: 'development',
  owner: '',
  tenants: [],
};

export const RegisterAppDialog = (props: {
  open: boolean;
  onClose: () => void;
  onRegistered: (app: ManagedApp) => void;
}) => {
  const api = useApi(appsApiRef);
  const [form, setForm] = useState(EMPTY);
  const [touched, setTouched] = useState(false);
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (props.open) {
      setForm(EMPTY);
      setTouched(false);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);
  const set = (change: Partial<RegisterForm>) =>
    setForm(current => ({ ...current, ...change }));

  const owner = normalizeOwnerRef(form.owner);
  const problems = {
    name: form.name ? appNameProblem(form.name) : 'Required',
    owner: owner ? undefined : OWNER_HELP,
  };
  const invalid = Object.values(problems).some(Boolean);

  const submit = async () => {
    setTouched(true);
    if (invalid || !owner) return;
    const result = await run(() =>
      api.registerApp({
        name: form.name,
        title: form.title.trim() || undefined,
        description: form.description.trim() || undefined,
        environment: form.environment,
        owner,
        tenants: form.tenants,
      }),
    );
    if (result.ok) props.onRegistered(result.value);
  };

  return (
    <FormDialog
      open={props.open}
      title="Register app"
      submitLabel="Register"
      submitDisabled={busy || (touched && invalid)}
      error={error}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <TextField
        id="apps-register-name"
        label="Name"
        value={form.name}
        onChange={e => set({ name: e.target.value })}
        error={touched && !!problems.name}
        helperText={
          (touched && problems.name) ||
          'Lower-case letters, digits and dashes; also the name of its catalog entity'
        }
        required
        fullWidth
        margin="normal"
      />
      <TextField
        id="apps-register-title"
        label="Title"
        value={form.title}
        onChange={e => set({ title: e.target.value })}
        inputProps={{ maxLength: 200 }}
        fullWidth
        margin="normal"
      />
      <TextField
        id="apps-register-description"
        label="Description"
        value={form.description}
        onChange={e => set({ description: e.target.value })}
        inputProps={{ maxLength: 2000 }}
        fullWidth
        multiline
        minRows={2}
        margin="normal"
      />
      <SelectField
        id="apps-register-environment"
        label="Environment"
        value={form.environment}
        options={APP_ENVIRONMENTS}
        onChange={environment => set({ environment })}
      />
      <EntityRefPicker
        id="apps-register-owner"
        label="Owner"
        value={form.owner}
        onChange={typed => set({ owner: typed })}
        error={touched && !!problems.owner}
        helperText={OWNER_HELP}
        required
      />
      <MultiEntryField
        id="apps-register-tenants"
        label="Tenants"
        values={form.tenants}
        onChange={tenants => set({ tenants })}
        helperText="Tenant names the app serves; press Enter after each"
      />
    </FormDialog>
  );
};

/** "Register app", for users with apps.app.create; opens the new app. */
export const RegisterAppButton = () => {
  const canCreate = useAppPermission(appsAppCreatePermission);
  const navigate = useNavigate();
  const root = useAppsRoot();
  if (!canCreate) return null;
  return (
    <ButtonWithDialog
      label="Register app"
      icon={<AddIcon />}
      dialog={({ open, close }) => (
        <RegisterAppDialog
          open={open}
          onClose={close}
          onRegistered={app => {
            close();
            navigate(appPath(root, app.id));
          }}
        />
      )}
    />
  );
};
