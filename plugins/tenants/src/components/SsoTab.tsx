import { useEffect, useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Box, TextField } from '@material-ui/core';
import { InfoCard, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  SsoConfig,
  tenantsSsoUpdatePermission,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { useTenantPermission } from './common';
import { ErrorAlert, useAction } from '@controlplane/frontend-common';
import { SaveRow } from './SettingsForm';

/**
 * The tenant's OIDC single sign-on. The client secret is write-only: the
 * page only knows whether one is set, and clears what was typed once saved.
 */
export const SsoTab = (props: { tenant: string; readOnly?: boolean }) => {
  const api = useApi(tenantsApiRef);
  const canUpdate =
    useTenantPermission(tenantsSsoUpdatePermission, props.tenant) &&
    !props.readOnly;
  const loaded = useAsync(() => api.getSso(props.tenant), [api, props.tenant]);
  const [sso, setSso] = useState<SsoConfig | undefined>();
  const [issuer, setIssuer] = useState('');
  const [clientId, setClientId] = useState('');
  const [secret, setSecret] = useState('');
  const [saved, setSaved] = useState(false);
  const { busy, error, run } = useAction();

  useEffect(() => {
    if (loaded.value) {
      setSso(loaded.value);
      setIssuer(loaded.value.issuerUrl);
      setClientId(loaded.value.clientId);
    }
  }, [loaded.value]);

  if (loaded.loading) return <Progress />;
  if (loaded.error) return <ErrorAlert error={loaded.error} />;
  // The fields take the loaded values in an effect: until it ran, they
  // would show empty for a render (and a quick reader sees no issuer).
  if (loaded.value && !sso) return <Progress />;

  let issuerError: string | undefined;
  if (issuer && !/^https:\/\/\S+$/.test(issuer)) {
    issuerError = 'The issuer must be an https URL';
  }
  const secretSet = Boolean(sso?.clientSecretSet);
  const missing = !issuer.trim() || !clientId.trim() || (!secretSet && !secret);

  return (
    <InfoCard title="Single sign-on (OIDC)">
      <Box display="flex" flexDirection="column" maxWidth={640}>
        <TextField
          id="tenants-issuer-url"
          label="Issuer URL"
          value={issuer}
          onChange={e => {
            setIssuer(e.target.value);
            setSaved(false);
          }}
          error={Boolean(issuerError)}
          helperText={issuerError ?? 'e.g. https://login.acme.example.com'}
          disabled={!canUpdate}
          margin="normal"
          required
        />
        <TextField
          id="tenants-client-id"
          label="Client ID"
          value={clientId}
          onChange={e => {
            setClientId(e.target.value);
            setSaved(false);
          }}
          disabled={!canUpdate}
          margin="normal"
          required
        />
        <TextField
          id="tenants-client-secret"
          label="Client secret"
          type="password"
          autoComplete="new-password"
          value={secret}
          onChange={e => {
            setSecret(e.target.value);
            setSaved(false);
          }}
          placeholder={secretSet ? '•••••••• (set)' : ''}
          helperText={
            secretSet
              ? 'A client secret is set. Enter a new one only to replace it.'
              : 'No client secret is set.'
          }
          disabled={!canUpdate}
          margin="normal"
          inputProps={{ 'data-testid': 'sso-client-secret' }}
        />
        <Box mt={1}>
          <ErrorAlert error={error} title="Could not save the SSO settings" />
        </Box>
        <SaveRow
          label="Save SSO settings"
          canSave={canUpdate}
          disabled={busy || missing || Boolean(issuerError)}
          isSaved={saved}
          onSave={async () => {
            const result = await run(() =>
              api.updateSso(props.tenant, {
                issuerUrl: issuer.trim(),
                clientId: clientId.trim(),
                ...(secret ? { clientSecret: secret } : {}),
              }),
            );
            if (result.ok) {
              setSso(result.value);
              setSecret('');
              setSaved(true);
            }
          }}
        />
      </Box>
    </InfoCard>
  );
};
