import {
  Checkbox,
  FormControlLabel,
  FormGroup,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityRefsPicker,
  FormDialog,
  FormTextField,
  SelectField,
  splitCommaList,
  useDialogForm,
} from '@controlplane/frontend-common';
import {
  nextEnvironment,
  Rule,
  RuleInput,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef } from '../api';
import { checkEntityRefs, checkNumber } from './validation';

type Source = RuleInput['sourceEnvironment'];
const SOURCES: readonly Source[] = ['development', 'staging'];

const toForm = (rule?: Rule) => ({
  name: rule?.name ?? '',
  sourceEnvironment: (rule?.sourceEnvironment ?? 'development') as Source,
  allTestsPassed: rule ? !!rule.conditions.allTestsPassed : true,
  minCodeCoverage:
    rule?.conditions.minCodeCoverage === undefined
      ? ''
      : String(rule.conditions.minCodeCoverage),
  noCriticalVulnerabilities: rule
    ? !!rule.conditions.noCriticalVulnerabilities
    : true,
  autoApprove: rule?.autoApprove ?? true,
  notify: rule?.notify.join(', ') ?? '',
  active: rule?.active ?? true,
});

type Form = ReturnType<typeof toForm>;
type Flag =
  | 'allTestsPassed'
  | 'noCriticalVulnerabilities'
  | 'autoApprove'
  | 'active';

const FLAGS: [Flag, string][] = [
  ['allTestsPassed', 'All tests passed'],
  ['noCriticalVulnerabilities', 'No critical vulnerabilities'],
  ['autoApprove', 'Approve automatically when the conditions hold'],
  ['active', 'Active'],
];

function toRuleInput(form: Form): RuleInput {
  const name = form.name.trim();
  if (!name) throw new Error('A rule needs a name');
  const minCodeCoverage = checkNumber(
    'Minimum coverage',
    form.minCodeCoverage,
    0,
    100,
  );
  return {
    name,
    sourceEnvironment: form.sourceEnvironment,
    targetEnvironment: nextEnvironment(
      form.sourceEnvironment,
    ) as RuleInput['targetEnvironment'],
    conditions: {
      allTestsPassed: form.allTestsPassed,
      minCodeCoverage,
      noCriticalVulnerabilities: form.noCriticalVulnerabilities,
    },
    autoApprove: form.autoApprove,
    notify: checkEntityRefs(form.notify),
    active: form.active,
  };
}

/** Creates a rule, or changes `rule`: its step, conditions, auto-approve, who hears of it. */
export const RuleDialog = (props: {
  open: boolean;
  rule?: Rule;
  onClose: () => void;
  onSaved: () => void;
}) => {
  const { open, rule, onClose } = props;
  const api = useApi(promotionsApiRef);
  const { form, update, busy, error, submit } = useDialogForm(open, () =>
    toForm(rule),
  );
  const save = () =>
    submit(
      toRuleInput,
      input => (rule ? api.updateRule(rule.id, input) : api.createRule(input)),
      () => {
        onClose();
        props.onSaved();
      },
    );

  return (
    <FormDialog
      open={open}
      title={rule ? `Edit rule ${rule.name}` : 'New rule'}
      submitLabel="Save"
      submitDisabled={busy}
      error={error}
      onSubmit={save}
      onClose={onClose}
    >
      <FormTextField
        id="rule-name"
        label="Name"
        value={form.name}
        onChange={name => update({ name })}
        required
      />
      <SelectField
        id="rule-source"
        label="From environment"
        value={form.sourceEnvironment}
        options={SOURCES}
        onChange={sourceEnvironment => update({ sourceEnvironment })}
      />
      <Typography variant="body2">
        Promotions to {nextEnvironment(form.sourceEnvironment)}
      </Typography>
      <FormTextField
        id="rule-coverage"
        label="Minimum coverage (%)"
        helperText="Optional, 0 to 100"
        value={form.minCodeCoverage}
        onChange={minCodeCoverage => update({ minCodeCoverage })}
      />
      <FormGroup>
        {FLAGS.map(([flag, label]) => (
          <FormControlLabel
            key={flag}
            label={label}
            control={
              <Checkbox
                checked={form[flag]}
                onChange={e => update({ [flag]: e.target.checked })}
              />
            }
          />
        ))}
      </FormGroup>
      <EntityRefsPicker
        id="rule-notify"
        label="Notify"
        kinds={['Group', 'User']}
        helperText="Users or groups, e.g. group:default/release-managers"
        value={splitCommaList(form.notify)}
        onChange={refs => update({ notify: refs.join(', ') })}
      />
    </FormDialog>
  );
};
