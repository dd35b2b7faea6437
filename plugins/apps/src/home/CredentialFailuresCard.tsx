import useAsync from 'react-use/esm/useAsync';
import {
  Progress,
  StatusError,
  StatusWarning,
} from '@backstage/core-components';
import { useApi } from '@backstage/frontend-plugin-api';
import {
  ErrorAlert,
  formatAge,
  HomeCardList,
} from '@controlplane/frontend-common';
import { appsApiRef } from '../api';
import { apiKeysPath, appPath, useAppsRoot } from '../components/links';

/** How many apps the card lists; `total` counts them all. */
const SHOWN = 8;

const plural = (count: number, word: string) =>
  `${count} ${word}${count === 1 ? '' : 's'}`;

/**
 * "Credential failures (24 h)" for operators: the apps whose credentials
 * failed to authenticate in the last 24 hours, most failures first, with
 * the worst credentials; an app whose credential reached the alarm
 * threshold in an hour (the `credential.failing` alarm) is marked. Each
 * links to the app's page.
 */
export const CredentialFailuresCard = () => {
  const api = useApi(appsApiRef);
  const root = useAppsRoot();
  const failures = useAsync(
    () => api.listCredentialFailures({ limit: String(SHOWN) }),
    [api],
  );
  if (failures.loading) return <Progress />;
  if (failures.error) return <ErrorAlert error={failures.error} />;
  const { items, total } = failures.value!;
  return (
    <HomeCardList
      items={items.map(app => ({
        key: app.appId,
        primary: app.appTitle ?? app.appName,
        href: appPath(root, app.appId),
        secondary: `${plural(app.failed, 'failed call')} from ${plural(
          app.failingCredentials,
          'credential',
        )} (${app.credentials
          .map(c => `${c.name}: ${c.failed}`)
          .join(', ')}) · last ${formatAge(app.lastFailureAt)}`,
        trailing: app.alarmed ? (
          <StatusError>alarm</StatusError>
        ) : (
          <StatusWarning>{app.failed}</StatusWarning>
        ),
      }))}
      emptyText="No credential failed to authenticate in the last 24 hours."
      more={{ href: apiKeysPath(root), label: 'All credentials' }}
      total={total}
    />
  );
};
