import { TextField } from '@material-ui/core';

const reasonInputProps = { maxLength: 1000 };

/**
 * Why a change is made, at most 1,000 characters (the portal's backends
 * take no more). `error`, when given, shows in place of `helperText`.
 */
export const ReasonField = (props: {
  id: string;
  value: string;
  onChange: (value: string) => void;
  /** Marks the field as required (the check is the caller's). */
  required?: boolean;
  helperText?: string;
  /** Why the reason is refused, e.g. `A reason is required`. */
  error?: string;
  /** `dense` in tight dialogs; default `normal`. */
  margin?: 'dense' | 'normal';
}) => (
  <TextField
    id={props.id}
    label="Reason"
    helperText={props.error || props.helperText}
    error={!!props.error}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    inputProps={reasonInputProps}
    required={props.required}
    fullWidth
    margin={props.margin ?? 'normal'}
  />
);

/** Whether a required reason is still missing (blank counts as missing). */
export const reasonMissing = (required: boolean, reason: string) =>
  required && reason.trim().length === 0;
