import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import useDebounce from 'react-use/esm/useDebounce';
import { Grid, TextField, Typography } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel } from '@controlplane/frontend-common';
import { Environment } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { EnvironmentSelect } from './EnvironmentSelect';
import { EvaluationTable } from './EvaluationTable';

/**
 * A tenant's effective flags in one environment, read-only, with why: the
 * view of tenant admins (flags.tenant.read on their tenants).
 */
export const TenantFlags = () => {
  const api = useApi(flagsApiRef);
  const [tenantText, setTenantText] = useState('');
  const [tenant, setTenant] = useState('');
  useDebounce(() => setTenant(tenantText.trim()), 300, [tenantText]);
  const [environment, setEnvironment] = useState<Environment>('production');
  const { value, loading, error } = useAsync(
    async () => (tenant ? api.getTenantFlags(tenant, environment) : undefined),
    [api, tenant, environment],
  );

  return (
    <>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          <TextField
            id="tenant-flags-tenant"
            label="Tenant"
            helperText="One of your tenants, e.g. acme"
            value={tenantText}
            onChange={e => setTenantText(e.target.value)}
            fullWidth
            margin="normal"
          />
        </Grid>
        <Grid item xs={12} sm={6}>
          <EnvironmentSelect
            id="tenant-flags-environment"
            value={environment}
            onChange={setEnvironment}
          />
        </Grid>
      </Grid>
      {error && <BackendErrorPanel error={error} />}
      {!error && !tenant && (
        <Typography color="textSecondary">
          Enter a tenant to see its effective flags.
        </Typography>
      )}
      {!error && tenant && (
        <EvaluationTable
          label={`Flags of ${tenant}`}
          flags={value?.flags ?? []}
          loading={loading}
        />
      )}
    </>
  );
};
