import { SelectField } from '@controlplane/frontend-common';
import { Incident } from '@controlplane/plugin-incidents-common';
import {
  CATEGORIES,
  PRIORITIES,
  priorityLabel,
  SEVERITIES,
  SEVERITY_MEANINGS,
} from './labels';

/** How an incident is classified: severity, priority and category. */
export type Classification = Pick<
  Incident,
  'severity' | 'priority' | 'category'
>;

/**
 * The severity (impact, with what each level means) apart from the priority
 * (urgency), and the category, as selects of a form.
 */
export const ClassificationFields = (props: {
  idPrefix: string;
  value: Classification;
  onChange: (change: Partial<Classification>) => void;
}) => (
  <>
    <SelectField
      id={`${props.idPrefix}-severity`}
      label="Severity"
      value={props.value.severity}
      options={SEVERITIES}
      optionLabel={s => SEVERITY_MEANINGS[s]}
      onChange={severity => props.onChange({ severity })}
    />
    <SelectField
      id={`${props.idPrefix}-priority`}
      label="Priority"
      value={props.value.priority}
      options={PRIORITIES}
      optionLabel={priorityLabel}
      onChange={priority => props.onChange({ priority })}
    />
    <SelectField
      id={`${props.idPrefix}-category`}
      label="Category"
      value={props.value.category}
      options={CATEGORIES}
      onChange={category => props.onChange({ category })}
    />
  </>
);
