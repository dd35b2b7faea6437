import { Chip, TextField } from '@material-ui/core';
import Autocomplete from '@material-ui/lab/Autocomplete';

/**
 * Several free-text values (e.g. tenant names) as chips: type one and press
 * Enter, or leave the field, to add it.
 */
export const MultiEntryField = (props: {
  id: string;
  label: string;
  values: string[];
  helperText?: string;
  error?: boolean;
  onChange: (values: string[]) => void;
}) => (
  <Autocomplete<string, true, false, true>
    id={props.id}
    multiple
    freeSolo
    autoSelect
    options={[]}
    value={props.values}
    onChange={(_event, values) =>
      props.onChange(
        Array.from(new Set(values.map(value => value.trim()).filter(Boolean))),
      )
    }
    renderTags={(values, getTagProps) =>
      values.map((value, index) => (
        <Chip
          size="small"
          label={value}
          {...getTagProps({ index })}
          key={value}
        />
      ))
    }
    renderInput={params => (
      <TextField
        {...params}
        label={props.label}
        helperText={props.helperText}
        error={props.error}
        margin="normal"
        fullWidth
      />
    )}
  />
);
