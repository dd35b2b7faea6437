import { TextField } from '@material-ui/core';

const reasonInputProps = { maxLength: 1000 };

/**
 * Why a change is made. Required (`required`) for changes that touch
 * production: the backend refuses them without one.
 */
export const ReasonField = (props: {
  id: string;
  value: string;
  required: boolean;
  onChange: (value: string) => void;
}) => (
  <TextField
    id={props.id}
    label="Reason"
    helperText={
      props.required
        ? 'Required: this change touches production'
        : 'Optional: why the change is made'
    }
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    inputProps={reasonInputProps}
    required={props.required}
    fullWidth
    margin="dense"
  />
);

/** Whether a reason is still missing. */
export const reasonMissing = (required: boolean, reason: string) =>
  required && reason.trim().length === 0;
