import { ComponentProps, ReactNode, useEffect, useState } from 'react';
import { TextField } from '@material-ui/core';
import { FormDialog } from './FormDialog';

/**
 * Asks to confirm an action; with `reasonLabel`, a reason of at least
 * `minReasonLength` characters is required and passed to `onConfirm`.
 */
export const ConfirmDialog = (props: {
  open: boolean;
  title: string;
  children?: ReactNode;
  confirmLabel: string;
  reasonLabel?: string;
  /** The shortest accepted reason (default 1). */
  minReasonLength?: number;
  /** The id of the reason field. */
  reasonId?: string;
  busy?: boolean;
  error?: Error;
  fullWidth?: boolean;
  onConfirm: (reason: string) => void;
  onClose: () => void;
}) => {
  const [reason, setReason] = useState('');
  const [touched, setTouched] = useState(false);
  useEffect(() => {
    if (props.open) {
      setReason('');
      setTouched(false);
    }
  }, [props.open]);
  const minLength = props.minReasonLength ?? 1;
  const needsReason = props.reasonLabel !== undefined;
  const missing = needsReason && reason.trim().length < minLength;
  return (
    <FormDialog
      open={props.open}
      title={props.title}
      submitLabel={props.confirmLabel}
      submitColor="secondary"
      submitDisabled={props.busy || missing}
      error={props.error}
      fullWidth={props.fullWidth ?? false}
      onSubmit={() => props.onConfirm(reason.trim())}
      onClose={props.onClose}
    >
      {props.children}
      {needsReason && (
        <TextField
          id={props.reasonId ?? 'confirm-reason'}
          label={props.reasonLabel}
          value={reason}
          onChange={e => setReason(e.target.value)}
          onBlur={() => setTouched(true)}
          error={touched && missing}
          helperText={
            touched && missing
              ? `A reason of at least ${minLength} characters is required`
              : 'Recorded in the audit trail'
          }
          fullWidth
          multiline
          minRows={2}
          margin="normal"
          required
          inputProps={{ maxLength: 1000 }}
        />
      )}
    </FormDialog>
  );
};

/** The shortest reason the portal's backends accept for an audited change. */
export const MIN_REASON_LENGTH = 3;

/**
 * A plugin's {@link ConfirmDialog}: full width, and with `reasonLabel` a
 * reason of at least {@link MIN_REASON_LENGTH} characters in a field with
 * id `reasonId` (unique per plugin, so tests and labels find it).
 */
export function createConfirmDialog(options: { reasonId: string }) {
  const PluginConfirmDialog = (
    props: Omit<
      ComponentProps<typeof ConfirmDialog>,
      'minReasonLength' | 'reasonId' | 'fullWidth'
    >,
  ) => (
    <ConfirmDialog
      {...props}
      fullWidth
      minReasonLength={MIN_REASON_LENGTH}
      reasonId={options.reasonId}
    />
  );
  return PluginConfirmDialog;
}
