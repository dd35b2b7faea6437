import { TextField } from '@material-ui/core';

/** A full-width text field of a dialog's form. */
export const FormTextField = (props: {
  id: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  helperText?: string;
  required?: boolean;
  /** e.g. `datetime-local`; its label then stays above the field. */
  type?: string;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    helperText={props.helperText}
    required={props.required}
    type={props.type}
    InputLabelProps={props.type ? { shrink: true } : undefined}
    fullWidth
    margin="dense"
  />
);
