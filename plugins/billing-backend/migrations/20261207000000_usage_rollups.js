// @ts-check

/**
 * Running totals kept at ingestion, so the summaries of every tenant read a
 * row per tenant and key instead of every hourly aggregate:
 * - `billing_usage_totals`: per period, tenant, type and model (what a
 *   period's totals, costs and budgets need);
 * - `billing_usage_daily`: per type, UTC day and tenant (what the 24-hour and
 *   7-day figures need, with the hourly aggregates for the partial days at
 *   a window's start).
 * Both are filled from the hourly aggregates that exist.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('billing_usage_totals', table => {
    table.string('period', 7).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('type', 40).notNullable();
    table.string('model', 100).notNullable();
    table.double('quantity').notNullable();
    table.bigInteger('events').notNullable();
    table.primary(['period', 'tenant', 'type', 'model']);
  });
  await knex.schema.createTable('billing_usage_daily', table => {
    table.string('type', 40).notNullable();
    // Midnight UTC of the day the events occurred.
    table.timestamp('day', { useTz: true }).notNullable();
    table.string('tenant', 63).notNullable();
    table.double('quantity').notNullable();
    table.bigInteger('events').notNullable();
    table.primary(['type', 'day', 'tenant']);
  });

  await knex.raw(
    `INSERT INTO billing_usage_totals (period, tenant, type, model, quantity, events)
     SELECT period, tenant, type, model, sum(quantity), sum(events)
     FROM billing_usage_hourly GROUP BY period, tenant, type, model`,
  );
  const day =
    knex.client.config.client === 'pg'
      ? `date_trunc('day', hour, 'UTC')`
      : `substr(hour, 1, 10) || 'T00:00:00.000Z'`;
  await knex.raw(
    `INSERT INTO billing_usage_daily (type, day, tenant, quantity, events)
     SELECT type, ${day}, tenant, sum(quantity), sum(events)
     FROM billing_usage_hourly GROUP BY type, ${day}, tenant`,
  );
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The billing migrations are forward-only');
};
