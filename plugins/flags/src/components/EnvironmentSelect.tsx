import { SelectField } from '@controlplane/frontend-common';
import {
  Environment,
  FLAG_ENVIRONMENTS,
} from '@controlplane/plugin-flags-common';

/** The environment a view shows. */
export const EnvironmentSelect = (props: {
  id: string;
  value: Environment;
  onChange: (environment: Environment) => void;
}) => (
  <SelectField
    id={props.id}
    label="Environment"
    value={props.value}
    options={FLAG_ENVIRONMENTS}
    onChange={props.onChange}
  />
);
