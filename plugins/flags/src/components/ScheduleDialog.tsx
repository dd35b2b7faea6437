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
  Schedule,
  ScheduledChange,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { ReasonField, reasonMissing } from './ReasonField';

type Kind = ScheduledChange['kind'];
const KINDS: readonly Kind[] = ['set-value', 'clear-value', 'kill-switch'];
const KIND_LABELS: Record<Kind, string> = {
  'set-value': 'Set a value',
  'clear-value': 'Clear a value',
  'kill-switch': 'Kill switch',
};

/** An hour from now, as a `datetime-local` value (local time). */
function inAnHour(): string {
  const at = new Date(Date.now() + 60 * 60 * 1000);
  at.setSeconds(0, 0);
  const local = new Date(at.getTime() - at.getTimezoneOffset() * 60_000);
  return local.toISOString().slice(0, 16);
}

const dateInputLabelProps = { shrink: true };

/**
 * Schedules a change for later: set or clear one layer's value in one
 * environment, or the kill switch. Production and the kill switch need a
 * reason.
 */
export const ScheduleDialog = (props: {
  open: boolean;
  flag: Flag;
  onClose: () => void;
  onScheduled: (schedule: Schedule) => void;
}) => {
  const { open, flag, onClose } = props;
  const api = useApi(flagsApiRef);
  const variants = flag.variants.map(v => v.name);
  const [runAt, setRunAt] = useState('');
  const [kind, setKind] = useState<Kind>('set-value');
  const [environment, setEnvironment] = useState<Environment>(
    flag.environments[0],
  );
  const [target, setTarget] = useState('default');
  const [variant, setVariant] = useState(flag.defaultVariant);
  const [enabled, setEnabled] = useState(true);
  const [reason, setReason] = useState('');
  const { busy, error, run, clearError } = useAction();

  useEffect(() => {
    if (!open) return;
    setRunAt(inAnHour());
    setKind('set-value');
    setEnvironment(flag.environments[0]);
    setTarget('default');
    setVariant(flag.defaultVariant);
    setEnabled(true);
    setReason('');
    clearError();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open]);

  const needsReason = kind === 'kill-switch' || environment === 'production';
  const change = (): ScheduledChange => {
    if (kind === 'kill-switch') return { kind, enabled };
    if (kind === 'clear-value') return { kind, environment, target };
    return { kind, environment, target, variant, rules: [] };
  };
  const submit = async () => {
    const result = await run(() =>
      api.scheduleChange(flag.key, {
        runAt: new Date(runAt).toISOString(),
        change: change(),
        reason: reason.trim() || undefined,
      }),
    );
    if (result.ok) {
      props.onScheduled(result.value);
      onClose();
    }
  };

  return (
    <FormDialog
      open={open}
      title={`Schedule a change of ${flag.key}`}
      submitLabel="Schedule"
      submitDisabled={
        busy ||
        !runAt ||
        (kind !== 'kill-switch' && !target.trim()) ||
        reasonMissing(needsReason, reason)
      }
      error={error}
      onSubmit={submit}
      onClose={onClose}
    >
      <TextField
        id="schedule-run-at"
        label="Run at"
        type="datetime-local"
        value={runAt}
        onChange={e => setRunAt(e.target.value)}
        InputLabelProps={dateInputLabelProps}
        required
        fullWidth
        margin="dense"
      />
      <SelectField
        id="schedule-kind"
        label="Change"
        value={kind}
        options={KINDS}
        optionLabel={k => KIND_LABELS[k]}
        onChange={setKind}
      />
      {kind === 'kill-switch' ? (
        <FormControlLabel
          label="Turn the flag off everywhere (unchecked: back on)"
          control={
            <Checkbox
              checked={enabled}
              onChange={e => setEnabled(e.target.checked)}
            />
          }
        />
      ) : (
        <>
          <SelectField
            id="schedule-environment"
            label="Environment"
            value={environment}
            options={flag.environments}
            onChange={setEnvironment}
          />
          <TextField
            id="schedule-target"
            label="Target"
            helperText="default, plan:<plan> or tenant:<tenant>"
            value={target}
            onChange={e => setTarget(e.target.value)}
            required
            fullWidth
            margin="dense"
          />
          {kind === 'set-value' && (
            <SelectField
              id="schedule-variant"
              label="Variant"
              value={variant}
              options={variants}
              onChange={setVariant}
            />
          )}
        </>
      )}
      <ReasonField
        id="schedule-reason"
        value={reason}
        required={needsReason}
        onChange={setReason}
      />
    </FormDialog>
  );
};
