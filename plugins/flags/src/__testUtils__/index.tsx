import { mockApis } from '@backstage/frontend-test-utils';
import { pageAccessApiRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakePageAccess,
  FakeRequest,
  jsonResponse as json,
  renderWithApis,
  routedBackend,
} from '@controlplane/frontend-common/testUtils';
import {
  Evaluation,
  Flag,
  FlagMetrics,
  HistoryEntry,
  Matrix,
  Schedule,
  flagsFlagCreatePermission,
  flagsFlagKillPermission,
  flagsFlagReadPermission,
  flagsFlagUpdatePermission,
  flagsTenantReadPermission,
  flagsTenantUpdatePermission,
  parseValueTarget,
} from '@controlplane/plugin-flags-common';
import { flagsApiRef, FlagsClient } from '../api';
import { rootRouteRef } from '../routes';

/** Every flag permission: what an operator holds. */
export const ALL_PERMISSIONS = [
  flagsFlagReadPermission,
  flagsFlagCreatePermission,
  flagsFlagUpdatePermission,
  flagsFlagKillPermission,
  flagsTenantReadPermission,
  flagsTenantUpdatePermission,
].map(p => p.name);

export const flag = (key: string, extra: Partial<Flag> = {}): Flag => ({
  key,
  type: 'boolean',
  variants: [
    { name: 'on', value: true },
    { name: 'off', value: false },
  ],
  defaultVariant: 'off',
  offVariant: 'off',
  tags: [],
  lifecycle: 'active',
  environments: ['development', 'staging', 'production'],
  killed: false,
  potentiallyStale: false,
  revision: 1,
  createdBy: 'user:default/oscar',
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-02T00:00:00Z',
  values: [],
  ...extra,
});

/** acme's flags in production: dark-mode on, by its override. */
export const acmeEvaluation: Evaluation = {
  tenant: 'acme',
  environment: 'production',
  flags: [
    {
      key: 'dark-mode',
      value: true,
      variant: 'on',
      reason: 'STATIC',
      layer: 'tenant',
    },
  ],
};

const notFound = () => errorResponse(404, 'NotFoundError', 'not found');

/**
 * The flags backend over in-memory flags, through the real FlagsClient:
 * `respond` answers a `"METHOD /path"` differently, `requests` are what the
 * UI sent. Values set are stored the way the backend answers them.
 */
export function fakeFlagsBackend(
  data: {
    flags?: Flag[];
    schedules?: Schedule[];
    history?: HistoryEntry[];
    metrics?: FlagMetrics['buckets'];
    evaluation?: Evaluation;
    matrix?: Matrix;
  } = {},
) {
  const flags = [...(data.flags ?? [flag('dark-mode')])];
  const schedules = [...(data.schedules ?? [])];

  const route = (request: FakeRequest): Response => {
    const { method, path, query, body } = request;
    if (method === 'GET' && path === '/flags') {
      const search = query.get('search');
      const tag = query.get('tag');
      const lifecycles = query.get('lifecycle')?.split(',') ?? [
        'active',
        'deprecated',
      ];
      const stale = query.get('stale');
      const owners = query
        .get('owner')
        ?.split(',')
        .map(owner => owner.toLocaleLowerCase('en-US'));
      return json({
        items: flags.filter(
          f =>
            (!search || f.key.includes(search)) &&
            (!tag || f.tags.includes(tag)) &&
            lifecycles.includes(f.lifecycle) &&
            (!stale || String(f.potentiallyStale) === stale) &&
            (!owners ||
              owners.includes(f.owner?.toLocaleLowerCase('en-US') ?? '')),
        ),
      });
    }
    if (method === 'POST' && path === '/flags') {
      const created = flag(body.key, body);
      flags.push(created);
      return json(created, 201);
    }
    if (method === 'POST' && path === '/evaluate') {
      return data.evaluation ? json(data.evaluation) : notFound();
    }
    if (method === 'GET' && path === '/matrix') {
      return data.matrix ? json(data.matrix) : notFound();
    }
    const tenant = /^\/tenants\/([^/]+)\/flags$/.exec(path);
    if (method === 'GET' && tenant) {
      return data.evaluation
        ? json({ ...data.evaluation, tenant: tenant[1] })
        : notFound();
    }
    const match = /^\/flags\/([^/]+)(\/.*)?$/.exec(path);
    if (!match) return notFound();
    const index = flags.findIndex(f => f.key === match[1]);
    if (index < 0) return notFound();
    const rest = match[2] ?? '';
    const change = (fields: Partial<Flag>) => {
      flags[index] = {
        ...flags[index],
        ...fields,
        revision: flags[index].revision + 1,
      };
      return json(flags[index]);
    };
    if (method === 'GET' && rest === '') return json(flags[index]);
    if (method === 'PATCH' && rest === '') {
      const { reason: _reason, revision: _revision, ...fields } = body;
      return change(fields);
    }
    if (method === 'PUT' && rest === '/kill-switch') {
      return change({ killed: body.enabled });
    }
    const value = /^\/values\/([^/]+)\/([^/]+)$/.exec(rest);
    if (value) {
      const [, environment, target] = value;
      const others = flags[index].values.filter(
        v => v.environment !== environment || v.target !== target,
      );
      if (method === 'DELETE') return change({ values: others });
      const layer = parseValueTarget(target).layer;
      return change({
        values: [
          ...others,
          {
            environment: environment as Flag['environments'][number],
            target,
            layer,
            variant: body.variant,
            rules: body.rules ?? [],
            updatedBy: 'user:default/oscar',
            updatedAt: '2026-02-01T00:00:00Z',
          },
        ],
      });
    }
    if (method === 'GET' && rest === '/schedules') {
      return json({ items: schedules });
    }
    if (method === 'POST' && rest === '/schedules') {
      const created: Schedule = {
        id: `s-${schedules.length + 1}`,
        flagKey: flags[index].key,
        status: 'pending',
        createdBy: 'user:default/oscar',
        createdAt: '2026-02-01T00:00:00Z',
        ...body,
      };
      schedules.unshift(created);
      return json(created, 201);
    }
    const schedule = /^\/schedules\/([^/]+)$/.exec(rest);
    if (method === 'DELETE' && schedule) {
      const found = schedules.find(s => s.id === schedule[1]);
      if (!found) return notFound();
      found.status = 'cancelled';
      return json(found);
    }
    if (method === 'GET' && rest === '/metrics') {
      const buckets = data.metrics ?? [];
      return json({
        key: flags[index].key,
        from: '2026-01-01T00:00:00Z',
        total: buckets.reduce((sum, b) => sum + b.count, 0),
        buckets,
      });
    }
    if (method === 'GET' && rest === '/history') {
      return json({ items: data.history ?? [] });
    }
    return notFound();
  };

  const backend = routedBackend('flags', route);
  return {
    ...backend,
    api: new FlagsClient(backend),
    flags,
  };
}

export type FakeFlagsBackend = ReturnType<typeof fakeFlagsBackend>;

/**
 * Renders with the real client on `backend`, the flags route mounted at
 * `/flags`, `held` as the user's permissions (default: all) and `ownership`
 * as the signed-in user's ownership refs (default: the mock identity's).
 */
export async function renderFlags(
  element: JSX.Element,
  options: {
    backend: FakeFlagsBackend;
    held?: string[];
    path?: string;
    mountPath?: string;
    ownership?: string[];
  },
) {
  const access = fakePageAccess(options.held ?? ALL_PERMISSIONS);
  await renderWithApis(element, {
    apis: [
      [flagsApiRef, options.backend.api],
      [pageAccessApiRef, access.api],
      ...(options.ownership
        ? [mockApis.identity({ ownershipEntityRefs: options.ownership })]
        : []),
    ],
    initialRouteEntries: options.path ? [options.path] : undefined,
    mountPath: options.mountPath,
    mountedRoutes: { '/flags': rootRouteRef },
  });
  return { access };
}

export { errorResponse };
