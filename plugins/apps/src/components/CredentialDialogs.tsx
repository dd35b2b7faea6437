import { useEffect, useState } from 'react';
import {
  Checkbox,
  FormControl,
  FormControlLabel,
  FormGroup,
  FormHelperText,
  FormLabel,
  TextField,
  Typography,
} from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { FormDialog, useAction } from '@controlplane/frontend-common';
import {
  APP_SCOPE_NAMES,
  APP_SCOPES,
  AppCredential,
  IssuedCredential,
  scopesProblem,
} from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';

/** The end of `day` (YYYY-MM-DD) in UTC, as the expiry of a credential. */
export function expiryOf(day: string): string {
  return new Date(`${day}T23:59:59.000Z`).toISOString();
}

const today = () => new Date().toISOString().slice(0, 10);

/** Issue a credential: name, scopes, optional expiry. */
export const IssueCredentialDialog = (props: {
  open: boolean;
  appId: string;
  appName: string;
  onClose: () => void;
  onIssued: (issued: IssuedCredential) => void;
}) => {
  const api = useApi(appsApiRef);
  const [name, setName] = useState('');
  const [scopes, setScopes] = useState<string[]>([]);
  const [expiry, setExpiry] = useState('');
  const [touched, setTouched] = useState(false);
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (props.open) {
      setName('');
      setScopes([]);
      setExpiry('');
      setTouched(false);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open]);

  const problems = {
    name: name.trim() ? undefined : 'A name says what the credential is for',
    scopes: scopesProblem(scopes),
    expiry:
      expiry && expiry <= today()
        ? 'The expiry must be after today'
        : undefined,
  };
  const invalid = Object.values(problems).some(Boolean);
  const toggle = (scope: string, checked: boolean) =>
    setScopes(current =>
      checked ? [...current, scope] : current.filter(s => s !== scope),
    );

  const submit = async () => {
    setTouched(true);
    if (invalid) return;
    const result = await run(() =>
      api.issueCredential(props.appId, {
        name: name.trim(),
        scopes: APP_SCOPE_NAMES.filter(scope => scopes.includes(scope)),
        expiresAt: expiry ? expiryOf(expiry) : undefined,
      }),
    );
    if (result.ok) props.onIssued(result.value);
  };

  return (
    <FormDialog
      open={props.open}
      title={`Issue a credential for ${props.appName}`}
      submitLabel="Issue"
      submitDisabled={busy || (touched && invalid)}
      error={error}
      onSubmit={submit}
      onClose={props.onClose}
    >
      <TextField
        id="apps-credential-name"
        label="Name"
        value={name}
        onChange={e => setName(e.target.value)}
        error={touched && !!problems.name}
        helperText={(touched && problems.name) || 'e.g. Production integration'}
        required
        fullWidth
        margin="normal"
        inputProps={{ maxLength: 200 }}
      />
      <FormControl
        component="fieldset"
        margin="normal"
        error={touched && !!problems.scopes}
      >
        <FormLabel component="legend">Scopes</FormLabel>
        <FormGroup>
          {APP_SCOPE_NAMES.map(scope => (
            <FormControlLabel
              key={scope}
              control={
                <Checkbox
                  checked={scopes.includes(scope)}
                  onChange={e => toggle(scope, e.target.checked)}
                  color="primary"
                />
              }
              label={
                <>
                  <Typography component="span">{scope}</Typography>
                  <Typography
                    component="span"
                    variant="body2"
                    color="textSecondary"
                  >
                    {' '}
                    — {APP_SCOPES[scope]}
                  </Typography>
                </>
              }
            />
          ))}
        </FormGroup>
        {touched && problems.scopes && (
          <FormHelperText>{problems.scopes}</FormHelperText>
        )}
      </FormControl>
      <TextField
        id="apps-credential-expiry"
        label="Expires on (optional)"
        type="date"
        value={expiry}
        onChange={e => setExpiry(e.target.value)}
        error={!!problems.expiry}
        helperText={
          problems.expiry ??
          'Valid until the end of that day (UTC); empty for no expiry'
        }
        InputLabelProps={{ shrink: true }}
        fullWidth
        margin="normal"
      />
    </FormDialog>
  );
};

/** The longest grace period the backend accepts for the old secret (a week). */
export const MAX_GRACE_HOURS = 168;
export const DEFAULT_GRACE_HOURS = 24;

/** Rotate a credential's secret, the old one working for a grace period. */
export const RotateCredentialDialog = (props: {
  credential?: AppCredential;
  onClose: () => void;
  onRotated: (issued: IssuedCredential) => void;
}) => {
  const api = useApi(appsApiRef);
  const { credential } = props;
  const [hours, setHours] = useState(String(DEFAULT_GRACE_HOURS));
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (credential) {
      setHours(String(DEFAULT_GRACE_HOURS));
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [credential]);
  const value = Number(hours);
  const problem =
    hours.trim() === '' ||
    !Number.isInteger(value) ||
    value < 0 ||
    value > MAX_GRACE_HOURS
      ? `A whole number of hours from 0 to ${MAX_GRACE_HOURS}`
      : undefined;

  return (
    <FormDialog
      open={!!credential}
      title={`Rotate ${credential?.name ?? ''}`}
      submitLabel="Rotate"
      submitColor="secondary"
      submitDisabled={busy || !!problem}
      error={error}
      onSubmit={async () => {
        if (!credential || problem) return;
        const result = await run(() =>
          api.rotateCredential(credential.id, value),
        );
        if (result.ok) props.onRotated(result.value);
      }}
      onClose={props.onClose}
    >
      <Typography>
        A new secret is issued and shown once. The current secret keeps working
        during the grace period, so the app can switch without downtime; with 0
        it stops working at once.
      </Typography>
      <TextField
        id="apps-rotate-grace-hours"
        label="Grace period (hours)"
        type="number"
        value={hours}
        onChange={e => setHours(e.target.value)}
        error={!!problem}
        helperText={problem ?? 'How long the current secret keeps working'}
        inputProps={{ min: 0, max: MAX_GRACE_HOURS, step: 1 }}
        fullWidth
        margin="normal"
      />
    </FormDialog>
  );
};
