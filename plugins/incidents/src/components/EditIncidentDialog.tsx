import { useApi } from '@backstage/frontend-plugin-api';
import {
  EntityRefPicker,
  EntityRefsPicker,
  FormDialog,
  splitCommaList,
  useDialogForm,
} from '@controlplane/frontend-common';
import { Incident, IncidentPatch } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { ClassificationFields } from './ClassificationFields';
import {
  checkEntityRefs,
  checkOptionalUserRef,
  checkTenants,
  checkUserRefs,
} from './validation';

const formOf = (incident: Incident) => ({
  severity: incident.severity,
  priority: incident.priority,
  category: incident.category,
  assignee: incident.assignee ?? '',
  commander: incident.commander ?? '',
  watchers: incident.watchers.join(', '),
  affectedTenants: incident.affectedTenants.join(', '),
  entities: incident.entities.join(', '),
});

type Form = ReturnType<typeof formOf>;

/** The fields of one user, chosen among the catalog's users by name. */
const USER_FIELDS: ['assignee' | 'commander', string, string][] = [
  ['assignee', 'Assignee', 'A user, e.g. user:default/sam; blank: unassigned'],
  ['commander', 'Commander', 'Who leads the response; blank: none'],
];

/** The fields of several users or entities, each shown by name. */
const LIST_FIELDS: ['watchers' | 'entities', string, string, string[]][] = [
  ['watchers', 'Watchers', 'Users told of every change', ['User']],
  [
    'entities',
    'Affected entities',
    'Agents and apps, e.g. agent:default/support-triage',
    ['Agent', 'App'],
  ],
];

/** The fields that differ from the incident; throws when the form is wrong or unchanged. */
function toPatch(incident: Incident, form: Form): IncidentPatch {
  const next: IncidentPatch = {
    severity: form.severity,
    priority: form.priority,
    category: form.category,
    assignee: checkOptionalUserRef(form.assignee),
    commander: checkOptionalUserRef(form.commander),
    watchers: checkUserRefs(form.watchers),
    affectedTenants: checkTenants(form.affectedTenants),
    entities: checkEntityRefs(form.entities),
  };
  const patch = Object.fromEntries(
    Object.entries(next).filter(
      ([field, value]) =>
        JSON.stringify(value) !==
        JSON.stringify(incident[field as keyof Incident] ?? null),
    ),
  ) as IncidentPatch;
  if (Object.keys(patch).length === 0) throw new Error('Nothing changed');
  return patch;
}

/**
 * Changes an incident's severity, priority, category, assignee, commander,
 * watchers, affected tenants and entities; only what changed is sent, each
 * change a timeline entry.
 */
export const EditIncidentDialog = (props: {
  open: boolean;
  incident: Incident;
  onClose: () => void;
  onSaved: (incident: Incident) => void;
}) => {
  const { open, incident, onClose } = props;
  const api = useApi(incidentsApiRef);
  const { form, update, textField, busy, error, submit } = useDialogForm(
    open,
    () => formOf(incident),
    'edit-incident',
  );
  return (
    <FormDialog
      open={open}
      title="Edit incident"
      submitLabel="Save"
      submitDisabled={busy}
      error={error}
      onSubmit={() =>
        submit(
          current => toPatch(incident, current),
          patch => api.updateIncident(incident.id, patch),
          saved => {
            onClose();
            props.onSaved(saved);
          },
        )
      }
      onClose={onClose}
    >
      <ClassificationFields
        idPrefix="edit-incident"
        value={form}
        onChange={update}
      />
      {USER_FIELDS.map(([name, label, helperText]) => (
        <EntityRefPicker
          key={name}
          id={`edit-incident-${name}`}
          label={label}
          kinds={['User']}
          value={form[name]}
          onChange={ref => update({ [name]: ref })}
          helperText={helperText}
        />
      ))}
      {LIST_FIELDS.map(([name, label, helperText, kinds]) => (
        <EntityRefsPicker
          key={name}
          id={`edit-incident-${name}`}
          label={label}
          kinds={kinds}
          value={splitCommaList(form[name])}
          onChange={refs => update({ [name]: refs.join(', ') })}
          helperText={helperText}
        />
      ))}
      {textField('affectedTenants', 'Affected tenants', {
        helperText: 'Comma-separated, e.g. acme, globex',
      })}
    </FormDialog>
  );
};
