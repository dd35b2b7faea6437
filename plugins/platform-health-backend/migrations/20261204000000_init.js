// @ts-check

/**
 * Request metrics per minute: what every backend instance counted, added
 * up (the key is the minute and the group; instances add to the same row).
 * Minutes are ISO 8601 UTC strings, so they compare the same way on SQLite
 * and PostgreSQL. Later changes go into new, later-dated files next to this
 * one; a released migration is never edited.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('request_metrics', table => {
    table.string('minute', 24).notNullable();
    table.string('plugin', 63).notNullable();
    table.string('route', 300).notNullable();
    table.string('status_class', 3).notNullable();
    // Empty when the request named no tenant or came from no app.
    table.string('tenant', 63).notNullable();
    table.string('app', 255).notNullable();
    table.bigInteger('count').notNullable();
    table.double('duration_sum_ms').notNullable();
    // Counts per duration bucket (REQUEST_DURATION_BUCKETS_MS, then slower).
    for (let bucket = 0; bucket <= 13; bucket++) {
      table.bigInteger(`b${bucket}`).notNullable().defaultTo(0);
    }
    table.primary(
      ['minute', 'plugin', 'route', 'status_class', 'tenant', 'app'],
      'request_metrics_pk',
    );
    // Tenant-scoped readers: tenant IN (...) over a window.
    table.index(['tenant', 'minute'], 'request_metrics_tenant_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The platform-health migrations are forward-only');
};
