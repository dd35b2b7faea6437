import { InputAdornment, TextField } from '@material-ui/core';
import SearchIcon from '@material-ui/icons/Search';

/** The search box above a list: an outlined field with a search icon. */
export const SearchField = (props: {
  /** The field's accessible name, e.g. `Search apps`. */
  label: string;
  placeholder: string;
  value: string;
  onChange: (value: string) => void;
}) => (
  <TextField
    placeholder={props.placeholder}
    value={props.value}
    onChange={e => props.onChange(e.target.value)}
    variant="outlined"
    size="small"
    inputProps={{ 'aria-label': props.label }}
    InputProps={{
      startAdornment: (
        <InputAdornment position="start">
          <SearchIcon />
        </InputAdornment>
      ),
    }}
  />
);
