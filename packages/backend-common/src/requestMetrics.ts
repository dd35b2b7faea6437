import {
  createServiceFactory,
  createServiceRef,
} from '@backstage/backend-plugin-api';
import { Histogram, metrics } from '@opentelemetry/api';
import type { NextFunction, Request, Response } from 'express';
import { getAppPrincipal } from './requestPrincipal';

/**
 * Upper bounds (ms) of the duration buckets of request metrics; a last
 * bucket holds the slower requests. Fixed, so counts of several instances
 * add up column by column.
 */
export const REQUEST_DURATION_BUCKETS_MS = [
  5, 10, 25, 50, 75, 100, 250, 500, 750, 1000, 2500, 5000, 10000,
] as const;

/** The requests of one minute with the same plugin, route, status class, tenant and app. */
export interface RequestRollup {
  /** The minute, ISO 8601 UTC (seconds zero). */
  minute: string;
  /** The plugin id whose router answered. */
  plugin: string;
  /** `GET /incidents/:id`, the route template, or `GET (unmatched)`. */
  route: string;
  /** `2xx`, `3xx`, `4xx`, `5xx`, or `429` (rate limited, not in `4xx`). */
  statusClass: string;
  /** The tenant where the request names one; empty otherwise. */
  tenant: string;
  /** The calling app's name; empty for other callers. */
  app: string;
  /** Requests counted. */
  count: number;
  /** Their durations added up, in milliseconds. */
  durationSumMs: number;
  /** Counts per {@link REQUEST_DURATION_BUCKETS_MS} bucket, plus one for slower. */
  buckets: number[];
}

/** One finished request, as the metrics count it. */
export interface RequestSample {
  /** When it finished, epoch milliseconds. */
  at: number;
  /** The plugin id whose router answered. */
  plugin: string;
  /** The route template, see {@link RequestRollup.route}. */
  route: string;
  /** The HTTP status answered. */
  status: number;
  /** How long it took, in milliseconds. */
  durationMs: number;
  /** The tenant it concerns, where known. */
  tenant?: string;
  /** The calling app's name, where an app called. */
  app?: string;
}

/** The request metrics of one backend instance, kept per minute in memory. */
export interface RequestMetricsService {
  /** Counts one finished request of a plugin. */
  record(sample: RequestSample): void;
  /**
   * Removes and returns the rollups of finished minutes (all minutes with
   * `all`, e.g. at shutdown); the caller stores them.
   */
  drain(options?: { all?: boolean; now?: number }): RequestRollup[];
  /**
   * Puts drained rollups back (their store failed), added to what arrived
   * since; minutes older than a quarter of an hour are dropped.
   */
  restore(rollups: RequestRollup[]): void;
  /** Middleware for a plugin's router that records each of its requests. */
  middleware(
    pluginId: string,
  ): (req: Request, res: Response, next: NextFunction) => void;
}

/** Keys one minute may hold before new tenants and apps count as unknown. */
const MAX_KEYS_PER_MINUTE = 20_000;

const MINUTE_MS = 60_000;

/** Minutes kept when nobody drains them. */
const KEPT_UNDRAINED_MINUTES = 15;

function keyOf(group: {
  plugin: string;
  route: string;
  statusClass: string;
  tenant: string;
  app: string;
}): string {
  return [
    group.plugin,
    group.route,
    group.statusClass,
    group.tenant,
    group.app,
  ].join('\u0000');
}

function bucketOf(durationMs: number): number {
  const index = REQUEST_DURATION_BUCKETS_MS.findIndex(
    bound => durationMs <= bound,
  );
  return index === -1 ? REQUEST_DURATION_BUCKETS_MS.length : index;
}

/**
 * In-memory rollups per minute; `record` costs one map lookup. The
 * platform-health plugin drains them into the database every minute, where
 * the rows of all instances add up.
 */
export class RequestMetrics implements RequestMetricsService {
  readonly #minutes = new Map<number, Map<string, RequestRollup>>();
  /**
   * The same requests for Prometheus, through OpenTelemetry's meter (a
   * no-op unless instrumentation.js started the SDK): per plugin, route
   * template and status class, which the Express instrumentation would give
   * at many times the cost.
   */
  readonly #histogram: Histogram = metrics
    .getMeter('@controlplane/backend-common')
    .createHistogram('portal.plugin.request.duration', {
      description: 'Duration of the requests each plugin answered',
      unit: 's',
      advice: {
        explicitBucketBoundaries: REQUEST_DURATION_BUCKETS_MS.map(
          bound => bound / 1000,
        ),
      },
    });

  /** Counts one finished request of a plugin. */
  record(sample: RequestSample): void {
    const minuteStart = sample.at - (sample.at % MINUTE_MS);
    let rollups = this.#minutes.get(minuteStart);
    if (!rollups) {
      rollups = new Map();
      this.#minutes.set(minuteStart, rollups);
      this.#forgetUndrained(minuteStart);
    }
    // 429 apart from the other client errors: rate limiting is a signal.
    const statusClass =
      sample.status === 429
        ? '429'
        : `${Math.min(5, Math.max(1, Math.floor(sample.status / 100)))}xx`;

    let tenant = sample.tenant ?? '';
    let app = sample.app ?? '';
    let key = keyOf({ ...sample, statusClass, tenant, app });
    let rollup = rollups.get(key);
    if (!rollup && rollups.size >= MAX_KEYS_PER_MINUTE) {
      // Bounded memory whatever callers send: the rest count without
      // tenant and app.
      tenant = '';
      app = '';
      key = keyOf({ ...sample, statusClass, tenant, app });
      rollup = rollups.get(key);
    }
    if (!rollup) {
      rollup = {
        minute: new Date(minuteStart).toISOString(),
        plugin: sample.plugin,
        route: sample.route,
        statusClass,
        tenant,
        app,
        count: 0,
        durationSumMs: 0,
        buckets: new Array(REQUEST_DURATION_BUCKETS_MS.length + 1).fill(0),
      };
      rollups.set(key, rollup);
    }
    this.#histogram.record(sample.durationMs / 1000, {
      plugin: sample.plugin,
      route: sample.route,
      status_class: statusClass,
    });
    rollup.count += 1;
    rollup.durationSumMs += sample.durationMs;
    rollup.buckets[bucketOf(sample.durationMs)] += 1;
  }

  // Without the platform-health plugin nobody drains: memory stays bounded.
  #forgetUndrained(newest: number) {
    for (const minuteStart of this.#minutes.keys()) {
      if (minuteStart < newest - KEPT_UNDRAINED_MINUTES * MINUTE_MS) {
        this.#minutes.delete(minuteStart);
      }
    }
  }

  /** Removes and returns the rollups of finished minutes (all with `all`). */
  drain(options: { all?: boolean; now?: number } = {}): RequestRollup[] {
    const now = options.now ?? Date.now();
    const current = now - (now % MINUTE_MS);
    const drained: RequestRollup[] = [];
    for (const [minuteStart, rollups] of this.#minutes) {
      if (!options.all && minuteStart >= current) continue;
      drained.push(...rollups.values());
      this.#minutes.delete(minuteStart);
    }
    return drained;
  }

  /** Puts drained rollups back, added to what arrived since. */
  restore(rollups: RequestRollup[]): void {
    for (const rollup of rollups) {
      const minuteStart = Date.parse(rollup.minute);
      let minute = this.#minutes.get(minuteStart);
      if (!minute) {
        minute = new Map();
        this.#minutes.set(minuteStart, minute);
      }
      const key = keyOf(rollup);
      const kept = minute.get(key);
      if (!kept) {
        minute.set(key, { ...rollup, buckets: [...rollup.buckets] });
        continue;
      }
      kept.count += rollup.count;
      kept.durationSumMs += rollup.durationSumMs;
      rollup.buckets.forEach((count, index) => {
        kept.buckets[index] += count;
      });
    }
    const newest = Math.max(...this.#minutes.keys());
    if (Number.isFinite(newest)) this.#forgetUndrained(newest);
  }

  /** Middleware for a plugin's router that records each of its requests. */
  middleware(pluginId: string) {
    return (req: Request, res: Response, next: NextFunction) => {
      const started = process.hrtime.bigint();
      res.once('finish', () => {
        const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
        this.record({
          at: Date.now(),
          plugin: pluginId,
          route: routeTemplate(req, pluginId),
          status: res.statusCode,
          durationMs,
          ...callerFacts(req, res.statusCode),
        });
      });
      next();
    };
  }
}

/**
 * `METHOD /template` of the route that answered, relative to the plugin's
 * base path (`/api/<pluginId>`); `METHOD (unmatched)` when no route did, so
 * arbitrary paths cannot add rows.
 */
function routeTemplate(req: Request, pluginId: string): string {
  const route = (req.route as { path?: unknown } | undefined)?.path;
  if (typeof route !== 'string') return `${req.method} (unmatched)`;
  const base = `/api/${pluginId}`;
  const mount = req.baseUrl.startsWith(base)
    ? req.baseUrl.slice(base.length)
    : req.baseUrl;
  return `${req.method} ${mount}${route}`;
}

const TENANT_NAME = /^[a-z0-9][a-z0-9-]{0,62}$/;

/**
 * The tenant and app a request is about, where known: the app's tenant when
 * its credential serves exactly one, else a `:tenant` route parameter of an
 * answered request (a refused one could name anything).
 */
function callerFacts(
  req: Request,
  status: number,
): { tenant?: string; app?: string } {
  const app = getAppPrincipal(req);
  const param = (req.params as Record<string, unknown> | undefined)?.tenant;
  let tenant: string | undefined;
  if (app?.tenants.length === 1) tenant = app.tenants[0];
  else if (
    status < 400 &&
    typeof param === 'string' &&
    TENANT_NAME.test(param)
  ) {
    tenant = param;
  }
  return { tenant, app: app?.appName };
}

/**
 * The request metrics of this backend instance (root scope: one per
 * process). The portal's plugin HTTP router records every plugin request
 * in it; the platform-health plugin stores its rollups.
 */
export const requestMetricsServiceRef = createServiceRef<RequestMetricsService>(
  {
    id: 'controlplane.request-metrics',
    scope: 'root',
    defaultFactory: async service =>
      createServiceFactory({
        service,
        deps: {},
        factory: () => new RequestMetrics(),
      }),
  },
);
