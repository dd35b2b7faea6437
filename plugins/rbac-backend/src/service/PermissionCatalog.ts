import {
  AuthService,
  DiscoveryService,
  LoggerService,
  RootInstanceMetadataService,
} from '@backstage/backend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Permission } from '@backstage/plugin-permission-common';
import { PERMISSION_DESCRIPTIONS_PATH } from '@controlplane/backend-common';
import { OWNER_RULE, PermissionInfo } from '@controlplane/plugin-rbac-common';

/**
 * Descriptions of the permissions of Backstage's own plugins. The portal's
 * plugins serve theirs (see servePermissionDescriptions).
 */
const BACKSTAGE_PERMISSION_DESCRIPTIONS: Record<string, string> = {
  'catalog.entity.read': 'See catalog entities',
  'catalog.entity.create': 'Register entities in the catalog',
  'catalog.entity.refresh': 'Ask the catalog to refresh an entity',
  'catalog.entity.delete': 'Unregister entities from the catalog',
  'catalog.entity.validate': 'Validate entity definitions',
  'catalog.location.read': 'See catalog locations',
  'catalog.location.create': 'Add catalog locations',
  'catalog.location.delete': 'Remove catalog locations',
  'catalog.location.analyze': 'Analyze a location before registering it',
  'catalog.ingestion.read': 'See the state of catalog ingestion',
  'catalog.ingestion.manage': 'Manage catalog ingestion',
  'scaffolder.template.parameter.read': 'See the parameters of templates',
  'scaffolder.template.step.read': 'See the steps of templates',
  'scaffolder.action.execute': 'Run scaffolder actions',
  'scaffolder.task.create': 'Run software templates',
  'scaffolder.task.read': 'See scaffolder tasks and their logs',
  'scaffolder.task.cancel': 'Cancel running scaffolder tasks',
  'scaffolder.template.management': 'Manage software templates',
  'scaffolder.template.dry-run': 'Dry-run software templates',
  'search.query.read': 'Search the portal',
};

const CACHE_TTL_MS = 30_000;
const METADATA_PATH = '/.well-known/backstage/permissions/metadata';

function describe(
  served: Record<string, string>,
  name: string,
  pluginId: string,
  action?: string,
): string {
  return (
    served[name] ??
    BACKSTAGE_PERMISSION_DESCRIPTIONS[name] ??
    `${action ?? name} (${pluginId})`
  );
}

/**
 * Every permission registered by every installed plugin, read from each
 * plugin's permission metadata endpoint and cached for a short while.
 */
export class PermissionCatalog {
  #cached?: { expiresAt: number; items: Promise<PermissionInfo[]> };

  constructor(
    private readonly deps: {
      instanceMetadata: RootInstanceMetadataService;
      discovery: DiscoveryService;
      auth: AuthService;
      logger: LoggerService;
    },
  ) {}

  async list(): Promise<PermissionInfo[]> {
    if (!this.#cached || this.#cached.expiresAt < Date.now()) {
      const items = this.#load();
      this.#cached = { expiresAt: Date.now() + CACHE_TTL_MS, items };
      // A failed load must not stay cached.
      items.catch(() => {
        this.#cached = undefined;
      });
    }
    return this.#cached.items;
  }

  async #load(): Promise<PermissionInfo[]> {
    const plugins = await this.deps.instanceMetadata.getInstalledPlugins();
    const perPlugin = await Promise.all(
      plugins.map(({ pluginId }) =>
        this.#loadPlugin(pluginId).catch(error => {
          // One broken plugin should not hide every other plugin's permissions.
          this.deps.logger.warn(
            `Could not read the permissions of plugin ${pluginId}: ${error}`,
          );
          return [];
        }),
      ),
    );
    const byName = new Map<string, PermissionInfo>();
    for (const info of perPlugin.flat()) {
      if (!byName.has(info.name)) byName.set(info.name, info);
    }
    return [...byName.values()].sort((a, b) => a.name.localeCompare(b.name));
  }

  async #loadPlugin(pluginId: string): Promise<PermissionInfo[]> {
    const [metadata, served] = await Promise.all([
      this.#fetchJson<{
        permissions?: Permission[];
        rules?: { name: string; resourceType: string }[];
      }>(pluginId, METADATA_PATH),
      this.#fetchJson<{ descriptions?: Record<string, string> }>(
        pluginId,
        PERMISSION_DESCRIPTIONS_PATH,
      ),
    ]);
    const descriptions = served?.descriptions ?? {};
    // Resource types on which this plugin can apply the owner rule.
    const ownable = new Set(
      (metadata?.rules ?? [])
        .filter(rule => rule.name === OWNER_RULE)
        .map(rule => rule.resourceType),
    );
    return (metadata?.permissions ?? []).map(permission => ({
      name: permission.name,
      pluginId,
      type: permission.type,
      ...(permission.type === 'resource'
        ? { resourceType: permission.resourceType }
        : {}),
      ...(permission.type === 'resource' && ownable.has(permission.resourceType)
        ? { ownable: true }
        : {}),
      ...(permission.attributes.action
        ? { action: permission.attributes.action }
        : {}),
      description: describe(
        descriptions,
        permission.name,
        pluginId,
        permission.attributes.action,
      ),
    }));
  }

  /** GETs a plugin's endpoint as a service; undefined when it has none. */
  async #fetchJson<T>(pluginId: string, path: string): Promise<T | undefined> {
    const { auth, discovery } = this.deps;
    const baseUrl = await discovery.getBaseUrl(pluginId);
    const { token } = await auth.getPluginRequestToken({
      onBehalfOf: await auth.getOwnServiceCredentials(),
      targetPluginId: pluginId,
    });
    const response = await fetch(`${baseUrl}${path}`, {
      headers: { Authorization: `Bearer ${token}` },
    });
    // Plugins that register no permissions do not serve these endpoints.
    if (response.status === 404) return undefined;
    if (!response.ok) throw await ResponseError.fromResponse(response);
    return (await response.json()) as T;
  }
}
