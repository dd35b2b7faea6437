import { act } from '@testing-library/react';
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
  Decision,
  Deployment,
  Freeze,
  Policy,
  PromotionRequest,
  Rule,
  promotionsPermissions,
} from '@controlplane/plugin-promotions-common';
import { promotionsApiRef, PromotionsClient } from '../api';
import { rootRouteRef } from '../routes';

/** Every promotions permission: what a platform admin holds. */
export const ALL_PERMISSIONS = promotionsPermissions.map(p => p.name);

/** The signed-in user of the fake backend (`mine=true`). */
export const ME = 'user:default/devon';

/** `allowed` of a request the user may do nothing with. */
export const NOTHING_ALLOWED: NonNullable<PromotionRequest['allowed']> = {
  approve: false,
  reject: false,
  withdraw: false,
  addEvidence: false,
  override: false,
  approveOverride: false,
};

/** `n` hours before now, as the wire has it. */
export const hoursAgo = (n: number) =>
  new Date(Date.now() - n * 3_600_000).toISOString();

let ids = 0;
/** A UUID-shaped id that is new on each call. */
export const newId = () =>
  `00000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

export const promotionRequest = (
  extra: Partial<PromotionRequest> = {},
): PromotionRequest => ({
  id: newId(),
  kind: 'promotion',
  target: 'agent:default/support-triage',
  tenant: 'acme',
  sourceEnvironment: 'staging',
  targetEnvironment: 'production',
  version: '1.4.2',
  previousVersion: '1.4.1',
  status: 'requested',
  changes: [{ field: 'model', before: 'gpt-4o', after: 'gpt-4.1' }],
  evidence: { testsPassed: true, coverage: 82, criticalVulnerabilities: 0 },
  approvalsRequired: 1,
  approvals: 0,
  approverGroups: [],
  requestedBy: 'user:default/devon',
  requestedAt: hoursAgo(3),
  updatedAt: hoursAgo(3),
  expiresAt: hoursAgo(-69),
  decisions: [],
  freezes: [],
  allowed: { ...NOTHING_ALLOWED, approve: true, reject: true },
  ...extra,
});

export const deployment = (extra: Partial<Deployment> = {}): Deployment => ({
  id: newId(),
  target: 'agent:default/support-triage',
  tenant: 'acme',
  environment: 'production',
  version: '1.4.1',
  previousVersion: null,
  entityRef: 'deployment:default/support-triage-acme-prod',
  drift: 'in_sync',
  reportedVersion: '1.4.1',
  updatedAt: hoursAgo(24),
  ...extra,
});

/** The demo estate of support-triage: acme in three environments, globex in production. */
export const supportTriageDeployments = () => [
  deployment({
    environment: 'development',
    version: '1.5.0-rc.1',
    drift: 'unknown',
    reportedVersion: null,
  }),
  deployment({ environment: 'staging', version: '1.4.2' }),
  deployment({
    environment: 'production',
    version: '1.4.1',
    previousVersion: '1.4.0',
    drift: 'drifted',
    reportedVersion: '1.3.9',
  }),
  deployment({
    tenant: 'globex',
    environment: 'production',
    version: '1.4.1',
    drift: 'silent',
  }),
];

export const rule = (extra: Partial<Rule> = {}): Rule => ({
  id: newId(),
  name: 'green builds to staging',
  sourceEnvironment: 'development',
  targetEnvironment: 'staging',
  conditions: { allTestsPassed: true, minCodeCoverage: 80 },
  autoApprove: true,
  notify: ['group:default/team-agents'],
  active: true,
  createdBy: 'user:default/oscar',
  createdAt: hoursAgo(100),
  updatedAt: hoursAgo(100),
  ...extra,
});

export const policies = (): Policy[] => [
  {
    environment: 'staging',
    approvalsRequired: 1,
    approverGroups: [],
    expiresAfterHours: 72,
    updatedAt: hoursAgo(100),
  },
  {
    environment: 'production',
    approvalsRequired: 1,
    approverGroups: ['group:default/approvers'],
    expiresAfterHours: 72,
    updatedAt: hoursAgo(100),
  },
];

export const freeze = (extra: Partial<Freeze> = {}): Freeze => ({
  id: newId(),
  environment: 'production',
  tenant: null,
  target: null,
  reason: 'quarter-end close',
  source: 'maintenance',
  startsAt: hoursAgo(1),
  endsAt: hoursAgo(-5),
  createdBy: 'user:default/oscar',
  createdAt: hoursAgo(2),
  active: true,
  ...extra,
});

const notFound = () => errorResponse(404, 'NotFoundError', 'not found');
const fullRef = (target: string) =>
  target.includes('/') ? target : target.replace(':', ':default/');

/**
 * The promotions backend over in-memory requests, deployments, rules,
 * policies and freezes, through the real PromotionsClient: `respond`
 * answers a `"METHOD /path"` differently, `requests` are what the UI sent.
 * Decisions follow the state machine: the approval completing the quorum
 * applies the version to its deployment. As the real backend, only GET
 * /requests/{id} answers with decisions, freezes and `allowed`.
 */
export function fakePromotionsBackend(
  data: {
    requests?: PromotionRequest[];
    /** Ids the user may decide (`decidable=true`); default: those allowed to approve. */
    decidable?: string[];
    deployments?: Deployment[];
    rules?: Rule[];
    freezes?: Freeze[];
  } = {},
) {
  const requests = [...(data.requests ?? [])];
  const deployments = [...(data.deployments ?? supportTriageDeployments())];
  const rules = [...(data.rules ?? [rule()])];
  const policyList = policies();
  const freezes = [...(data.freezes ?? [])];
  const decidable = (r: PromotionRequest) =>
    ['requested', 'approved'].includes(r.status) &&
    (data.decidable ? data.decidable.includes(r.id) : !!r.allowed?.approve);

  const decide = (
    request: PromotionRequest,
    decision: Decision['decision'],
    comment?: string,
  ) => {
    request.decisions = [
      ...(request.decisions ?? []),
      {
        id: newId(),
        decision,
        actor: 'user:default/april',
        comment,
        at: new Date().toISOString(),
      },
    ];
  };

  const requestRoute = (
    request: PromotionRequest,
    action: string,
    body: any,
  ) => {
    if (action === 'approve') {
      request.approvals += 1;
      decide(request, 'approve', body.comment);
      request.status = 'approved';
      if (request.approvals >= request.approvalsRequired) {
        request.status = 'applied';
        decide(request, 'apply');
        const target = deployments.find(
          d =>
            d.target === request.target &&
            d.tenant === request.tenant &&
            d.environment === request.targetEnvironment,
        );
        if (target) target.version = request.version;
      }
    } else if (action === 'reject') {
      request.status = 'rejected';
      request.reason = body.reason;
      decide(request, 'reject', body.reason);
    } else if (action === 'withdraw') {
      request.status = 'withdrawn';
      decide(request, 'withdraw', body.reason);
    } else if (action === 'override') {
      request.override = {
        requestedBy: ME,
        reason: body.reason,
        requestedAt: new Date().toISOString(),
      };
      decide(request, 'override-request', body.reason);
    } else if (action === 'override/approve') {
      decide(request, 'override-approve', body.comment);
    } else {
      return notFound();
    }
    request.allowed = { ...NOTHING_ALLOWED };
    // Like the backend, a decision answers the request without its
    // decisions, freezes and `allowed` (GET /requests/{id} has them).
    const { decisions: _d, freezes: _f, allowed: _a, ...answer } = request;
    return json(answer);
  };

  const route = (call: FakeRequest): Response => {
    const { method, path, query, body } = call;
    if (method === 'GET' && path === '/requests') {
      const statuses = query.get('status')?.split(',');
      const target = query.get('target');
      const decidedSince = query.get('decidedSince');
      const limit = Number(query.get('limit') ?? 50);
      const items = requests.filter(
        r =>
          (!statuses || statuses.includes(r.status)) &&
          (!target || r.target === fullRef(target)) &&
          (query.get('mine') !== 'true' || r.requestedBy === ME) &&
          (query.get('decidable') !== 'true' || decidable(r)) &&
          (!decidedSince ||
            (!!r.decidedAt &&
              Date.parse(r.decidedAt) >= Date.parse(decidedSince))),
      );
      // Oldest first; decided since a time: the latest decided first.
      items.sort((a, b) =>
        decidedSince
          ? b.decidedAt!.localeCompare(a.decidedAt!)
          : a.requestedAt.localeCompare(b.requestedAt),
      );
      return json({
        items: items.slice(0, limit),
        ...(items.length > limit ? { nextCursor: 'next' } : {}),
      });
    }
    if (method === 'POST' && path === '/requests') {
      const { evidence, ...rest } = body;
      const created = promotionRequest({
        ...rest,
        target: fullRef(body.target),
        targetEnvironment:
          body.sourceEnvironment === 'development' ? 'staging' : 'production',
        changes: body.changes ?? [],
        evidence: evidence ?? {},
        requestedAt: new Date().toISOString(),
        allowed: { ...NOTHING_ALLOWED, withdraw: true },
      });
      requests.push(created);
      return json(created, 201);
    }
    const one = /^\/requests\/([^/]+)(?:\/(.+))?$/.exec(path);
    if (one) {
      const found = requests.find(r => r.id === one[1]);
      if (!found) return notFound();
      if (method === 'GET' && !one[2]) return json(found);
      if (method === 'POST' && one[2]) return requestRoute(found, one[2], body);
      return notFound();
    }
    if (method === 'GET' && path === '/deployments') {
      const target = query.get('target');
      return json({
        items: deployments.filter(d => !target || d.target === fullRef(target)),
      });
    }
    const rollback = /^\/deployments\/([^/]+)\/rollback$/.exec(path);
    if (method === 'POST' && rollback) {
      const found = deployments.find(d => d.id === rollback[1]);
      if (!found) return notFound();
      const created = promotionRequest({
        kind: 'rollback',
        target: found.target,
        tenant: found.tenant,
        sourceEnvironment: found.environment,
        targetEnvironment: found.environment,
        version: found.previousVersion!,
        previousVersion: found.version,
        reason: body.reason,
        changes: [],
        evidence: {},
        allowed: { ...NOTHING_ALLOWED, withdraw: true },
      });
      requests.push(created);
      return json(created, 201);
    }
    if (method === 'GET' && path === '/policies')
      return json({ items: policyList });
    const policy = /^\/policies\/([^/]+)$/.exec(path);
    if (method === 'PUT' && policy) {
      const index = policyList.findIndex(p => p.environment === policy[1]);
      policyList[index] = { ...policyList[index], ...body, updatedBy: ME };
      return json(policyList[index]);
    }
    if (method === 'GET' && path === '/rules') return json({ items: rules });
    if (method === 'POST' && path === '/rules') {
      const created = rule({ notify: [], active: true, ...body });
      rules.push(created);
      return json(created, 201);
    }
    const oneRule = /^\/rules\/([^/]+)$/.exec(path);
    if (method === 'PUT' && oneRule) {
      const index = rules.findIndex(r => r.id === oneRule[1]);
      if (index < 0) return notFound();
      rules[index] = { ...rules[index], notify: [], active: true, ...body };
      return json(rules[index]);
    }
    if (method === 'GET' && path === '/freezes') {
      const all = query.get('all') === 'true';
      return json({ items: freezes.filter(f => all || !f.liftedAt) });
    }
    if (method === 'POST' && path === '/freezes') {
      const created = freeze({
        ...body,
        tenant: body.tenant ?? null,
        target: body.target ?? null,
      });
      freezes.push(created);
      return json(created, 201);
    }
    const lift = /^\/freezes\/([^/]+)\/lift$/.exec(path);
    if (method === 'POST' && lift) {
      const found = freezes.find(f => f.id === lift[1]);
      if (!found) return notFound();
      Object.assign(found, {
        active: false,
        liftedAt: new Date().toISOString(),
        liftedBy: ME,
      });
      return json(found);
    }
    return notFound();
  };

  const backend = routedBackend('promotions', route);
  return {
    ...backend,
    api: new PromotionsClient(backend),
    promotionRequests: requests,
    deployments,
    rules,
    freezes,
  };
}

export type FakePromotionsBackend = ReturnType<typeof fakePromotionsBackend>;

/**
 * Renders with the real client on `backend`, the promotions route mounted
 * at `/promotions`, and `held` as the user's permissions (default: all).
 */
export async function renderPromotions(
  element: JSX.Element,
  options: {
    backend: FakePromotionsBackend;
    held?: string[];
    path?: string;
    mountPath?: string;
    extraApis?: Parameters<typeof renderWithApis>[1]['apis'];
  },
) {
  const access = fakePageAccess(options.held ?? ALL_PERMISSIONS);
  await renderWithApis(element, {
    apis: [
      [promotionsApiRef, options.backend.api],
      [pageAccessApiRef, access.api],
      ...(options.extraApis ?? []),
    ],
    initialRouteEntries: options.path ? [options.path] : undefined,
    mountPath: options.mountPath,
    mountedRoutes: { '/promotions': rootRouteRef },
  });
  return { access };
}

/**
 * Renders a home card's widget as the home page does (see renderPromotions):
 * the widget loads its content lazily, so the render waits for it, inside
 * act.
 */
export async function renderPromotionsWidget(
  widget: JSX.Element,
  options: Parameters<typeof renderPromotions>[1],
) {
  let rendered: Awaited<ReturnType<typeof renderPromotions>> | undefined;
  await act(async () => {
    rendered = await renderPromotions(widget, options);
    await new Promise(resolve => setTimeout(resolve));
  });
  return rendered!;
}

export { errorResponse };
