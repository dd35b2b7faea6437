// @ts-check

/**
 * Managed applications, the tenants they serve, their rate limit rules,
 * their credentials, usage per credential, the tenants whose access is
 * blocked (suspended or offboarded) and the snapshot revision.
 *
 * Timestamps are written as ISO 8601 UTC strings, so they compare the same
 * way on SQLite and PostgreSQL. Secrets are never stored: only their keyed
 * hashes (HMAC-SHA256, hex).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('apps', table => {
    table.string('id', 36).primary();
    table.string('name', 63).notNullable().unique('apps_name_uq');
    table.string('title', 200).nullable();
    table.text('description').nullable();
    table.string('environment', 16).notNullable();
    table.string('owner', 255).notNullable();
    table.string('status', 16).notNullable();
    table.text('disabled_reason').nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // The list pages by name, optionally filtered by status.
    table.index(['status', 'name'], 'apps_status_name_idx');
  });

  await knex.schema.createTable('app_tenants', table => {
    table
      .string('app_id', 36)
      .notNullable()
      .references('id')
      .inTable('apps')
      .onDelete('CASCADE');
    table.string('tenant', 63).notNullable();
    table.primary(['app_id', 'tenant'], 'app_tenants_pk');
    // The tenant filter of the list and the permission subqueries.
    table.index(['tenant', 'app_id'], 'app_tenants_tenant_idx');
  });

  await knex.schema.createTable('app_rate_limits', table => {
    table
      .string('app_id', 36)
      .notNullable()
      .references('id')
      .inTable('apps')
      .onDelete('CASCADE');
    table.string('route_pattern', 255).notNullable();
    table.integer('limit_per_minute').notNullable();
    table.integer('burst').notNullable();
    table.primary(['app_id', 'route_pattern'], 'app_rate_limits_pk');
  });

  await knex.schema.createTable('app_credentials', table => {
    table.string('id', 36).primary();
    table
      .string('app_id', 36)
      .notNullable()
      .references('id')
      .inTable('apps')
      .onDelete('CASCADE');
    table.string('name', 200).notNullable();
    table.string('client_id', 32).notNullable().unique('app_cred_client_uq');
    table.string('secret_hash', 64).notNullable();
    // The secret before the last rotation, working until previous_valid_until.
    table.string('previous_secret_hash', 64).nullable();
    table.timestamp('previous_valid_until', { useTz: true }).nullable();
    table.text('scopes').notNullable(); // JSON array
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).nullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoked_by', 255).nullable();
    table.timestamp('rotated_at', { useTz: true }).nullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    // Lists page newest first, overall or per app.
    table.index(['created_at', 'id'], 'app_cred_created_idx');
    table.index(['app_id', 'created_at', 'id'], 'app_cred_app_idx');
    table.index(['revoked_at'], 'app_cred_revoked_idx');
  });

  await knex.schema.createTable('app_credential_usage', table => {
    table
      .string('credential_id', 36)
      .notNullable()
      .references('id')
      .inTable('app_credentials')
      .onDelete('CASCADE');
    table.timestamp('hour', { useTz: true }).notNullable();
    table.string('endpoint', 255).notNullable();
    table.bigInteger('successful').notNullable().defaultTo(0);
    table.bigInteger('failed').notNullable().defaultTo(0);
    table.bigInteger('rate_limited').notNullable().defaultTo(0);
    table.primary(['credential_id', 'hour', 'endpoint'], 'app_cred_usage_pk');
  });

  // Tenants that are suspended or offboarded (from the tenants plugin's
  // events): no snapshot credential reaches them.
  await knex.schema.createTable('app_blocked_tenants', table => {
    table.string('tenant', 63).primary();
    table.string('status', 16).notNullable();
    table.timestamp('changed_at', { useTz: true }).notNullable();
  });

  // One row: bumped in the same transaction as every change that affects
  // the credential snapshot; the snapshot's ETag.
  await knex.schema.createTable('apps_snapshot_revision', table => {
    table.integer('id').primary();
    table.bigInteger('revision').notNullable();
  });
  await knex('apps_snapshot_revision').insert({ id: 1, revision: 1 });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The apps migrations are forward-only');
};
