import { useNavigate } from 'react-router-dom';
import AddIcon from '@material-ui/icons/Add';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ButtonWithDialog,
  checkTenant,
  EntityRefPicker,
  EntityRefsPicker,
  FormDialog,
  splitCommaList,
  useDialogForm,
} from '@controlplane/frontend-common';
import { NewIncident } from '@controlplane/plugin-incidents-common';
import { incidentsApiRef } from '../api';
import { ClassificationFields } from './ClassificationFields';
import { incidentPath, useIncidentsRoot } from './links';
import {
  checkEntityRefs,
  checkTenants,
  checkTitle,
  checkUserRef,
  checkUserRefs,
} from './validation';

const EMPTY = {
  title: '',
  description: '',
  severity: 'SEV3' as NewIncident['severity'],
  priority: 'medium' as NewIncident['priority'],
  category: 'reliability' as NewIncident['category'],
  tenant: '',
  affectedTenants: '',
  entities: '',
  assignee: '',
  watchers: '',
};

type Form = typeof EMPTY;

const TEXT_FIELDS: ['tenant' | 'affectedTenants', string, string][] = [
  [
    'tenant',
    'Tenant',
    "The tenant whose ticket it is, e.g. acme; blank: the platform's own",
  ],
  ['affectedTenants', 'Affected tenants', 'Comma-separated'],
];

const optional = <T,>(text: string, check: (text: string) => T) =>
  text.trim() ? check(text) : undefined;

const nonEmpty = <T,>(items: T[]) => (items.length ? items : undefined);

/** The incident of the form; throws saying what is wrong. */
export function toNewIncident(form: Form): NewIncident {
  return {
    title: checkTitle(form.title),
    description: form.description.trim() || undefined,
    severity: form.severity,
    priority: form.priority,
    category: form.category,
    tenant: optional(form.tenant, checkTenant),
    affectedTenants: nonEmpty(checkTenants(form.affectedTenants)),
    entities: nonEmpty(checkEntityRefs(form.entities)),
    assignee: optional(form.assignee, checkUserRef),
    watchers: nonEmpty(checkUserRefs(form.watchers)),
  };
}

/**
 * Opens an incident or ticket: title, severity (impact) apart from priority
 * (urgency), category, the tenant it belongs to (blank: the platform's
 * own), affected tenants and entities, assignee and watchers. Bad input is
 * refused in the form; the new incident's page opens.
 */
export const NewIncidentDialog = (props: {
  open: boolean;
  onClose: () => void;
}) => {
  const { open, onClose } = props;
  const api = useApi(incidentsApiRef);
  const navigate = useNavigate();
  const root = useIncidentsRoot();
  const { form, update, textField, busy, error, submit } = useDialogForm(
    open,
    () => EMPTY,
    'new-incident',
  );

  return (
    <FormDialog
      open={open}
      title="New incident"
      submitLabel="Open incident"
      submitDisabled={busy || !form.title.trim()}
      error={error}
      onSubmit={() =>
        submit(
          toNewIncident,
          incident => api.createIncident(incident),
          created => {
            onClose();
            navigate(incidentPath(root, created.id));
          },
        )
      }
      onClose={onClose}
    >
      {textField('title', 'Title', {
        helperText: 'What is wrong, in one line',
        required: true,
      })}
      {textField('description', 'Description')}
      <ClassificationFields
        idPrefix="new-incident"
        value={form}
        onChange={update}
      />
      {TEXT_FIELDS.map(([name, label, helperText]) =>
        textField(name, label, { helperText }),
      )}
      <EntityRefsPicker
        id="new-incident-entities"
        label="Affected entities"
        kinds={['Agent', 'App']}
        value={splitCommaList(form.entities)}
        onChange={refs => update({ entities: refs.join(', ') })}
        helperText="Agents and apps, e.g. agent:default/support-triage"
      />
      <EntityRefPicker
        id="new-incident-assignee"
        label="Assignee"
        kinds={['User']}
        value={form.assignee}
        onChange={assignee => update({ assignee })}
        helperText="A user, chosen by name or typed, e.g. user:default/sam"
      />
      <EntityRefsPicker
        id="new-incident-watchers"
        label="Watchers"
        kinds={['User']}
        value={splitCommaList(form.watchers)}
        onChange={refs => update({ watchers: refs.join(', ') })}
        helperText="Users told of every change"
      />
    </FormDialog>
  );
};

/** "New incident", for holders of incidents.incident.create. */
export const NewIncidentButton = () => (
  <ButtonWithDialog
    label="New incident"
    icon={<AddIcon />}
    dialog={({ open, close }) => (
      <NewIncidentDialog open={open} onClose={close} />
    )}
  />
);
