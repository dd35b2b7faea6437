import useAsync from 'react-use/esm/useAsync';
import { Box, Typography } from '@material-ui/core';
import { Link, Progress } from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ErrorAlert,
  formatTime,
  HomeCardList,
} from '@controlplane/frontend-common';
import { Tenant } from '@controlplane/plugin-tenants-common';
import { tenantsApiRef } from '../api';
import { TenantStatusView } from '../components/common';
import { tenantPath, tenantTabPath, useTenantsRoot } from '../components/links';

/** How many of the user's tenants the card shows (owners have one or two). */
const TENANTS_SHOWN = 3;

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 ? '' : 's'}`;

/** One tenant's users and pending invitations, linked to its page's tabs. */
const TenantSummary = (props: { tenant: Tenant }) => {
  const { tenant } = props;
  const api = useApi(tenantsApiRef);
  const root = useTenantsRoot();
  const summary = useAsync(
    () => api.getUserSummary(tenant.name),
    [api, tenant.name],
  );
  const usersTab = tenantTabPath(root, tenant.name, 'users');
  const invitationsTab = tenantTabPath(root, tenant.name, 'invitations');
  return (
    <Box mb={2} component="section" aria-label={tenant.displayName}>
      <Box display="flex" alignItems="center" justifyContent="space-between">
        <Typography variant="subtitle1">
          <Link to={tenantPath(root, tenant.name)}>{tenant.displayName}</Link>
        </Typography>
        <TenantStatusView status={tenant.status} />
      </Box>
      {summary.loading && <Progress />}
      {summary.error && <ErrorAlert error={summary.error} />}
      {summary.value && (
        <>
          <Typography variant="body2">
            <Link to={usersTab}>
              {plural(summary.value.users.total, 'user')}
            </Link>{' '}
            ({summary.value.users.active} active;{' '}
            {plural(summary.value.users.byRole.owner, 'owner')},{' '}
            {plural(summary.value.users.byRole.administrator, 'administrator')})
          </Typography>
          <Typography variant="overline" component="h4">
            Newest users
          </Typography>
          <HomeCardList
            items={summary.value.newestUsers.map(user => ({
              key: user.id,
              primary: user.displayName || user.email,
              href: usersTab,
              secondary: `${user.email} · ${user.role} · joined ${formatTime(
                user.createdAt,
              )}`,
              trailing:
                user.status === 'disabled' ? (
                  <Typography variant="caption">disabled</Typography>
                ) : undefined,
            }))}
            emptyText="No users yet."
          />
          <Typography variant="overline" component="h4">
            <Link to={invitationsTab}>
              {plural(summary.value.invitations.pending, 'pending invitation')}
            </Link>
          </Typography>
          <HomeCardList
            items={summary.value.invitations.newestPending.map(invitation => ({
              key: invitation.id,
              primary: invitation.email,
              href: invitationsTab,
              secondary: `${invitation.role} · expires ${formatTime(
                invitation.expiresAt,
              )}`,
            }))}
            emptyText="No invitation waits for an answer."
          />
        </>
      )}
    </Box>
  );
};

/**
 * "My tenant" for a tenant's owners and administrators: for each tenant
 * they are a member of (through a tenant-scoped role), its users and the
 * newest ones, and its pending invitations, each linked to the tenant's
 * page. Users whose roles reach every tenant are a member of none.
 */
export const MyTenantCard = () => {
  const api = useApi(tenantsApiRef);
  const root = useTenantsRoot();
  const mine = useAsync(
    () => api.listTenants({ mine: true, limit: TENANTS_SHOWN + 1 }),
    [api],
  );
  if (mine.loading) return <Progress />;
  if (mine.error) return <ErrorAlert error={mine.error} />;
  const tenants = mine.value?.items ?? [];
  if (tenants.length === 0) {
    return (
      <Typography variant="body2" color="textSecondary">
        You are not a member of a tenant: your roles reach every tenant.{' '}
        <Link to={root}>All tenants</Link>
      </Typography>
    );
  }
  return (
    <>
      {tenants.slice(0, TENANTS_SHOWN).map(tenant => (
        <TenantSummary key={tenant.name} tenant={tenant} />
      ))}
      {tenants.length > TENANTS_SHOWN && <Link to={root}>All my tenants</Link>}
    </>
  );
};
