import { useNavigate } from 'react-router-dom';
import {
  Box,
  Button,
  FormLabel,
  IconButton,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import DeleteIcon from '@material-ui/icons/Delete';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ButtonWithDialog,
  checkTenant,
  FormDialog,
  FormTextField,
  SelectField,
  useDialogForm,
} from '@controlplane/frontend-common';
import {
  Change,
  NewRequest,
  nextEnvironment,
} from '@controlplane/plugin-promotions-common';
import { EvidenceInput, promotionsApiRef } from '../api';
import { requestPath, usePromotionsRoot } from './links';
import { checkNumber, checkTarget, checkVersion } from './validation';

type Source = NewRequest['sourceEnvironment'];
const SOURCES: readonly Source[] = ['development', 'staging'];
type Tests = 'not reported' | 'passed' | 'failed';
const TESTS: readonly Tests[] = ['not reported', 'passed', 'failed'];

/** What a new request may start with, e.g. from the pipeline. */
export interface RequestDraft {
  target?: string;
  tenant?: string;
  sourceEnvironment?: Source;
  version?: string;
}

const emptyForm = (draft: RequestDraft = {}) => ({
  target: draft.target ?? '',
  tenant: draft.tenant ?? '',
  sourceEnvironment: draft.sourceEnvironment ?? ('staging' as Source),
  version: draft.version ?? '',
  title: '',
  changes: [] as Required<Change>[],
  tests: 'not reported' as Tests,
  coverage: '',
  criticalVulnerabilities: '',
  reportUrl: '',
});

type Form = ReturnType<typeof emptyForm>;
type TextFieldName =
  | 'target'
  | 'tenant'
  | 'version'
  | 'title'
  | 'coverage'
  | 'criticalVulnerabilities'
  | 'reportUrl';

function toEvidence(form: Form): EvidenceInput | undefined {
  const evidence: EvidenceInput = {
    testsPassed:
      form.tests === 'not reported' ? undefined : form.tests === 'passed',
    coverage: checkNumber('Coverage', form.coverage, 0, 100),
    criticalVulnerabilities: checkNumber(
      'Critical vulnerabilities',
      form.criticalVulnerabilities,
      0,
      1_000_000,
      true,
    ),
    reportUrl: form.reportUrl.trim() || undefined,
  };
  if (evidence.reportUrl && !/^https?:\/\//.test(evidence.reportUrl)) {
    throw new Error('The report URL must start with http:// or https://');
  }
  const given = Object.values(evidence).some(v => v !== undefined);
  return given ? evidence : undefined;
}

/** The request of the form; throws saying what is wrong. */
function toNewRequest(form: Form): NewRequest {
  const changes = form.changes.map((change, index) => {
    const field = change.field.trim();
    if (!field) throw new Error(`Change ${index + 1} needs a field`);
    return { field, before: change.before, after: change.after };
  });
  return {
    target: checkTarget(form.target),
    tenant: checkTenant(form.tenant),
    sourceEnvironment: form.sourceEnvironment,
    version: checkVersion(form.version),
    title: form.title.trim() || undefined,
    changes: changes.length ? changes : undefined,
    evidence: toEvidence(form),
  };
}

/**
 * Asks to promote a version of an agent or app from development or staging
 * to the next environment, for one tenant: what changes (field, before,
 * after) and optional evidence. The new request's page opens.
 */
export const NewRequestDialog = (props: {
  open: boolean;
  draft?: RequestDraft;
  onClose: () => void;
}) => {
  const { open, draft, onClose } = props;
  const api = useApi(promotionsApiRef);
  const navigate = useNavigate();
  const root = usePromotionsRoot();
  const { form, setForm, update, busy, error, submit } = useDialogForm(
    open,
    () => emptyForm(draft),
  );
  const setChange = (index: number, change: Partial<Change>) =>
    setForm(current => ({
      ...current,
      changes: current.changes.map((c, i) =>
        i === index ? { ...c, ...change } : c,
      ),
    }));
  const send = () =>
    submit(
      toNewRequest,
      request => api.createRequest(request),
      created => {
        onClose();
        navigate(requestPath(root, created.id));
      },
    );

  const field = (
    name: TextFieldName,
    label: string,
    helperText?: string,
    required = false,
  ) => (
    <FormTextField
      id={`new-request-${name}`}
      label={label}
      helperText={helperText}
      value={form[name]}
      onChange={value => update({ [name]: value })}
      required={required}
    />
  );

  return (
    <FormDialog
      open={open}
      title="New promotion request"
      submitLabel="Request"
      submitDisabled={
        busy ||
        !form.target.trim() ||
        !form.tenant.trim() ||
        !form.version.trim()
      }
      error={error}
      onSubmit={send}
      onClose={onClose}
    >
      {field(
        'target',
        'Target',
        'The agent or app, e.g. agent:default/support-triage',
        true,
      )}
      {field('tenant', 'Tenant', 'e.g. acme', true)}
      <SelectField
        id="new-request-source"
        label="From environment"
        value={form.sourceEnvironment}
        options={SOURCES}
        onChange={sourceEnvironment => update({ sourceEnvironment })}
      />
      <Typography variant="body2" aria-label="Next environment">
        Promotes to {nextEnvironment(form.sourceEnvironment)}
      </Typography>
      {field(
        'version',
        'Version',
        `The version running in ${form.sourceEnvironment}, e.g. 1.4.2`,
        true,
      )}
      {field('title', 'Title')}
      <Box mt={2}>
        <FormLabel component="legend">Changes</FormLabel>
      </Box>
      {form.changes.map((change, index) => (
        <Box key={index} display="flex" alignItems="center">
          {(['field', 'before', 'after'] as const).map(part => (
            <Box key={part} mr={1} flex={part === 'field' ? 1 : 2}>
              <TextField
                id={`new-request-change-${index}-${part}`}
                label={`Change ${index + 1} ${part}`}
                value={change[part]}
                onChange={e => setChange(index, { [part]: e.target.value })}
                fullWidth
                margin="dense"
              />
            </Box>
          ))}
          <IconButton
            aria-label={`Remove change ${index + 1}`}
            onClick={() =>
              update({ changes: form.changes.filter((_, i) => i !== index) })
            }
          >
            <DeleteIcon />
          </IconButton>
        </Box>
      ))}
      <Button
        startIcon={<AddIcon />}
        onClick={() =>
          update({
            changes: [...form.changes, { field: '', before: '', after: '' }],
          })
        }
      >
        Add change
      </Button>
      <Box mt={2}>
        <FormLabel component="legend">Evidence (optional)</FormLabel>
      </Box>
      <SelectField
        id="new-request-tests"
        label="Tests"
        value={form.tests}
        options={TESTS}
        onChange={tests => update({ tests })}
      />
      {field('coverage', 'Coverage (%)')}
      {field('criticalVulnerabilities', 'Critical vulnerabilities')}
      {field('reportUrl', 'Report URL')}
    </FormDialog>
  );
};

/** "New request", for holders of promotions.request.create. */
export const NewRequestButton = () => (
  <ButtonWithDialog
    label="New request"
    icon={<AddIcon />}
    dialog={({ open, close }) => (
      <NewRequestDialog open={open} onClose={close} />
    )}
  />
);
