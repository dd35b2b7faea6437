// @ts-check

/**
 * Request metrics per hour, rolled up from the minutes (which are kept 48
 * hours) for the longer periods of the executive metrics (90 days), with
 * the watermark up to which the minutes were rolled up.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('request_metrics_hourly', table => {
    table.string('hour', 24).notNullable();
    table.string('plugin', 63).notNullable();
    table.string('route', 300).notNullable();
    table.string('status_class', 3).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('app', 255).notNullable();
    table.bigInteger('count').notNullable();
    table.double('duration_sum_ms').notNullable();
    for (let bucket = 0; bucket <= 13; bucket++) {
      table.bigInteger(`b${bucket}`).notNullable().defaultTo(0);
    }
    table.primary(
      ['hour', 'plugin', 'route', 'status_class', 'tenant', 'app'],
      'request_metrics_hourly_pk',
    );
    table.index(['tenant', 'hour'], 'request_metrics_hourly_tenant_idx');
  });
  await knex.schema.createTable('request_metrics_rollup', table => {
    // One row: the minutes before `rolled_until` are in the hourly table.
    table.integer('id').primary();
    table.string('rolled_until', 24).notNullable();
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
