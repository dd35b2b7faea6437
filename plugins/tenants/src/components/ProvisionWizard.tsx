import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import {
  Box,
  Button,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  MenuItem,
  Step,
  StepLabel,
  Stepper,
  TextField,
  Typography,
} from '@material-ui/core';
import AddIcon from '@material-ui/icons/Add';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Invitation,
  TENANT_PLANS,
  TenantPlan,
  tenantsTenantCreatePermission,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { useTenantPermission } from './common';
import { tenantPath, useTenantsRoot } from './links';
import {
  splitList,
  validateApplication,
  validateDomain,
  validateEmail,
  validateTenantName,
} from './validation';
import {
  ButtonWithDialog,
  ErrorAlert,
  useAction,
} from '@controlplane/frontend-common';

const STEPS = ['Details', 'Owner', 'Applications', 'Review'];

/** What the tenant page shows once after provisioning. */
export interface ProvisionedState {
  provisioned?: { invitation?: Invitation };
}

interface Form {
  name: string;
  displayName: string;
  domain: string;
  plan: string;
  ownerEmail: string;
  applications: string;
}

const EMPTY: Form = {
  name: '',
  displayName: '',
  domain: '',
  plan: '',
  ownerEmail: '',
  applications: '',
};

function stepErrors(step: number, form: Form): Record<string, string> {
  const errors: Record<string, string | undefined> = {};
  if (step === 0) {
    errors.name = validateTenantName(form.name.trim());
    errors.domain = validateDomain(form.domain.trim());
    errors.plan = form.plan ? undefined : 'Choose a plan';
  } else if (step === 1) {
    errors.ownerEmail = validateEmail(form.ownerEmail.trim());
  } else if (step === 2) {
    errors.applications = splitList(form.applications)
      .map(validateApplication)
      .find(Boolean);
  }
  return Object.fromEntries(
    Object.entries(errors).filter(([, v]) => v !== undefined),
  ) as Record<string, string>;
}

/** The provisioning wizard: details, owner, applications, review. */
export const ProvisionWizard = (props: {
  open: boolean;
  onClose: () => void;
}) => {
  const api = useApi(tenantsApiRef);
  const navigate = useNavigate();
  const root = useTenantsRoot();
  const [step, setStep] = useState(0);
  const [form, setForm] = useState<Form>(EMPTY);
  const [shown, setShown] = useState<Record<string, string>>({});
  const { busy, error, run, clearError } = useAction();

  const set = (field: keyof Form) => (e: { target: { value: string } }) => {
    setForm({ ...form, [field]: e.target.value });
    setShown({ ...shown, [field]: '' });
  };

  const close = () => {
    setStep(0);
    setForm(EMPTY);
    setShown({});
    clearError();
    props.onClose();
  };

  const next = () => {
    const errors = stepErrors(step, form);
    setShown(errors);
    if (Object.keys(errors).length === 0) setStep(step + 1);
  };

  const submit = async () => {
    const result = await run(() =>
      api.provisionTenant({
        name: form.name.trim(),
        ...(form.displayName.trim()
          ? { displayName: form.displayName.trim() }
          : {}),
        domain: form.domain.trim().toLowerCase(),
        plan: form.plan as TenantPlan,
        ownerEmail: form.ownerEmail.trim(),
        applications: splitList(form.applications),
      }),
    );
    if (result.ok) {
      const { tenant, invitation } = result.value;
      close();
      const state: ProvisionedState = { provisioned: { invitation } };
      navigate(tenantPath(root, tenant.name), { state });
    }
  };

  const field = (
    name: keyof Form,
    label: string,
    extra: { helperText?: string; type?: string; multiline?: boolean } = {},
  ) => (
    <TextField
      id={`tenants-wizard-${name}`}
      label={label}
      value={form[name]}
      onChange={set(name)}
      error={Boolean(shown[name])}
      helperText={shown[name] || extra.helperText || ' '}
      type={extra.type}
      multiline={extra.multiline}
      minRows={extra.multiline ? 3 : undefined}
      fullWidth
      margin="normal"
      required={name !== 'applications' && name !== 'displayName'}
    />
  );

  const apps = splitList(form.applications);

  return (
    <Dialog open={props.open} onClose={close} fullWidth maxWidth="sm">
      <DialogTitle>Provision tenant</DialogTitle>
      <DialogContent>
        <Stepper activeStep={step} alternativeLabel>
          {STEPS.map(label => (
            <Step key={label}>
              <StepLabel>{label}</StepLabel>
            </Step>
          ))}
        </Stepper>
        {step === 0 && (
          <>
            {field('name', 'Name', {
              helperText: 'Lower-case letters, digits and dashes, like acme',
            })}
            {field('displayName', 'Display name', {
              helperText: 'The organization, like Acme Corp (optional)',
            })}
            {field('domain', 'Domain', { helperText: 'e.g. acme.example.com' })}
            <TextField
              id="tenants-wizard-plan"
              select
              label="Plan"
              value={form.plan}
              onChange={set('plan')}
              error={Boolean(shown.plan)}
              helperText={shown.plan || ' '}
              fullWidth
              margin="normal"
              required
            >
              {TENANT_PLANS.map(plan => (
                <MenuItem key={plan} value={plan}>
                  {plan}
                </MenuItem>
              ))}
            </TextField>
          </>
        )}
        {step === 1 &&
          field('ownerEmail', 'Owner email', {
            type: 'email',
            helperText: 'The first owner is invited to the tenant',
          })}
        {step === 2 &&
          field('applications', 'Applications', {
            multiline: true,
            helperText:
              'Application ids to enable, separated by commas or new lines (optional)',
          })}
        {step === 3 && (
          <Box mt={2} aria-label="Review">
            <Typography>
              <strong>Name:</strong> {form.name.trim()}
            </Typography>
            {form.displayName.trim() && (
              <Typography>
                <strong>Display name:</strong> {form.displayName.trim()}
              </Typography>
            )}
            <Typography>
              <strong>Domain:</strong> {form.domain.trim().toLowerCase()}
            </Typography>
            <Typography>
              <strong>Plan:</strong> {form.plan}
            </Typography>
            <Typography>
              <strong>Owner:</strong> {form.ownerEmail.trim()}
            </Typography>
            <Typography>
              <strong>Applications:</strong>{' '}
              {apps.length ? apps.join(', ') : 'none'}
            </Typography>
          </Box>
        )}
        <Box mt={2}>
          <ErrorAlert error={error} title="Provisioning failed" />
        </Box>
      </DialogContent>
      <DialogActions>
        <Button onClick={close}>Cancel</Button>
        <Button disabled={step === 0 || busy} onClick={() => setStep(step - 1)}>
          Back
        </Button>
        {step < STEPS.length - 1 ? (
          <Button color="primary" variant="contained" onClick={next}>
            Next
          </Button>
        ) : (
          <Button
            color="primary"
            variant="contained"
            disabled={busy}
            onClick={submit}
          >
            Provision
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
};

/** "Provision tenant", shown only with tenants.tenant.create. */
export const ProvisionTenantButton = () => {
  const allowed = useTenantPermission(tenantsTenantCreatePermission);
  if (!allowed) return null;
  return (
    <ButtonWithDialog
      label="Provision tenant"
      icon={<AddIcon />}
      dialog={({ open, close }) => (
        <ProvisionWizard open={open} onClose={close} />
      )}
    />
  );
};
