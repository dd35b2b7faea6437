import { useEffect, useState } from 'react';
import { Box, Button, TextField } from '@material-ui/core';
import useAsync from 'react-use/esm/useAsync';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { Progress } from '@backstage/core-components';
import { ErrorAlert, useAction } from '@controlplane/frontend-common';
import { TenantsApi, tenantsApiRef } from '../api';
import { useTenantPermission } from './common';

/**
 * The editable form of loaded settings: filled from the value when it loads,
 * `set` changes fields (and clears "Saved."), `saved` refills the form from
 * what the backend stored. While loading or after a failed load,
 * `placeholder` is what to show instead of the form.
 */
export function useSettingsForm<V, F>(
  loaded: { loading: boolean; error?: Error; value?: V },
  toForm: (value: V) => F,
) {
  const { value } = loaded;
  const [form, setForm] = useState<F | undefined>();
  const [isSaved, setIsSaved] = useState(false);
  useEffect(() => {
    if (value) setForm(toForm(value));
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [value]);
  let placeholder: JSX.Element | undefined;
  if (loaded.loading) placeholder = <Progress />;
  else if (loaded.error) placeholder = <ErrorAlert error={loaded.error} />;
  return {
    placeholder,
    form,
    isSaved,
    set: (change: Partial<F>) => {
      setIsSaved(false);
      setForm({ ...form!, ...change });
    },
    saved: (stored: V) => {
      setForm(toForm(stored));
      setIsSaved(true);
    },
  };
}

/** The error of the last save, "Saved." after one, and the save button. */
export const SaveRow = (props: {
  label: string;
  canSave: boolean;
  disabled: boolean;
  isSaved: boolean;
  error?: Error;
  onSave: () => void;
}) => (
  <>
    <ErrorAlert error={props.error} />
    {props.isSaved && <Box color="success.main">Saved.</Box>}
    {props.canSave && (
      <Box mt={1}>
        <Button
          color="primary"
          variant="contained"
          disabled={props.disabled}
          onClick={props.onSave}
        >
          {props.label}
        </Button>
      </Box>
    )}
  </>
);

/**
 * Loads a tenant's settings (`load`) into an editable form, with whether the
 * user may save them (`permission`, and not `readOnly`) and the save action.
 */
export function useTenantSettings<V, F>(options: {
  tenant: string;
  readOnly?: boolean;
  permission: BasicPermission | ResourcePermission;
  load: (api: TenantsApi) => Promise<V>;
  toForm: (value: V) => F;
}) {
  const api = useApi(tenantsApiRef);
  const canUpdate =
    useTenantPermission(options.permission, options.tenant) &&
    !options.readOnly;
  const loaded = useAsync(
    () => options.load(api),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [api, options.tenant],
  );
  const form = useSettingsForm(loaded, options.toForm);
  const action = useAction();
  return { api, canUpdate, ...form, ...action };
}

/** A full-width text field of a settings form with its validation error. */
export const SettingField = (props: {
  id: string;
  label: string;
  value: string;
  error?: string;
  hint: string;
  disabled: boolean;
  multiline?: boolean;
  onChange: (value: string) => void;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    error={Boolean(props.error)}
    helperText={props.error ?? props.hint}
    disabled={props.disabled}
    multiline={props.multiline}
    minRows={props.multiline ? 2 : undefined}
    fullWidth
    margin="normal"
  />
);
