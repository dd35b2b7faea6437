import {
  AuthService,
  DiscoveryService,
  LoggerService,
  SchedulerServiceTaskRunner,
} from '@backstage/backend-plugin-api';
import {
  ANNOTATION_LOCATION,
  ANNOTATION_ORIGIN_LOCATION,
  Entity,
} from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

const REQUEST_TIMEOUT_MS = 10_000;

/**
 * Brings the entities a portal plugin owns into the catalog, so that plugin
 * is their only source: the apps plugin's App entities, the promotions
 * plugin's Deployment entities. Reads the plugin's `GET /entities` (service
 * credentials) on a schedule, and sooner when asked (`refresh()` after the
 * plugin announces a change), and replaces the whole set. When the plugin is
 * not installed or cannot be reached, the catalog keeps what it has and the
 * failure is logged once.
 */
export class PluginEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastFailure?: string;

  constructor(
    private readonly deps: {
      /** The plugin that owns the entities, e.g. `apps`. */
      pluginId: string;
      /** What the plugin's entities are, for log lines: `App entities`. */
      entitiesName: string;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return `controlplane-${this.deps.pluginId}`;
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    await this.deps.taskRunner.run({
      id: `${this.getProviderName()}:refresh`,
      fn: () => this.refresh(),
    });
  }

  /** One full synchronisation; never throws, so the schedule keeps going. */
  async refresh(): Promise<void> {
    if (!this.connection) return;
    try {
      const { pluginId } = this.deps;
      const baseUrl = await this.deps.discovery.getBaseUrl(pluginId);
      const url = `${baseUrl}/entities`;
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: pluginId,
      });
      const response = await fetch(url, {
        headers: { authorization: `Bearer ${token}` },
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
      if (!response.ok) {
        throw new Error(`GET ${url} answered ${response.status}`);
      }
      const { entities } = (await response.json()) as { entities: Entity[] };
      await this.connection.applyMutation({
        type: 'full',
        entities: entities.map(entity => ({
          entity: withLocation(entity, url),
          locationKey: this.getProviderName(),
        })),
      });
      if (this.lastFailure) {
        this.deps.logger.info(`The ${pluginId} plugin answers again`);
      }
      this.lastFailure = undefined;
    } catch (error) {
      const message = String(error);
      if (message !== this.lastFailure) {
        this.deps.logger.warn(
          `Could not read the ${this.deps.entitiesName} of the ${this.deps.pluginId} plugin, the catalog keeps them as they are: ${message}`,
        );
      }
      this.lastFailure = message;
    }
  }
}

function withLocation(entity: Entity, url: string): Entity {
  const location = `url:${url}`;
  return {
    ...entity,
    metadata: {
      ...entity.metadata,
      annotations: {
        ...entity.metadata.annotations,
        [ANNOTATION_LOCATION]: location,
        [ANNOTATION_ORIGIN_LOCATION]: location,
      },
    },
  };
}
