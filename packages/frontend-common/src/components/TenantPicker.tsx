import { useEffect, useRef, useState } from 'react';
import { TextField } from '@material-ui/core';
import { SelectField } from './SelectField';

/** How long typing pauses before a typed tenant counts, in milliseconds. */
const TYPING_PAUSE_MS = 300;

/** The props of {@link TenantPicker}. */
export interface TenantPickerProps {
  /** The field's id (its label points at it). */
  id: string;
  /** The tenants in the user's reach; none: the tenant is typed. */
  tenants: readonly string[];
  /** The tenant picked so far; `''` for none. */
  value: string;
  /** Called with the picked tenant (typed ones trimmed). */
  onChange: (tenant: string) => void;
  /** The field's label; default `Tenant`. */
  label?: string;
  /** The hint under the typed field; default `One of your tenants, e.g. acme`. */
  helperText?: string;
}

/** A typed tenant, passed on once typing pauses. */
const TypedTenant = (props: TenantPickerProps) => {
  const [text, setText] = useState(props.value);
  const latest = useRef(props);
  latest.current = props;
  useEffect(() => {
    const tenant = text.trim();
    if (tenant === latest.current.value) return undefined;
    const timer = setTimeout(
      () => latest.current.onChange(tenant),
      TYPING_PAUSE_MS,
    );
    return () => clearTimeout(timer);
  }, [text]);
  return (
    <TextField
      id={props.id}
      label={props.label ?? 'Tenant'}
      helperText={props.helperText ?? 'One of your tenants, e.g. acme'}
      value={text}
      onChange={e => setText(e.target.value)}
      inputProps={{ maxLength: 63 }}
      fullWidth
      margin="normal"
    />
  );
};

/**
 * Picks the tenant a view shows: a select of the tenants in the user's
 * reach when they are known, else a text field whose tenant counts once
 * typing pauses (so "ac" on the way to "acme" asks the backend nothing).
 */
export const TenantPicker = (props: TenantPickerProps) =>
  props.tenants.length ? (
    <SelectField
      id={props.id}
      label={props.label ?? 'Tenant'}
      value={props.value}
      options={props.tenants}
      onChange={props.onChange}
    />
  ) : (
    <TypedTenant {...props} />
  );
