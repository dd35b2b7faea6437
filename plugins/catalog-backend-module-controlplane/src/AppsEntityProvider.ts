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
 * Brings the apps registered in the apps plugin into the catalog as App
 * entities, so the apps plugin is their only source. Reads the apps plugin's
 * `GET /entities` (service credentials) on a schedule and replaces the whole
 * set. When the apps plugin is not installed or cannot be reached, the
 * catalog keeps what it has and the failure is logged.
 */
export class AppsEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private lastFailure?: string;

  constructor(
    private readonly deps: {
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
      taskRunner: SchedulerServiceTaskRunner;
    },
  ) {}

  getProviderName(): string {
    return 'controlplane-apps';
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
      const baseUrl = await this.deps.discovery.getBaseUrl('apps');
      const url = `${baseUrl}/entities`;
      const { token } = await this.deps.auth.getPluginRequestToken({
        onBehalfOf: await this.deps.auth.getOwnServiceCredentials(),
        targetPluginId: 'apps',
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
        this.deps.logger.info('The apps plugin answers again');
      }
      this.lastFailure = undefined;
    } catch (error) {
      const message = String(error);
      if (message !== this.lastFailure) {
        this.deps.logger.warn(
          `Could not read the apps from the apps plugin, the catalog keeps its App entities as they are: ${message}`,
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
