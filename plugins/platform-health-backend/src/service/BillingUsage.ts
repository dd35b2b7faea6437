import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { readPluginJson } from '../overview/sources';

/** Billable executions and tokens of one hour. */
export interface UsageHour {
  /** The hour's start, ISO 8601 UTC. */
  hour: string;
  executions: number;
  tokens: number;
}

/**
 * Reads executions and tokens per hour from the billing plugin
 * (`GET /platform-usage`, for this plugin only), for the executive metrics.
 * Answers null when billing is not installed or does not answer, so the
 * request metrics still show.
 */
export class BillingUsage {
  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      instanceMetadata: RootInstanceMetadataService;
    },
  ) {}

  /**
   * The hours since `from`, over every tenant or over `tenants` (an empty
   * list: none, without asking).
   */
  async hoursSince(
    from: Date,
    tenants?: string[],
  ): Promise<UsageHour[] | null> {
    if (tenants?.length === 0) return [];
    const installed = await this.deps.instanceMetadata.getInstalledPlugins();
    if (!installed.some(plugin => plugin.pluginId === 'billing')) return null;
    const query = new URLSearchParams({ from: from.toISOString() });
    for (const tenant of tenants ?? []) query.append('tenant', tenant);
    try {
      const answer = (await readPluginJson(
        this.deps,
        'billing',
        `/platform-usage?${query}`,
      )) as { hours: UsageHour[] };
      return answer.hours;
    } catch (error) {
      this.deps.logger.warn(`Executive metrics: billing: ${error}`);
      return null;
    }
  }
}
