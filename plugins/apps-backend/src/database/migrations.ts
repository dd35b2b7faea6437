import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@controlplane/plugin-apps-backend',
  'migrations',
);

/** Runs the plugin's migrations on a knex client (startup, tests). */
export async function migrateAppsDatabase(knex: Knex): Promise<void> {
  await knex.migrate.latest({ directory: migrationsDir });
}
