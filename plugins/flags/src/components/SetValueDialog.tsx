import { useEffect, useState } from 'react';
import { Checkbox, FormControlLabel, TextField } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import {
  Environment,
  Flag,
  FlagValue,
  RolloutShare,
  Rule,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { ReasonField, reasonMissing } from './ReasonField';
import { RolloutEditor, sharesComplete } from './RolloutEditor';

/** The first rule, when it is a rollout for every context (the editor's). */
const rolloutRuleOf = (rules: Rule[]) => {
  const first = rules[0];
  return first?.rollout && !first.constraints?.length ? first : undefined;
};

/** A starting rollout: the variants in even shares summing to 100. */
const evenShares = (variants: string[]): RolloutShare[] => {
  const two = variants.slice(0, 2);
  return two.map(variant => ({ variant, weight: 50 }));
};

/**
 * Sets one layer's value in one environment: the variant, and optionally a
 * percentage rollout for every context (rules with constraints are kept as
 * they are). `target` is `default`, `plan:<plan>` or `tenant:<tenant>`;
 * without it the dialog asks for a tenant (a new override). A reason is
 * required in production.
 */
export const SetValueDialog = (props: {
  open: boolean;
  flag: Flag;
  environment: Environment;
  target?: string;
  label: string;
  current?: FlagValue;
  onClose: () => void;
  onChanged: (flag: Flag) => void;
}) => {
  const { open, flag, environment, current, onClose } = props;
  const api = useApi(flagsApiRef);
  const variants = flag.variants.map(v => v.name);
  const [tenant, setTenant] = useState('');
  const [variant, setVariant] = useState(flag.defaultVariant);
  const [rollout, setRollout] = useState<RolloutShare[]>();
  const [reason, setReason] = useState('');
  const { busy, error, run, clearError } = useAction();
  const production = environment === 'production';

  useEffect(() => {
    if (!open) return;
    setTenant('');
    setVariant(current?.variant ?? flag.defaultVariant);
    setRollout(rolloutRuleOf(current?.rules ?? [])?.rollout);
    setReason('');
    clearError();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const target = props.target ?? `tenant:${tenant.trim()}`;
  const submit = async () => {
    const existing = current?.rules ?? [];
    const kept = rolloutRuleOf(existing) ? existing.slice(1) : existing;
    const rules = rollout ? [{ rollout }, ...kept] : kept;
    const result = await run(() =>
      api.setValue(flag.key, environment, target, {
        variant,
        rules,
        reason: reason.trim() || undefined,
      }),
    );
    if (result.ok) {
      props.onChanged(result.value);
      onClose();
    }
  };

  return (
    <FormDialog
      open={open}
      title={`Set ${props.label} in ${environment}`}
      submitLabel="Save"
      submitDisabled={
        busy ||
        (!props.target && !tenant.trim()) ||
        (rollout !== undefined && !sharesComplete(rollout)) ||
        reasonMissing(production, reason)
      }
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
      {!props.target && (
        <TextField
          id="set-value-tenant"
          label="Tenant"
          helperText="The tenant to override, e.g. acme"
          value={tenant}
          onChange={e => setTenant(e.target.value)}
          required
          fullWidth
          margin="dense"
        />
      )}
      <SelectField
        id="set-value-variant"
        label="Variant"
        value={variant}
        options={variants}
        onChange={setVariant}
      />
      <FormControlLabel
        label="Percentage rollout (sticky on the targeting key)"
        control={
          <Checkbox
            checked={rollout !== undefined}
            disabled={variants.length < 2}
            onChange={e =>
              setRollout(e.target.checked ? evenShares(variants) : undefined)
            }
          />
        }
      />
      {rollout && (
        <RolloutEditor
          flagKey={flag.key}
          variants={variants}
          shares={rollout}
          onChange={setRollout}
        />
      )}
      <ReasonField
        id="set-value-reason"
        value={reason}
        required={production}
        onChange={setReason}
      />
    </FormDialog>
  );
};
