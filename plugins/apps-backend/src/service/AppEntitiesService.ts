import { AppEntity, ManagedApp } from '@controlplane/plugin-apps-common';
import { AppsStores } from '../database/stores';

/** An app as a catalog entity of kind `App`. */
export function toAppEntity(app: ManagedApp): AppEntity {
  return {
    apiVersion: 'controlplane.io/v1alpha1',
    kind: 'App',
    metadata: {
      name: app.name,
      ...(app.title ? { title: app.title } : {}),
      ...(app.description ? { description: app.description } : {}),
      annotations: {
        'controlplane.io/app-id': app.id,
        'controlplane.io/app-status': app.status,
        'controlplane.io/environment': app.environment,
        // The App kind's spec admits no more fields: the tenants served
        // are an annotation. The catalog's tenant rule reads one tenant
        // (`controlplane.io/tenant`); an app serving several belongs to
        // none of them alone, as in the apps plugin's own permissions.
        'controlplane.io/tenants': app.tenants.join(','),
        ...(app.tenants.length === 1
          ? { 'controlplane.io/tenant': app.tenants[0] }
          : {}),
      },
    },
    spec: {
      type: 'service',
      owner: app.owner,
      lifecycle:
        app.environment === 'production' ? 'production' : 'experimental',
      system: 'controlplane',
    },
  };
}

/**
 * The apps as catalog entities, for the catalog's entity provider (the apps
 * plugin is their only source).
 */
export class AppEntitiesService {
  constructor(private readonly stores: AppsStores) {}

  /** Every app as a catalog `App` entity. */
  async entities(): Promise<AppEntity[]> {
    return (await this.stores.apps.allApps()).map(toAppEntity);
  }
}
