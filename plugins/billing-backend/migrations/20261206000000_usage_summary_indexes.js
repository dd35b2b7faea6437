// @ts-check

/**
 * Indexes for the platform summary over the hourly aggregates (millions of
 * rows at a thousand tenants):
 * - executions of every tenant in the last 24 hours and 7 days read a range
 *   of (type, hour), and the index holds the tenant and quantity they sum;
 * - every tenant's totals of a period group by tenant, type and model: the
 *   index on the period alone is replaced by one holding those columns and
 *   the quantity (it serves every query the old one served).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('billing_usage_hourly', table => {
    table.index(
      ['type', 'hour', 'tenant', 'quantity'],
      'billing_usage_hourly_type_idx',
    );
    table.index(
      ['period', 'tenant', 'type', 'model', 'quantity'],
      'billing_usage_hourly_totals_idx',
    );
  });
  await knex.schema.alterTable('billing_usage_hourly', table => {
    table.dropIndex(['period'], 'billing_usage_hourly_all_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The billing migrations are forward-only');
};
