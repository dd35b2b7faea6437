import { useState } from 'react';
import useAsync from 'react-use/esm/useAsync';
import { Grid, Typography } from '@material-ui/core';
import { useApi } from '@backstage/frontend-plugin-api';
import { BackendErrorPanel, TenantPicker } from '@controlplane/frontend-common';
import { Environment } from '@controlplane/plugin-flags-common';
import { flagsApiRef } from '../api';
import { EnvironmentSelect } from './EnvironmentSelect';
import { EvaluationTable } from './EvaluationTable';

/** The most tenants offered to choose from (one page of the matrix). */
export const TENANT_CHOICES = 200;

/**
 * A tenant's effective flags in one environment, read-only, with why: the
 * view of tenant admins (flags.tenant.read on their tenants). The tenants in
 * the user's reach (the matrix lists only those) are offered to choose
 * from, the first chosen; with more than a page of them, or when that list
 * cannot be had, the tenant is typed.
 */
export const TenantFlags = () => {
  const api = useApi(flagsApiRef);
  const choices = useAsync(async () => {
    const matrix = await api.getMatrix({ limit: String(TENANT_CHOICES) });
    return matrix.nextCursor ? [] : matrix.rows.map(row => row.tenant);
  }, [api]);
  const tenants = choices.value ?? [];
  const [chosen, setChosen] = useState<string>();
  const tenant = chosen ?? tenants[0] ?? '';
  const [environment, setEnvironment] = useState<Environment>('production');
  const { value, loading, error } = useAsync(
    async () => (tenant ? api.getTenantFlags(tenant, environment) : undefined),
    [api, tenant, environment],
  );

  if (choices.loading) return null;
  return (
    <>
      <Grid container spacing={2}>
        <Grid item xs={12} sm={6}>
          <TenantPicker
            id="tenant-flags-tenant"
            tenants={tenants}
            value={tenant}
            onChange={setChosen}
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
