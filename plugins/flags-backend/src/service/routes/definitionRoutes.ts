import { BackstageCredentials } from '@backstage/backend-plugin-api';
import {
  actorRef,
  AnyRequest,
  limitOf,
  ResourceAuthorizer,
  TenantResource,
} from '@controlplane/backend-common';
import {
  Environment,
  flagsFlagCreatePermission,
  flagsFlagKillPermission,
  flagsFlagReadPermission,
  flagsFlagUpdatePermission,
  flagsTenantReadPermission,
  flagsTenantResourceType,
  flagsTenantUpdatePermission,
  Lifecycle,
  parseValueTarget,
  ValueInput,
} from '@controlplane/plugin-flags-common';
import { FlagsService } from '../FlagsService';
import { FlagHistory } from '../FlagHistory';
import { FlagsStores } from '../../database/stores';
import { SchedulesService } from '../SchedulesService';
import { FLAG_AUDIT_RESOURCE_TYPE, FlagsRouter, RouteHelpers } from './types';

export type TenantAuthorizer = ResourceAuthorizer<
  TenantResource,
  typeof flagsTenantResourceType
>;

/**
 * The operators' routes on flag definitions, values, the kill switch,
 * schedules, metrics and history.
 */
export function definitionRoutes(
  router: FlagsRouter,
  deps: {
    helpers: RouteHelpers;
    tenantAuthorizer: TenantAuthorizer;
    flags: FlagsService;
    schedules: SchedulesService;
    history: FlagHistory;
    stores: FlagsStores;
  },
) {
  const { helpers, tenantAuthorizer, flags, schedules } = deps;
  const { authorizeBasic, audited } = helpers;

  /** Which tenants' overrides the caller may see. */
  async function tenantVisibility(credentials: BackstageCredentials) {
    const access = await tenantAuthorizer.resourceAccess(
      credentials,
      flagsTenantReadPermission,
    );
    return (tenant: string) => access.allowed && access.isAllowed({ tenant });
  }

  const flagMeta = (key: string, extra: Record<string, string> = {}) => ({
    resourceType: FLAG_AUDIT_RESOURCE_TYPE,
    resourceId: key,
    ...extra,
  });

  router.get('/flags', async (req, res) => {
    await authorizeBasic(req, flagsFlagReadPermission);
    res.json(
      await flags.list({
        search: req.query.search || undefined,
        tag: req.query.tag,
        lifecycles: (req.query.lifecycle as Lifecycle[] | undefined)?.length
          ? (req.query.lifecycle as Lifecycle[])
          : ['active', 'deprecated'],
        stale:
          req.query.stale === undefined
            ? undefined
            : req.query.stale === 'true',
        owners: req.query.owner?.map(owner => owner.trim()),
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
      }),
    );
  });

  router.post('/flags', async (req, res) => {
    const flag = await audited(
      req,
      {
        eventId: 'flag-create',
        severityLevel: 'medium',
        meta: flagMeta(req.body.key),
      },
      async () => {
        const credentials = await authorizeBasic(
          req,
          flagsFlagCreatePermission,
        );
        return flags.create(req.body, actorRef(credentials));
      },
    );
    res.status(201).json(flag);
  });

  router.get('/flags/:key', async (req, res) => {
    const credentials = await authorizeBasic(req, flagsFlagReadPermission);
    res.json(
      await flags.get(req.params.key, await tenantVisibility(credentials)),
    );
  });

  router.patch('/flags/:key', async (req, res) => {
    const flag = await audited(
      req,
      {
        eventId: 'flag-update',
        severityLevel: req.body.lifecycle === 'archived' ? 'high' : 'medium',
        meta: flagMeta(req.params.key),
      },
      async () => {
        await authorizeBasic(req, flagsFlagUpdatePermission);
        return flags.update(req.params.key, req.body);
      },
    );
    res.json(flag);
  });

  /**
   * A value change: environment defaults and plan values need
   * flags.flag.update, a tenant's override flags.tenant.update on the tenant.
   */
  async function valueChange(
    req: AnyRequest,
    params: { key: string; environment: Environment; target: string },
    input: ValueInput | undefined,
    reason: string | undefined,
  ) {
    const target = parseValueTarget(params.target);
    await audited(
      req,
      {
        eventId: input ? 'flag-value-set' : 'flag-value-clear',
        severityLevel: params.environment === 'production' ? 'high' : 'medium',
        meta: flagMeta(params.key, {
          environment: params.environment,
          target: params.target,
          ...(target.layer === 'tenant' ? { tenant: target.tenant } : {}),
        }),
      },
      async () => {
        let credentials: BackstageCredentials;
        if (target.layer === 'tenant') {
          credentials = await helpers.credentialsOf(req);
          await tenantAuthorizer.assertAllowed(
            credentials,
            flagsTenantUpdatePermission,
            { tenant: target.tenant },
          );
        } else {
          credentials = await authorizeBasic(req, flagsFlagUpdatePermission);
        }
        return flags.setValue(
          params.key,
          params.environment,
          target,
          input,
          actorRef(credentials),
          reason,
        );
      },
    );
    const credentials = await helpers.credentialsOf(req);
    return flags.get(params.key, await tenantVisibility(credentials));
  }

  router.put('/flags/:key/values/:environment/:target', async (req, res) => {
    res.json(await valueChange(req, req.params, req.body, req.body.reason));
  });

  router.delete('/flags/:key/values/:environment/:target', async (req, res) => {
    res.json(await valueChange(req, req.params, undefined, req.query.reason));
  });

  router.put('/flags/:key/kill-switch', async (req, res) => {
    const flag = await audited(
      req,
      {
        eventId: req.body.enabled ? 'flag-kill' : 'flag-unkill',
        severityLevel: 'critical',
        meta: flagMeta(req.params.key),
      },
      async () => {
        await authorizeBasic(req, flagsFlagKillPermission);
        return flags.setKillSwitch(
          req.params.key,
          req.body.enabled,
          req.body.reason,
        );
      },
    );
    res.json(flag);
  });

  router.get('/flags/:key/schedules', async (req, res) => {
    await authorizeBasic(req, flagsFlagReadPermission);
    await flags.definition(req.params.key);
    res.json({ items: await schedules.list(req.params.key) });
  });

  router.post('/flags/:key/schedules', async (req, res) => {
    const schedule = await audited(
      req,
      {
        eventId: 'flag-schedule-create',
        severityLevel: 'medium',
        meta: flagMeta(req.params.key),
      },
      async () => {
        const credentials = await authorizeBasic(
          req,
          req.body.change.kind === 'kill-switch'
            ? flagsFlagKillPermission
            : flagsFlagUpdatePermission,
        );
        const change = req.body.change;
        if (
          change.kind !== 'kill-switch' &&
          change.target?.startsWith('tenant:')
        ) {
          await tenantAuthorizer.assertAllowed(
            credentials,
            flagsTenantUpdatePermission,
            { tenant: change.target.slice('tenant:'.length) },
          );
        }
        return schedules.schedule(
          req.params.key,
          req.body,
          actorRef(credentials),
        );
      },
    );
    res.status(201).json(schedule);
  });

  router.delete('/flags/:key/schedules/:id', async (req, res) => {
    const schedule = await audited(
      req,
      {
        eventId: 'flag-schedule-cancel',
        severityLevel: 'medium',
        meta: flagMeta(req.params.key),
      },
      async () => {
        await authorizeBasic(req, flagsFlagUpdatePermission);
        return schedules.cancel(req.params.key, req.params.id);
      },
    );
    res.json(schedule);
  });

  router.get('/flags/:key/metrics', async (req, res) => {
    await authorizeBasic(req, flagsFlagReadPermission);
    await flags.definition(req.params.key);
    const hours = req.query.hours ? Number(req.query.hours) : 168;
    const from = new Date(Date.now() - hours * 3_600_000);
    from.setUTCMinutes(0, 0, 0);
    const buckets = await deps.stores.metrics.ofFlag(
      req.params.key,
      from.toISOString(),
      5000,
    );
    res.json({
      key: req.params.key,
      from: from.toISOString(),
      total: buckets.reduce((sum, bucket) => sum + bucket.count, 0),
      buckets: buckets.map(({ flagKey, ...bucket }) => bucket),
    });
  });

  router.get('/flags/:key/history', async (req, res) => {
    await authorizeBasic(req, flagsFlagReadPermission);
    await flags.definition(req.params.key);
    res.json(
      await deps.history.page(req.params.key, {
        limit: limitOf(req.query.limit),
        cursor: req.query.cursor,
      }),
    );
  });
}
