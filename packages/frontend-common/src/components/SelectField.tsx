import { ReactNode } from 'react';
import { MenuItem, TextField } from '@material-ui/core';

/** A full-width select of `options` in a form. */
export function SelectField<T extends string | number>(props: {
  id: string;
  label: string;
  value: T;
  options: readonly T[];
  optionLabel?: (option: T) => ReactNode;
  onChange: (value: T) => void;
}) {
  return (
    <TextField
      id={props.id}
      select
      label={props.label}
      value={props.value}
      onChange={e =>
        props.onChange(
          props.options.find(o => String(o) === String(e.target.value))!,
        )
      }
      fullWidth
      margin="normal"
    >
      {props.options.map(option => (
        <MenuItem key={option} value={option}>
          {props.optionLabel ? props.optionLabel(option) : option}
        </MenuItem>
      ))}
    </TextField>
  );
}
