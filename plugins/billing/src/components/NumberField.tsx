import { TextField } from '@material-ui/core';

/**
 * A number typed in a form; `error` (from parseAmount) shows in place of
 * `hint` once `showError`.
 */
export const NumberField = (props: {
  id: string;
  label: string;
  value: string;
  onChange: (text: string) => void;
  error?: string;
  showError: boolean;
  hint?: string;
  placeholder?: string;
}) => (
  <TextField
    id={props.id}
    label={props.label}
    value={props.value}
    placeholder={props.placeholder}
    onChange={e => props.onChange(e.target.value)}
    error={props.showError && !!props.error}
    helperText={(props.showError && props.error) || props.hint}
    inputProps={{ inputMode: 'decimal' }}
    fullWidth
    margin="normal"
  />
);
