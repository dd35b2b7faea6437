// @ts-check

/**
 * The budget alerts of the last hours (the operators' home page) are a
 * range of crossed_at, not a scan of every alert ever fired.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('billing_budget_alerts', table => {
    table.index(['crossed_at', 'tenant'], 'billing_budget_alerts_crossed_idx');
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
