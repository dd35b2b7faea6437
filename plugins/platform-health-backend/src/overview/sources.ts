import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { fetchFromPlugin } from '@controlplane/backend-common';

/**
 * What the overview reads of each plugin's `GET /platform-summary` (the
 * plugins' contracts have the full shapes). Every per-tenant list holds all
 * tenants: the overview filters them for tenant-scoped callers.
 */
export interface SourceSummaries {
  tenants?: {
    tenants: Array<{
      tenant: string;
      displayName: string;
      plan: string;
      status: string;
      lastSessionAt: string | null;
      sessions7d: number;
      sessions30d: number;
    }>;
    impersonations: { active: number; last24h: number };
  };
  apps?: {
    tenants: Array<{
      tenant: string;
      requests24h: number;
      failed24h: number;
      rateLimited24h: number;
      credentialFailures7d: number;
      failingCredentials7d: number;
      lastFailureAt: string | null;
    }>;
  };
  billing?: {
    currency: string;
    mrr: number;
    planDistribution: Array<{ plan: string; tenants: number }>;
    tenants: Array<{
      tenant: string;
      plan: string;
      executions24h: number;
      executions7d: number;
      lastUsageAt: string | null;
      overQuota: string[];
      overBudget: boolean;
    }>;
  };
  audit?: {
    adminActions24h: number;
    adminActionsByTenant24h: Array<{ tenant: string; count: number }>;
    recentAdminActivity: Array<{
      id: string;
      timestamp: string;
      actorId?: string;
      action: string;
      resourceType?: string;
      resourceId?: string;
      tenant?: string;
      outcome: string;
    }>;
  };
  incidents?: {
    open: number;
    bySeverity: Record<string, number>;
    byTenant: Array<{
      tenant: string | null;
      open: number;
      bySeverity: Record<string, number>;
    }>;
    queue: Array<{
      id: string;
      title: string;
      severity: string;
      priority: string;
      status: string;
      tenant: string | null;
      openedAt: string;
      updatedAt: string;
    }>;
  };
  promotions?: {
    tenants: Array<{
      tenant: string;
      drifted: number;
      silent: number;
      detections24h: number;
      detections7d: number;
      environments7d: number;
      lastDetectedAt: string | null;
    }>;
  };
}

/** The plugins that offer a summary, in the order the overview shows them. */
export const SUMMARY_PLUGINS = [
  'tenants',
  'apps',
  'billing',
  'audit',
  'incidents',
  'promotions',
] as const;

/** One scheduled task of a plugin, as Backstage's scheduler reports it. */
export interface ScheduledTaskState {
  plugin: string;
  taskId: string;
  /** `running`, `idle`, or null before its first run on a global task. */
  status: string | null;
  lastRunEndedAt: string | null;
  lastRunError: string | null;
  startsAt: string | null;
}

/** Everything the overview is computed from, cached as one value. */
export interface SourceBundle {
  loadedAt: string;
  summaries: SourceSummaries;
  tasks: ScheduledTaskState[];
  /** Installed plugins whose summary or tasks could not be read, and why. */
  unavailable: Array<{ plugin: string; reason: string }>;
}

interface SchedulerTasksResponse {
  tasks: Array<{
    taskId: string;
    pluginId: string;
    taskState: {
      status?: string;
      lastRunEndedAt?: string;
      lastRunError?: string;
      startsAt?: string;
    } | null;
  }>;
}

/**
 * Reads every installed plugin's summary and scheduled tasks: one request
 * per plugin and kind, all in parallel, never one per tenant. A plugin that
 * is not installed is left out; one that fails is named in `unavailable`.
 */
export class PlatformSources {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      instanceMetadata: RootInstanceMetadataService;
    },
  ) {}

  async load(): Promise<SourceBundle> {
    const installed = new Set(
      (await this.deps.instanceMetadata.getInstalledPlugins()).map(
        plugin => plugin.pluginId,
      ),
    );
    const unavailable: SourceBundle['unavailable'] = [];
    const note = (plugin: string, error: unknown) => {
      unavailable.push({ plugin, reason: String(error) });
      this.deps.logger.warn(`Platform overview: ${plugin}: ${error}`);
    };
    const summaries: SourceSummaries = {};
    const tasks: ScheduledTaskState[] = [];
    await Promise.all([
      ...SUMMARY_PLUGINS.filter(plugin => installed.has(plugin)).map(
        async plugin => {
          try {
            summaries[plugin] = (await readPluginJson(
              this.deps,
              plugin,
              '/platform-summary',
            )) as never;
          } catch (error) {
            note(plugin, error);
          }
        },
      ),
      ...[...installed].map(async plugin => {
        try {
          // A plugin that never used the scheduler has no task API (404).
          const body = (await readPluginJson(
            this.deps,
            plugin,
            '/.backstage/scheduler/v1/tasks',
            {
              missingAs: { tasks: [] },
            },
          )) as SchedulerTasksResponse;
          for (const task of body.tasks ?? []) {
            tasks.push({
              plugin,
              taskId: task.taskId,
              status: task.taskState?.status ?? null,
              lastRunEndedAt: task.taskState?.lastRunEndedAt ?? null,
              lastRunError: task.taskState?.lastRunError ?? null,
              startsAt: task.taskState?.startsAt ?? null,
            });
          }
        } catch (error) {
          note(plugin, error);
        }
      }),
    ]);
    tasks.sort(
      (a, b) =>
        a.plugin.localeCompare(b.plugin) || a.taskId.localeCompare(b.taskId),
    );
    unavailable.sort((a, b) => a.plugin.localeCompare(b.plugin));
    return {
      loadedAt: new Date().toISOString(),
      summaries,
      tasks,
      unavailable,
    };
  }
}

/**
 * Another plugin's JSON answer with this plugin's service credentials. A
 * plugin without the API answers 404, or (the app plugin, which serves the
 * frontend for every unknown path) a web page: `missingAs` then, when given;
 * any other failure throws.
 */
export async function readPluginJson(
  deps: { discovery: DiscoveryService; auth: AuthService },
  plugin: string,
  path: string,
  options: { missingAs?: unknown } = {},
): Promise<unknown> {
  const response = await fetchFromPlugin(deps, plugin, path, {
    timeoutMs: 5_000,
  });
  const json = /^application\/json\b/.test(
    response.headers.get('content-type') ?? '',
  );
  if (options.missingAs && (response.status === 404 || !json)) {
    return options.missingAs;
  }
  if (!response.ok || !json) {
    throw new Error(`${path} answered ${response.status}`);
  }
  return response.json();
}
