import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockServices } from '@backstage/backend-test-utils';
import { Knex } from 'knex';

/**
 * A database service giving each plugin of a test backend its own database,
 * as in a real deployment (plugins share migration table names, so one
 * database for all of them does not work).
 */
export function perPluginDatabases(knexByPlugin: Record<string, Knex>) {
  return createServiceFactory({
    service: coreServices.database,
    deps: { pluginMetadata: coreServices.pluginMetadata },
    factory({ pluginMetadata }) {
      const pluginId = pluginMetadata.getId();
      const knex = knexByPlugin[pluginId];
      if (!knex) {
        throw new Error(`No test database for plugin '${pluginId}'`);
      }
      return mockServices.database({ knex });
    },
  });
}
