import { useApi } from '@backstage/frontend-plugin-api';
import {
  checkTenant,
  FormDialog,
  FormTextField,
  localTimeToIso,
  SelectField,
  useDialogForm,
} from '@controlplane/frontend-common';
import {
  Environment,
  FreezeInput,
  PROMOTION_ENVIRONMENTS,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { checkTarget } from './validation';

const EMPTY = {
  environment: 'production' as Environment,
  tenant: '',
  target: '',
  reason: '',
  startsAt: '',
  endsAt: '',
};

type Form = typeof EMPTY;

const FIELDS: [
  Exclude<keyof Form, 'environment'>,
  string,
  { helperText?: string; type?: string; required?: boolean },
][] = [
  ['tenant', 'Tenant', { helperText: 'Optional: all tenants when empty' }],
  [
    'target',
    'Target',
    {
      helperText:
        'Optional: all agents and apps when empty, e.g. agent:default/support-triage',
    },
  ],
  ['reason', 'Reason', { required: true }],
  ['startsAt', 'Starts', { type: 'datetime-local', required: true }],
  ['endsAt', 'Ends', { type: 'datetime-local', required: true }],
];

function toFreezeInput(form: Form): FreezeInput {
  const reason = form.reason.trim();
  if (!reason) throw new Error('A reason is required');
  const startsAt = localTimeToIso('Starts', form.startsAt);
  const endsAt = localTimeToIso('Ends', form.endsAt);
  if (endsAt <= startsAt) throw new Error('It must end after it starts');
  return {
    environment: form.environment,
    tenant: form.tenant.trim() ? checkTenant(form.tenant) : undefined,
    target: form.target.trim() ? checkTarget(form.target) : undefined,
    reason,
    startsAt,
    endsAt,
  };
}

/**
 * A maintenance window that blocks promotions into an environment, for all
 * tenants and targets or one of each.
 */
export const FreezeDialog = (props: {
  open: boolean;
  onClose: () => void;
  onCreated: () => void;
}) => {
  const { open, onClose } = props;
  const api = useApi(promotionsApiRef);
  const { form, update, busy, error, submit } = useDialogForm(
    open,
    () => EMPTY,
  );

  return (
    <FormDialog
      open={open}
      title="New freeze"
      submitLabel="Freeze"
      submitDisabled={busy}
      error={error}
      onSubmit={() =>
        submit(
          toFreezeInput,
          freeze => api.createFreeze(freeze),
          () => {
            onClose();
            props.onCreated();
          },
        )
      }
      onClose={onClose}
    >
      <SelectField
        id="freeze-environment"
        label="Environment"
        value={form.environment}
        options={PROMOTION_ENVIRONMENTS}
        onChange={environment => update({ environment })}
      />
      {FIELDS.map(([name, label, extra]) => (
        <FormTextField
          key={name}
          id={`freeze-${name}`}
          label={label}
          value={form[name]}
          onChange={value => update({ [name]: value })}
          {...extra}
        />
      ))}
    </FormDialog>
  );
};
