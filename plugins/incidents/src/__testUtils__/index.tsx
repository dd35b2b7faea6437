import { act } from '@testing-library/react';
import { mockApis } from '@backstage/frontend-test-utils';
import { pageAccessApiRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakePageAccess,
  FakeRequest,
  jsonResponse as json,
  PermissionOptions,
  renderWithApis,
  routedBackend,
} from '@controlplane/frontend-common/testUtils';
import {
  Incident,
  incidentsPermissions,
  MaintenanceWindow,
  TimelineEntry,
  TRANSITIONS,
} from '@controlplane/plugin-incidents-common';
import { IncidentsClient, incidentsApiRef } from '../api';
import { rootRouteRef } from '../routes';

/** Every incidents permission: what a platform admin holds. */
export const ALL_PERMISSIONS = incidentsPermissions.map(p => p.name);

/** The signed-in user of Backstage's test app (its identity mock). */
export const ME = 'user:default/test';

/** `n` hours before now, as the wire has it. */
export const hoursAgo = (n: number) =>
  new Date(Date.now() - n * 3_600_000).toISOString();

let ids = 0;
/** A UUID-shaped id that is new on each call. */
export const newId = () =>
  `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

export const incident = (extra: Partial<Incident> = {}): Incident => ({
  id: newId(),
  title: 'Support triage answers slowly',
  severity: 'SEV2',
  priority: 'high',
  category: 'performance',
  status: 'open',
  tenant: 'acme',
  affectedTenants: ['acme'],
  entities: ['agent:default/support-triage'],
  reporter: 'user:default/tina',
  assignee: null,
  commander: null,
  watchers: [],
  source: 'manual',
  signalKey: null,
  signalCount: 0,
  lastSignalAt: null,
  openedAt: hoursAgo(3),
  acknowledgedAt: null,
  resolvedAt: null,
  closedAt: null,
  updatedAt: hoursAgo(3),
  timeToAcknowledgeSeconds: null,
  timeToResolveSeconds: null,
  ...extra,
});

export const entry = (extra: Partial<TimelineEntry> = {}): TimelineEntry => ({
  id: newId(),
  kind: 'comment',
  actor: 'user:default/sam',
  at: hoursAgo(2),
  summary: 'Looking into it',
  related: false,
  ...extra,
});

export const maintenanceWindow = (
  extra: Partial<MaintenanceWindow> = {},
): MaintenanceWindow => ({
  id: newId(),
  title: 'Database upgrade',
  environment: 'production',
  tenant: null,
  operations: ['deploy', 'migration'],
  startsAt: hoursAgo(-24),
  endsAt: hoursAgo(-26),
  createdBy: 'user:default/oscar',
  createdAt: hoursAgo(48),
  active: false,
  overrides: [],
  ...extra,
});

const notFound = () => errorResponse(404, 'NotFoundError', 'not found');

/**
 * The incidents backend over in-memory incidents, timelines and maintenance
 * windows, through the real IncidentsClient: `respond` answers a
 * `"METHOD /path"` differently, `requests` are what the UI sent. Moves
 * follow the status workflow (an illegal one is a 409), each change and
 * comment is a timeline entry, and `related` entries are merged into the
 * timeline as the audit trail's related changes.
 */
export function fakeIncidentsBackend(
  data: {
    incidents?: Incident[];
    /** Timeline entries per incident id (its own and related ones). */
    timelines?: Record<string, TimelineEntry[]>;
    windows?: MaintenanceWindow[];
  } = {},
) {
  const incidents = [...(data.incidents ?? [])];
  const timelines: Record<string, TimelineEntry[]> = {
    ...(data.timelines ?? {}),
  };
  const windows = [...(data.windows ?? [])];
  const now = () => new Date().toISOString();
  const addEntry = (id: string, extra: Partial<TimelineEntry>) => {
    const added = entry({ actor: ME, at: now(), ...extra });
    timelines[id] = [...(timelines[id] ?? []), added];
    return added;
  };

  const incidentRoute = (found: Incident, action: string, body: any) => {
    if (action === 'transition') {
      const move = TRANSITIONS[body.action as keyof typeof TRANSITIONS];
      if (!move.from.includes(found.status)) {
        return errorResponse(
          409,
          'ConflictError',
          `You cannot ${body.action} an incident that is ${found.status}`,
        );
      }
      addEntry(found.id, {
        kind: 'status',
        summary: `${found.status} → ${move.to}${
          body.note ? `: ${body.note}` : ''
        }`,
      });
      found.status = move.to;
      if (body.action === 'start') found.acknowledgedAt = now();
      if (body.action === 'resolve') {
        found.resolvedAt = now();
        found.timeToResolveSeconds = 3 * 3600;
      }
      return json(found);
    }
    if (action === 'comments') {
      return json(addEntry(found.id, { summary: body.body }), 201);
    }
    if (action === 'timeline') {
      return json({
        items: [...(timelines[found.id] ?? [])].sort((a, b) =>
          a.at.localeCompare(b.at),
        ),
        relatedAvailable: true,
      });
    }
    return notFound();
  };

  const route = ({ method, path, query, body }: FakeRequest) => {
    if (method === 'GET' && path === '/incidents') {
      const statuses = query.get('status')?.split(',');
      const assignee = query.get('assignee');
      const items = incidents.filter(
        i =>
          (!statuses || statuses.includes(i.status)) &&
          (!query.get('severity') || query.get('severity') === i.severity) &&
          (!query.get('category') || query.get('category') === i.category) &&
          (!query.get('tenant') || query.get('tenant') === i.tenant) &&
          (!query.get('entity') || i.entities.includes(query.get('entity')!)) &&
          (!assignee ||
            (assignee === 'none' && !i.assignee) ||
            (assignee === 'me' && i.assignee === ME) ||
            assignee === i.assignee),
      );
      const limit = Number(query.get('limit') ?? 50);
      return json({
        items: items.slice(0, limit),
        ...(items.length > limit ? { nextCursor: 'next' } : {}),
      });
    }
    if (method === 'GET' && path === '/incidents/summary') {
      const open = incidents.filter(i =>
        ['open', 'in_progress'].includes(i.status),
      );
      return json({
        open: open.length,
        bySeverity: Object.fromEntries(
          ['SEV1', 'SEV2', 'SEV3', 'SEV4'].map(s => [
            s,
            open.filter(i => i.severity === s).length,
          ]),
        ),
        oldestOpenedAt: open.map(i => i.openedAt).sort()[0] ?? null,
      });
    }
    if (method === 'POST' && path === '/incidents') {
      const created = incident({
        ...body,
        tenant: body.tenant ?? null,
        affectedTenants: body.affectedTenants ?? [],
        entities: body.entities ?? [],
        watchers: body.watchers ?? [],
        reporter: ME,
        openedAt: now(),
      });
      incidents.push(created);
      addEntry(created.id, { kind: 'created', summary: 'Opened' });
      return json(created, 201);
    }
    const one = /^\/incidents\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (one) {
      const found = incidents.find(i => i.id === one[1]);
      if (!found) return notFound();
      if (!one[2] && method === 'GET') return json(found);
      if (!one[2] && method === 'PATCH') {
        for (const [field, value] of Object.entries(body)) {
          addEntry(found.id, {
            kind: 'field',
            summary: `${field}: ${String(
              (found as any)[field] ?? 'nobody',
            )} → ${String(value ?? 'nobody')}`,
            details: {
              field,
              before: (found as any)[field] ?? null,
              after: value,
            },
          });
        }
        Object.assign(found, body);
        return json(found);
      }
      return incidentRoute(found, one[2], body);
    }
    if (method === 'GET' && path === '/maintenance') {
      const all = query.get('all') === 'true';
      return json({
        items: windows.filter(w => all || (!w.cancelledAt && w.endsAt > now())),
      });
    }
    if (method === 'POST' && path === '/maintenance') {
      const created = maintenanceWindow({
        ...body,
        tenant: body.tenant ?? null,
        createdBy: ME,
      });
      windows.push(created);
      return json(created, 201);
    }
    const win = /^\/maintenance\/([^/]+)\/(.+)$/.exec(path);
    if (method === 'POST' && win) {
      const found = windows.find(w => w.id === win[1]);
      if (!found) return notFound();
      if (win[2] === 'cancel') {
        Object.assign(found, { cancelledAt: now(), cancelledBy: ME });
        return json(found);
      }
      if (win[2] === 'overrides') {
        found.overrides.push({
          id: newId(),
          operation: body.operation,
          reason: body.reason,
          requestedBy: ME,
          requestedAt: now(),
        });
        return json(found, 201);
      }
      const approve = /^overrides\/([^/]+)\/approve$/.exec(win[2]);
      const override = found.overrides.find(o => o.id === approve?.[1]);
      if (!override) return notFound();
      Object.assign(override, { approvedBy: ME, approvedAt: now() });
      return json(found);
    }
    return notFound();
  };

  const backend = routedBackend('incidents', route);
  return {
    ...backend,
    api: new IncidentsClient(backend),
    incidents,
    timelines,
    windows,
  };
}

export type FakeIncidentsBackend = ReturnType<typeof fakeIncidentsBackend>;

/**
 * Renders with the real client on `backend`, the incidents route mounted at
 * `/incidents`, `held` as the permissions the user holds somewhere (default:
 * all) and `permissions` as the decisions on single incidents (default:
 * everything allowed).
 */
export async function renderIncidents(
  element: JSX.Element,
  options: {
    backend: FakeIncidentsBackend;
    held?: string[];
    permissions?: PermissionOptions;
    path?: string;
    mountPath?: string;
    extraApis?: Parameters<typeof renderWithApis>[1]['apis'];
  },
) {
  const access = fakePageAccess(options.held ?? ALL_PERMISSIONS);
  await renderWithApis(element, {
    ...options.permissions,
    apis: [
      [incidentsApiRef, options.backend.api],
      [pageAccessApiRef, access.api],
      mockApis.identity({ userEntityRef: ME }),
      ...(options.extraApis ?? []),
    ],
    initialRouteEntries: options.path ? [options.path] : undefined,
    mountPath: options.mountPath,
    mountedRoutes: { '/incidents': rootRouteRef },
  });
  return { access };
}

/**
 * Renders a home card's widget as the home page does (see renderIncidents):
 * the widget loads its content lazily, so the render waits for it, inside
 * act.
 */
export async function renderIncidentsWidget(
  widget: JSX.Element,
  options: Parameters<typeof renderIncidents>[1],
) {
  let rendered: Awaited<ReturnType<typeof renderIncidents>> | undefined;
  await act(async () => {
    rendered = await renderIncidents(widget, options);
    await new Promise(resolve => setTimeout(resolve));
  });
  return rendered!;
}

export { errorResponse };
