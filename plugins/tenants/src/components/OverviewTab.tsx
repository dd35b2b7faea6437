import { useEffect, useState } from 'react';
import { Button, FormControlLabel, Grid, Switch } from '@material-ui/core';
import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import { tenantsApiRef } from '../api';
import {
  OrganizationSettings,
  SESSION_TIMEOUT_BOUNDS,
  Tenant,
  TENANT_PLANS,
  tenantsTenantChangePlanPermission,
  tenantsOrganizationReadPermission,
  tenantsOrganizationUpdatePermission,
} from '@controlplane/plugin-tenants-common';
import { formatTime, TenantStatusView, useTenantPermission } from './common';
import {
  splitList,
  validateDomainList,
  validateInteger,
  validateIpList,
} from './validation';
import {
  FormDialog,
  SelectField,
  useAction,
} from '@controlplane/frontend-common';
import { SaveRow, SettingField, useTenantSettings } from './SettingsForm';

/** The apps serving the tenant, as the apps plugin says (or that it cannot). */
export function applicationsText(tenant: Tenant): string {
  if (tenant.applicationsUnavailable) {
    return 'unknown (the apps plugin does not answer)';
  }
  return tenant.applications?.length ? tenant.applications.join(', ') : 'none';
}

const ChangePlanDialog = (props: {
  open: boolean;
  tenant: Tenant;
  onClose: () => void;
  onChanged: (tenant: Tenant) => void;
}) => {
  const api = useApi(tenantsApiRef);
  const [plan, setPlan] = useState(props.tenant.plan);
  const { busy, error, run, clearError } = useAction();
  useEffect(() => {
    if (props.open) {
      setPlan(props.tenant.plan);
      clearError();
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [props.open, props.tenant.plan]);
  return (
    <FormDialog
      open={props.open}
      title="Change plan"
      submitLabel="Change plan"
      submitDisabled={busy || plan === props.tenant.plan}
      error={error}
      onSubmit={async () => {
        const result = await run(() => api.changePlan(props.tenant.name, plan));
        if (result.ok) props.onChanged(result.value);
      }}
      onClose={props.onClose}
    >
      <SelectField
        id="tenants-plan"
        label="Plan"
        value={plan}
        options={TENANT_PLANS}
        onChange={setPlan}
      />
    </FormDialog>
  );
};

interface OrgForm {
  require2fa: boolean;
  sessionTimeoutMinutes: string;
  allowedDomains: string;
  ipAllowList: string;
  logoUrl: string;
}

/** The login page shows https logos only (its content security policy). */
const validateLogoUrl = (value: string) => {
  if (!value.trim()) return undefined;
  try {
    return new URL(value.trim()).protocol === 'https:'
      ? undefined
      : 'Must be an https URL';
  } catch {
    return 'Not a URL';
  }
};

const toForm = (s: OrganizationSettings): OrgForm => ({
  require2fa: Boolean(s.require2fa),
  sessionTimeoutMinutes: String(s.sessionTimeoutMinutes ?? ''),
  allowedDomains: (s.allowedDomains ?? []).join('\n'),
  ipAllowList: (s.ipAllowList ?? []).join('\n'),
  logoUrl: s.logoUrl ?? '',
});

/** The organization's security settings, editable with tenants.organization.update. */
export const OrganizationCard = (props: {
  tenant: string;
  readOnly?: boolean;
}) => {
  const {
    api,
    canUpdate,
    placeholder,
    form,
    isSaved,
    set,
    saved,
    busy,
    error,
    run,
  } = useTenantSettings({
    tenant: props.tenant,
    readOnly: props.readOnly,
    permission: tenantsOrganizationUpdatePermission,
    load: tenantsApi => tenantsApi.getOrganization(props.tenant),
    toForm,
  });

  if (placeholder) return placeholder;
  if (!form) return null;

  const errors = {
    sessionTimeoutMinutes: validateInteger(
      form.sessionTimeoutMinutes,
      SESSION_TIMEOUT_BOUNDS.min,
      SESSION_TIMEOUT_BOUNDS.max,
    ),
    allowedDomains: validateDomainList(form.allowedDomains),
    ipAllowList: validateIpList(form.ipAllowList),
    logoUrl: validateLogoUrl(form.logoUrl),
  };
  const invalid = Object.values(errors).some(Boolean);

  return (
    <InfoCard title="Organization settings">
      <FormControlLabel
        control={
          <Switch
            checked={form.require2fa}
            onChange={e => set({ require2fa: e.target.checked })}
            disabled={!canUpdate}
            color="primary"
          />
        }
        label="Require two-factor authentication"
      />
      <SettingField
        id="tenants-session-timeout-minutes"
        label="Session timeout (minutes)"
        value={form.sessionTimeoutMinutes}
        onChange={value => set({ sessionTimeoutMinutes: value })}
        error={errors.sessionTimeoutMinutes}
        hint={`Idle timeout, ${SESSION_TIMEOUT_BOUNDS.min} to ${SESSION_TIMEOUT_BOUNDS.max} minutes`}
        disabled={!canUpdate}
      />
      <SettingField
        id="tenants-allowed-email-domains"
        label="Allowed email domains"
        value={form.allowedDomains}
        onChange={value => set({ allowedDomains: value })}
        error={errors.allowedDomains}
        hint="One per line; empty allows invitations to any domain"
        disabled={!canUpdate}
        multiline
      />
      <SettingField
        id="tenants-ip-allow-list"
        label="IP allow-list"
        value={form.ipAllowList}
        onChange={value => set({ ipAllowList: value })}
        error={errors.ipAllowList}
        hint="Addresses or CIDR ranges, one per line; empty allows any address"
        disabled={!canUpdate}
        multiline
      />
      <SettingField
        id="tenants-logo-url"
        label="Logo URL"
        value={form.logoUrl}
        onChange={value => set({ logoUrl: value })}
        error={errors.logoUrl}
        hint="An https image shown on the organization's login page; empty for none"
        disabled={!canUpdate}
      />
      <SaveRow
        label="Save settings"
        canSave={canUpdate}
        disabled={busy || invalid}
        isSaved={isSaved}
        error={error}
        onSave={async () => {
          const result = await run(() =>
            api.updateOrganization(props.tenant, {
              require2fa: form.require2fa,
              sessionTimeoutMinutes: Number(form.sessionTimeoutMinutes),
              allowedDomains: splitList(form.allowedDomains),
              ipAllowList: splitList(form.ipAllowList),
              logoUrl: form.logoUrl.trim(),
            }),
          );
          if (result.ok) saved(result.value);
        }}
      />
    </InfoCard>
  );
};

/** Plan, status, domain and creation date, and the organization settings. */
export const OverviewTab = (props: {
  tenant: Tenant;
  readOnly: boolean;
  onChanged: (tenant: Tenant) => void;
}) => {
  const { tenant } = props;
  const canChangePlan =
    useTenantPermission(tenantsTenantChangePlanPermission, tenant.name) &&
    !props.readOnly;
  const canReadOrg = useTenantPermission(
    tenantsOrganizationReadPermission,
    tenant.name,
  );
  const [changing, setChanging] = useState(false);
  return (
    <Grid container spacing={3}>
      <Grid item xs={12} md={6}>
        <InfoCard
          title="Overview"
          action={
            canChangePlan ? (
              <Button onClick={() => setChanging(true)}>Change plan</Button>
            ) : undefined
          }
        >
          <StructuredMetadataTable
            metadata={{
              name: tenant.name,
              plan: tenant.plan,
              status: <TenantStatusView status={tenant.status} />,
              domain: tenant.domain,
              created: formatTime(tenant.createdAt),
              applications: applicationsText(tenant),
            }}
          />
        </InfoCard>
        <ChangePlanDialog
          open={changing}
          tenant={tenant}
          onClose={() => setChanging(false)}
          onChanged={changed => {
            setChanging(false);
            props.onChanged(changed);
          }}
        />
      </Grid>
      {canReadOrg && (
        <Grid item xs={12} md={6}>
          <OrganizationCard tenant={tenant.name} readOnly={props.readOnly} />
        </Grid>
      )}
    </Grid>
  );
};
