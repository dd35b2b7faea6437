import useAsync from 'react-use/esm/useAsync';
import { Progress, StatusWarning } from '@backstage/core-components';
import { identityApiRef, useApi } from '@backstage/frontend-plugin-api';
import {
  ErrorAlert,
  formatDuration,
  HomeCardList,
} from '@controlplane/frontend-common';
import { AppCredential } from '@controlplane/plugin-apps-common';
import { appsApiRef } from '../api';
import { appPath, useAppsRoot } from '../components/links';

/** How many apps the card lists. */
const SHOWN = 10;
/** Credentials expiring within this many days are highlighted. */
const EXPIRING_DAYS = 30;
const DAY_MS = 86_400_000;

/**
 * "My apps" on a developer's home page: the apps owned by the user or one
 * of their groups (the identity's ownership refs, as Backstage decides
 * ownership), those with active credentials expiring within 30 days first
 * and highlighted; each links to the app's page.
 */
export const MyAppsCard = () => {
  const api = useApi(appsApiRef);
  const identityApi = useApi(identityApiRef);
  const root = useAppsRoot();
  const { value, loading, error } = useAsync(async () => {
    const { ownershipEntityRefs } = await identityApi.getBackstageIdentity();
    if (ownershipEntityRefs.length === 0) {
      return { apps: [], expiring: [] as AppCredential[], more: false };
    }
    const owner = ownershipEntityRefs.join(',');
    const [apps, expiring] = await Promise.all([
      api.listApps({ owner, limit: String(SHOWN) }),
      api.listCredentials({
        owner,
        status: 'active',
        expiresBefore: new Date(
          Date.now() + EXPIRING_DAYS * DAY_MS,
        ).toISOString(),
        limit: '200',
      }),
    ]);
    return {
      apps: apps.items,
      expiring: expiring.records,
      more: !!apps.nextCursor,
    };
  }, [api, identityApi]);

  if (loading) return <Progress />;
  if (error) return <ErrorAlert error={error} />;
  const { apps, expiring, more } = value!;
  const expiringOf = (appId: string) =>
    expiring
      .filter(c => c.appId === appId && c.expiresAt)
      .sort((a, b) => a.expiresAt!.localeCompare(b.expiresAt!));
  const ordered = [...apps].sort(
    (a, b) =>
      Number(expiringOf(b.id).length > 0) - Number(expiringOf(a.id).length > 0),
  );
  return (
    <HomeCardList
      items={ordered.map(app => {
        const soon = expiringOf(app.id);
        const tenants = app.tenants.length
          ? app.tenants.join(', ')
          : 'no tenant';
        return {
          key: app.id,
          primary: app.title ?? app.name,
          href: appPath(root, app.id),
          secondary:
            soon.length > 0
              ? `${soon
                  .map(
                    c =>
                      `${c.name} expires in ${formatDuration(
                        new Date(c.expiresAt!).getTime() - Date.now(),
                      )}`,
                  )
                  .join(', ')} · ${app.environment} · ${tenants}`
              : `${app.environment} · ${tenants}${
                  app.status === 'disabled' ? ' · disabled' : ''
                }`,
          trailing:
            soon.length > 0 ? (
              <StatusWarning>{soon.length} expiring</StatusWarning>
            ) : undefined,
        };
      })}
      emptyText="You and your groups own no app."
      more={more ? { href: root, label: 'All apps' } : undefined}
    />
  );
};
