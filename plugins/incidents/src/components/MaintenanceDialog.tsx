import { Box, Checkbox, FormControlLabel, FormLabel } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  checkTenant,
  FormDialog,
  localTimeToIso,
  SelectField,
  useDialogForm,
} from '@controlplane/frontend-common';
import {
  Environment,
  NewMaintenance,
  Operation,
} from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { OPERATIONS } from './labels';
import { checkTitle } from './validation';

const ENVIRONMENTS: readonly Environment[] = [
  'production',
  'staging',
  'development',
];

const EMPTY = {
  title: '',
  description: '',
  environment: 'production' as Environment,
  tenant: '',
  operations: ['deploy'] as Operation[],
  startsAt: '',
  endsAt: '',
};

type Form = typeof EMPTY;

const TIME = { type: 'datetime-local', required: true };

/** The window of the form; throws saying what is wrong. */
export function toNewMaintenance(form: Form): NewMaintenance {
  const title = checkTitle(form.title);
  if (form.operations.length === 0) {
    throw new Error('Choose at least one operation the window blocks');
  }
  const startsAt = localTimeToIso('Starts', form.startsAt);
  const endsAt = localTimeToIso('Ends', form.endsAt);
  if (endsAt <= startsAt) throw new Error('It must end after it starts');
  return {
    title,
    description: form.description.trim() || undefined,
    environment: form.environment,
    tenant: form.tenant.trim() ? checkTenant(form.tenant) : undefined,
    operations: form.operations,
    startsAt,
    endsAt,
  };
}

/**
 * Schedules a maintenance window in an environment, for every tenant or
 * one, with the operations it blocks; the affected tenants' admins are told.
 */
export const MaintenanceDialog = (props: {
  open: boolean;
  onClose: () => void;
  onScheduled: () => void;
}) => {
  const { open, onClose } = props;
  const api = useApi(incidentsApiRef);
  const { form, update, textField, busy, error, submit } = useDialogForm(
    open,
    () => EMPTY,
    'maintenance',
  );
  const toggle = (operation: Operation, on: boolean) =>
    update({
      operations: OPERATIONS.filter(o =>
        o === operation ? on : form.operations.includes(o),
      ),
    });

  return (
    <FormDialog
      open={open}
      title="Schedule maintenance"
      submitLabel="Schedule"
      submitDisabled={busy}
      error={error}
      onSubmit={() =>
        submit(toNewMaintenance, api.scheduleMaintenance.bind(api), () => {
          props.onScheduled();
          onClose();
        })
      }
      onClose={onClose}
    >
      {textField('title', 'Title', { required: true })}
      {textField('description', 'Description')}
      <SelectField
        id="maintenance-environment"
        label="Environment"
        value={form.environment}
        options={ENVIRONMENTS}
        onChange={environment => update({ environment })}
      />
      {textField('tenant', 'Tenant', {
        helperText: 'Optional: every tenant when empty',
      })}
      <Box mt={2}>
        <FormLabel component="legend">Blocks</FormLabel>
        {OPERATIONS.map(operation => (
          <FormControlLabel
            key={operation}
            label={operation}
            control={
              <Checkbox
                checked={form.operations.includes(operation)}
                onChange={e => toggle(operation, e.target.checked)}
              />
            }
          />
        ))}
      </Box>
      {textField('startsAt', 'Starts', TIME)}
      {textField('endsAt', 'Ends', TIME)}
    </FormDialog>
  );
};
