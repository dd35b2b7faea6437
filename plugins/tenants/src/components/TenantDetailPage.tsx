import { useEffect, useState } from 'react';
import { useLocation, useParams } from 'react-router-dom';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import { Box, Button, Tab, Tabs } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import AlertTitle from '@material-ui/lab/AlertTitle';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  Tenant,
  tenantsTenantOffboardPermission,
  tenantsTenantSuspendPermission,
} from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { ConfirmDialog, TenantStatusView, useTenantPermission } from './common';
import { tenantHealthPath, useTenantsRoot } from './links';
import { ProvisionedState } from './ProvisionWizard';
import { ActiveImpersonations } from './Impersonation';
import { OverviewTab } from './OverviewTab';
import { UsersTab } from './UsersTab';
import { InvitationsTab } from './InvitationsTab';
import { SessionsTab } from './SessionsTab';
import { SsoTab } from './SsoTab';
import { PasswordPolicyTab } from './PasswordPolicyTab';
import { AuditTab } from './AuditTab';
import { platformHealthDashboardReadPermission } from '@controlplane/plugin-platform-health-common';
import {
  ErrorAlert,
  PortalPage,
  useAction,
  useUrlParams,
} from '@controlplane/frontend-common';

/** The tabs of a tenant's page; `?tab=<id>` opens one (links from the home page). */
export const TABS = [
  { id: 'overview', label: 'Overview' },
  { id: 'users', label: 'Users' },
  { id: 'invitations', label: 'Invitations' },
  { id: 'sessions', label: 'Sessions' },
  { id: 'sso', label: 'SSO' },
  { id: 'password-policy', label: 'Password policy' },
  { id: 'audit', label: 'Audit' },
];

/**
 * The tenant's health page on the platform dashboard, for those who may see
 * the dashboard's figures of this tenant.
 */
const HealthLink = (props: { tenant: string }) => {
  const allowed = useTenantPermission(
    platformHealthDashboardReadPermission,
    props.tenant,
  );
  return allowed ? (
    <Box ml={2} component="span">
      <Link to={tenantHealthPath(props.tenant)}>Health</Link>
    </Box>
  ) : null;
};

/** Why the tenant cannot be used right now, in a banner over every tab. */
export const LifecycleBanner = (props: { tenant: Tenant }) => {
  const { tenant } = props;
  if (tenant.status === 'suspended') {
    return (
      <Alert severity="warning" role="alert" aria-label="Tenant suspended">
        <AlertTitle>This tenant is suspended</AlertTitle>
        Its users cannot sign in and their sessions were revoked.
        {tenant.statusReason && <> Reason: {tenant.statusReason}</>}
      </Alert>
    );
  }
  if (tenant.status === 'offboarded') {
    return (
      <Alert severity="error" role="alert" aria-label="Tenant offboarded">
        <AlertTitle>This tenant is offboarded</AlertTitle>
        Its users have lost access; its data is kept but can no longer be
        changed.
        {tenant.statusReason && <> Reason: {tenant.statusReason}</>}
      </Alert>
    );
  }
  return null;
};

/** Suspend (with a reason) or reactivate, and offboard. */
const LifecycleActions = (props: {
  tenant: Tenant;
  onChanged: (tenant?: Tenant) => void;
}) => {
  const api = useApi(tenantsApiRef);
  const { tenant } = props;
  const canSuspend = useTenantPermission(
    tenantsTenantSuspendPermission,
    tenant.name,
  );
  const canOffboard = useTenantPermission(
    tenantsTenantOffboardPermission,
    tenant.name,
  );
  const [dialog, setDialog] = useState<
    'suspend' | 'reactivate' | 'offboard' | undefined
  >();
  const { busy, error, run, clearError } = useAction();
  const close = () => {
    clearError();
    setDialog(undefined);
  };
  if (tenant.status === 'offboarded') return null;

  const act = async (action: () => Promise<Tenant | void>) => {
    const result = await run(action);
    if (result.ok) {
      setDialog(undefined);
      props.onChanged(result.value || undefined);
    }
  };

  return (
    <Box display="flex" ml={2}>
      {canSuspend && tenant.status === 'active' && (
        <Button variant="outlined" onClick={() => setDialog('suspend')}>
          Suspend
        </Button>
      )}
      {canSuspend && tenant.status === 'suspended' && (
        <Button variant="outlined" onClick={() => setDialog('reactivate')}>
          Reactivate
        </Button>
      )}
      {canOffboard && (
        <Box ml={1}>
          <Button
            variant="outlined"
            color="secondary"
            onClick={() => setDialog('offboard')}
          >
            Offboard
          </Button>
        </Box>
      )}
      <ConfirmDialog
        open={dialog === 'suspend'}
        title={`Suspend ${tenant.name}`}
        confirmLabel="Suspend"
        reasonLabel="Reason"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={reason => act(() => api.suspendTenant(tenant.name, reason))}
      >
        The tenant's users will no longer be able to sign in until it is
        reactivated.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'reactivate'}
        title={`Reactivate ${tenant.name}`}
        confirmLabel="Reactivate"
        reasonLabel="Reason"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={reason =>
          act(() => api.reactivateTenant(tenant.name, reason))
        }
      >
        The tenant's users will be able to sign in again.
      </ConfirmDialog>
      <ConfirmDialog
        open={dialog === 'offboard'}
        title={`Offboard ${tenant.name}`}
        confirmLabel="Offboard"
        reasonLabel="Reason"
        busy={busy}
        error={error}
        onClose={close}
        onConfirm={reason => act(() => api.offboardTenant(tenant.name, reason))}
      >
        Offboarding ends every session and takes away its users' access. The
        tenant's data is kept, but it can no longer be changed.
      </ConfirmDialog>
    </Box>
  );
};

/** The owner's invitation link, shown once after provisioning when the backend returns it. */
const ProvisionedNotice = () => {
  const location = useLocation();
  const state = location.state as ProvisionedState | null;
  if (!state?.provisioned) return null;
  const acceptUrl = state.provisioned.invitation?.acceptUrl;
  return (
    <Box mb={2}>
      <Alert severity="success">
        <AlertTitle>Tenant provisioned</AlertTitle>
        {acceptUrl ? (
          <>
            The owner's invitation link:{' '}
            <Link to={acceptUrl} aria-label="Owner invitation link">
              {acceptUrl}
            </Link>
          </>
        ) : (
          'The owner has been sent an invitation.'
        )}
      </Alert>
    </Box>
  );
};

/** One tenant: lifecycle, overview and settings, users, invitations, sessions, SSO, audit. */
export const TenantDetailPage = () => {
  const { tenant: name = '' } = useParams();
  const api = useApi(tenantsApiRef);
  const root = useTenantsRoot();
  const loaded = useAsyncRetry(() => api.getTenant(name), [api, name]);
  const [tenant, setTenant] = useState<Tenant | undefined>();
  useEffect(() => setTenant(loaded.value), [loaded.value]);
  const { params, update } = useUrlParams();
  const asked = params.get('tab');
  const tab = TABS.some(t => t.id === asked) ? asked! : 'overview';

  if (loaded.loading && !tenant) {
    return (
      <PortalPage title={name}>
        <Progress />
      </PortalPage>
    );
  }
  if (loaded.error) {
    return (
      <PortalPage title={name}>
        <ErrorAlert error={loaded.error} />
      </PortalPage>
    );
  }
  if (!tenant) return null;
  const readOnly = tenant.status === 'offboarded';

  return (
    <PortalPage
      title={tenant.displayName || tenant.name}
      subtitle={`${tenant.name} · ${tenant.domain} · ${tenant.plan}`}
      headerActions={
        <>
          <TenantStatusView status={tenant.status} />
          <LifecycleActions
            tenant={tenant}
            onChanged={changed =>
              changed ? setTenant(changed) : loaded.retry()
            }
          />
        </>
      }
    >
      <Box mb={1}>
        <Link to={root}>All tenants</Link>
        <HealthLink tenant={tenant.name} />
      </Box>
      <ProvisionedNotice />
      <ActiveImpersonations tenant={tenant.name} />
      <LifecycleBanner tenant={tenant} />
      <Tabs
        value={tab}
        onChange={(_e, value) =>
          update({ tab: value === 'overview' ? undefined : value })
        }
        indicatorColor="primary"
        variant="scrollable"
      >
        {TABS.map(t => (
          <Tab key={t.id} value={t.id} label={t.label} />
        ))}
      </Tabs>
      <Box mt={3}>
        {tab === 'overview' && (
          <OverviewTab
            tenant={tenant}
            readOnly={readOnly}
            onChanged={setTenant}
          />
        )}
        {tab === 'users' && (
          <UsersTab tenant={tenant.name} readOnly={readOnly} />
        )}
        {tab === 'invitations' && (
          <InvitationsTab tenant={tenant.name} readOnly={readOnly} />
        )}
        {tab === 'sessions' && (
          <SessionsTab tenant={tenant.name} readOnly={readOnly} />
        )}
        {tab === 'sso' && <SsoTab tenant={tenant.name} readOnly={readOnly} />}
        {tab === 'password-policy' && (
          <PasswordPolicyTab tenant={tenant.name} readOnly={readOnly} />
        )}
        {tab === 'audit' && <AuditTab tenant={tenant.name} />}
      </Box>
    </PortalPage>
  );
};
