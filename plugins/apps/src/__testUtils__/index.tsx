import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  fakeBackend,
  jsonResponse as json,
  PermissionOptions,
  renderWithApis,
} from '@controlplane/frontend-common/testUtils';
import {
  AppCredential,
  CredentialUsage,
  ManagedApp,
  USAGE_PERIODS,
  UsagePeriod,
} from '@controlplane/plugin-apps-common';
import { appsApiRef, AppsClient } from '../api';
import { rootRouteRef } from '../routes';

export const app = (
  name: string,
  extra: Partial<ManagedApp> = {},
): ManagedApp => ({
  id: `id-${name}`,
  name,
  environment: 'staging',
  owner: 'group:default/team-apps',
  tenants: ['acme'],
  status: 'active',
  rateLimits: [],
  createdBy: 'user:default/ada',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  ...extra,
});

export const credential = (
  name: string,
  extra: Partial<AppCredential> = {},
): AppCredential => ({
  id: `key-${name}`,
  appId: 'id-billing-sync',
  appName: 'billing-sync',
  name,
  clientId: 'cp_test_abcdefghijklmnop',
  prefix: 'cp_test_abcd',
  scopes: ['flags:read'],
  status: 'active',
  createdBy: 'user:default/ada',
  createdAt: '2026-01-01T00:00:00Z',
  ...extra,
});

/**
 * Usage whose totals depend on the period, so a refetch shows; as the
 * backend counts them, the failed requests include the rate-limited ones.
 */
export const usageFor = (
  keyId: string,
  period: UsagePeriod,
): CredentialUsage => {
  const days = parseInt(period, 10);
  return {
    key_id: keyId,
    period,
    usage: {
      total_requests: days * 100,
      successful_requests: days * 90,
      failed_requests: days * 10,
      rate_limited: days * 3,
    },
    by_endpoint: [{ endpoint: '/api/flags/flags', count: days * 100 }],
    by_day: [
      {
        day: '2026-11-22',
        total: 100,
        successful: 90,
        failed: 10,
        rate_limited: 3,
      },
    ],
    last_used_at: '2026-11-22T12:00:00Z',
  };
};

export const SECRET = 'S'.repeat(43);

/** One request the fake backend received. */
export interface FakeRequest {
  method: string;
  /** Below `/api/apps`. */
  path: string;
  query: URLSearchParams;
  body?: any;
}

const notFound = () =>
  json({ error: { name: 'NotFoundError', message: 'not found' } }, 404);

/**
 * The apps backend over in-memory apps and credentials, through the real
 * AppsClient: `respond` answers a `"METHOD /path"` differently (an error,
 * say), `requests` are what the UI sent.
 */
export function fakeAppsBackend(
  data: { apps?: ManagedApp[]; credentials?: AppCredential[] } = {},
) {
  const apps = [...(data.apps ?? [app('billing-sync')])];
  const credentials = [...(data.credentials ?? [])];
  const overrides = new Map<string, (request: FakeRequest) => Response>();
  const requests: FakeRequest[] = [];
  let issuedCount = 0;

  const issue = (base: AppCredential) => {
    issuedCount += 1;
    const secret = `${SECRET.slice(0, 40)}${String(issuedCount).padStart(
      3,
      '0',
    )}`;
    return {
      credential: base,
      clientSecret: secret,
      token: `${base.clientId}.${secret}`,
    };
  };

  const route = (request: FakeRequest): Response => {
    const { method, path, query, body } = request;
    if (method === 'GET' && path === '/apps') {
      const search = query.get('search');
      const items = apps.filter(
        a =>
          (!search || a.name.includes(search)) &&
          (!query.get('status') || a.status === query.get('status')) &&
          (!query.get('tenant') || a.tenants.includes(query.get('tenant')!)),
      );
      return json({ items });
    }
    if (method === 'POST' && path === '/apps') {
      const created = app(body.name, { ...body });
      apps.push(created);
      return json(created, 201);
    }
    const appMatch = /^\/apps\/([^/]+)(\/.*)?$/.exec(path);
    if (appMatch) {
      const id = decodeURIComponent(appMatch[1]);
      const index = apps.findIndex(a => a.id === id);
      if (index < 0) return notFound();
      const rest = appMatch[2] ?? '';
      const change = (fields: Partial<ManagedApp>) => {
        apps[index] = { ...apps[index], ...fields };
        return json(apps[index]);
      };
      if (method === 'GET' && rest === '') return json(apps[index]);
      if (method === 'PATCH' && rest === '') return change(body);
      if (method === 'POST' && rest === '/disable') {
        return change({ status: 'disabled', disabledReason: body.reason });
      }
      if (method === 'POST' && rest === '/enable') {
        return change({ status: 'active', disabledReason: undefined });
      }
      if (method === 'PUT' && rest === '/rate-limits') {
        return change({ rateLimits: body.rules });
      }
      if (method === 'POST' && rest === '/api-keys') {
        const created = credential(body.name, {
          id: `key-new-${credentials.length + 1}`,
          appId: id,
          appName: apps[index].name,
          clientId: 'cp_test_newnewnewnewnewn',
          prefix: 'cp_test_newn',
          scopes: body.scopes,
          expiresAt: body.expiresAt,
          createdAt: new Date().toISOString(),
        });
        credentials.push(created);
        return json(issue(created), 201);
      }
    }
    if (method === 'GET' && path === '/api-keys') {
      const records = credentials.filter(
        c =>
          (!query.get('appId') || c.appId === query.get('appId')) &&
          (!query.get('status') || c.status === query.get('status')),
      );
      return json({ records, total: records.length });
    }
    const keyMatch = /^\/api-keys\/([^/]+)(\/.*)?$/.exec(path);
    if (keyMatch) {
      const id = decodeURIComponent(keyMatch[1]);
      const index = credentials.findIndex(c => c.id === id);
      if (index < 0) return notFound();
      const rest = keyMatch[2] ?? '';
      if (method === 'POST' && rest === '/rotate') {
        credentials[index] = {
          ...credentials[index],
          rotatedAt: new Date().toISOString(),
          previousSecretValidUntil: new Date(
            Date.now() + body.gracePeriodHours * 3_600_000,
          ).toISOString(),
        };
        return json(issue(credentials[index]));
      }
      if (method === 'DELETE' && rest === '') {
        const revokedAt = new Date().toISOString();
        credentials[index] = {
          ...credentials[index],
          status: 'revoked',
          revokedAt,
        };
        return json({
          message: 'API key revoked successfully',
          key_id: id,
          revoked_at: revokedAt,
        });
      }
      if (method === 'GET' && rest === '/usage') {
        const period = USAGE_PERIODS.find(p => p === query.get('period'));
        return json(usageFor(id, period ?? '30d'));
      }
    }
    return notFound();
  };

  const backend = fakeBackend(() => notFound());
  backend.fetch.mockImplementation(async (url, init) => {
    const parsed = new URL(String(url));
    const request: FakeRequest = {
      method: init?.method ?? 'GET',
      path: parsed.pathname.replace(/^\/api\/apps/, ''),
      query: parsed.searchParams,
      body: init?.body ? JSON.parse(String(init.body)) : undefined,
    };
    requests.push(request);
    const override = overrides.get(`${request.method} ${request.path}`);
    return override ? override(request) : route(request);
  });

  return {
    ...backend,
    api: new AppsClient(backend),
    apps,
    credentials,
    requests,
    /** The requests with this method and path. */
    requestsTo: (method: string, path: string) =>
      requests.filter(r => r.method === method && r.path === path),
    /** Answers `"METHOD /path"` with `response` from now on. */
    respond: (key: string, response: (request: FakeRequest) => Response) =>
      overrides.set(key, response),
  };
}

export type FakeAppsBackend = ReturnType<typeof fakeAppsBackend>;

/** A backend error as the apps backend sends it. */
export const errorResponse = (status: number, name: string, message: string) =>
  json({ error: { name, message }, response: { statusCode: status } }, status);

/**
 * Renders with the real client on `backend`, the apps routes mounted (and
 * the catalog's entity route), and a permission mock (see PermissionOptions).
 */
export function renderApps(
  element: JSX.Element,
  options: {
    backend: FakeAppsBackend;
    path?: string;
    mountPath?: string;
  } & PermissionOptions,
) {
  const { backend, path, mountPath, ...permissions } = options;
  return renderWithApis(element, {
    ...permissions,
    apis: [[appsApiRef, backend.api]],
    mountPath,
    initialRouteEntries: path ? [path] : undefined,
    mountedRoutes: {
      '/apps': rootRouteRef,
      '/catalog/:namespace/:kind/:name': entityRouteRef,
    },
  });
}
