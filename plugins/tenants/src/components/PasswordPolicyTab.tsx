import { Box, Checkbox, FormControlLabel, TextField } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { InfoCard } from '@backstage/core-components';
import {
  PasswordPolicy,
  passwordPolicyProblems,
  tenantsPasswordPolicyUpdatePermission,
} from '@controlplane/plugin-tenants-common';
import { validateInteger } from './validation';
import { SaveRow, useTenantSettings } from './SettingsForm';

type NumberField = 'minLength' | 'expiryDays' | 'historyCount';
type FlagField =
  | 'requireUppercase'
  | 'requireLowercase'
  | 'requireDigit'
  | 'requireSymbol';

const NUMBERS: {
  field: NumberField;
  label: string;
  min: number;
  max: number;
}[] = [
  { field: 'minLength', label: 'Minimum length', min: 8, max: 128 },
  {
    field: 'expiryDays',
    label: 'Days until a password expires (0: never)',
    min: 0,
    max: 365,
  },
  {
    field: 'historyCount',
    label: 'Previous passwords that may not be reused',
    min: 0,
    max: 24,
  },
];

const FLAGS: { field: FlagField; label: string }[] = [
  { field: 'requireLowercase', label: 'Require a lower-case letter' },
  { field: 'requireUppercase', label: 'Require an upper-case letter' },
  { field: 'requireDigit', label: 'Require a digit' },
  { field: 'requireSymbol', label: 'Require a symbol' },
];

type Form = Record<NumberField, string> & Record<FlagField, boolean>;

const toForm = (p: PasswordPolicy): Form => ({
  minLength: String(p.minLength ?? ''),
  expiryDays: String(p.expiryDays ?? 0),
  historyCount: String(p.historyCount ?? 0),
  requireUppercase: Boolean(p.requireUppercase),
  requireLowercase: Boolean(p.requireLowercase),
  requireDigit: Boolean(p.requireDigit),
  requireSymbol: Boolean(p.requireSymbol),
});

const toPolicy = (form: Form): PasswordPolicy => ({
  minLength: Number(form.minLength),
  expiryDays: Number(form.expiryDays),
  historyCount: Number(form.historyCount),
  requireUppercase: form.requireUppercase,
  requireLowercase: form.requireLowercase,
  requireDigit: form.requireDigit,
  requireSymbol: form.requireSymbol,
});

/** The tenant's password policy, validated before saving. */
export const PasswordPolicyTab = (props: {
  tenant: string;
  readOnly?: boolean;
}) => {
  const {
    api,
    canUpdate,
    placeholder,
    form,
    isSaved,
    set,
    saved,
    busy,
    error,
    run,
  } = useTenantSettings({
    tenant: props.tenant,
    readOnly: props.readOnly,
    permission: tenantsPasswordPolicyUpdatePermission,
    load: tenantsApi => tenantsApi.getPasswordPolicy(props.tenant),
    toForm,
  });

  if (placeholder) return placeholder;
  if (!form) return null;

  const errors = Object.fromEntries(
    NUMBERS.map(n => [n.field, validateInteger(form[n.field], n.min, n.max)]),
  ) as Record<NumberField, string | undefined>;
  const fieldsInvalid = Object.values(errors).some(Boolean);
  // Rules across fields, only once each field is valid on its own.
  const policyProblems = fieldsInvalid
    ? []
    : passwordPolicyProblems(toPolicy(form));

  return (
    <InfoCard title="Password policy">
      <Box display="flex" flexDirection="column" maxWidth={640}>
        {NUMBERS.map(n => (
          <TextField
            key={n.field}
            id={`tenants-password-${n.field}`}
            label={n.label}
            value={form[n.field]}
            onChange={e => set({ [n.field]: e.target.value })}
            error={Boolean(errors[n.field])}
            helperText={errors[n.field] ?? `Between ${n.min} and ${n.max}`}
            disabled={!canUpdate}
            margin="normal"
          />
        ))}
        {FLAGS.map(f => (
          <FormControlLabel
            key={f.field}
            control={
              <Checkbox
                checked={form[f.field]}
                onChange={e => set({ [f.field]: e.target.checked })}
                disabled={!canUpdate}
                color="primary"
              />
            }
            label={f.label}
          />
        ))}
        {policyProblems.map(problem => (
          <Alert key={problem} severity="warning">
            {problem}
          </Alert>
        ))}
        <SaveRow
          label="Save policy"
          canSave={canUpdate}
          disabled={busy || fieldsInvalid || policyProblems.length > 0}
          isSaved={isSaved}
          error={error}
          onSave={async () => {
            const result = await run(() =>
              api.updatePasswordPolicy(props.tenant, toPolicy(form)),
            );
            if (result.ok) saved(result.value);
          }}
        />
      </Box>
    </InfoCard>
  );
};
