// @ts-check

/**
 * A tenant's newest users (the user summary of its owners' home page) are
 * one step back on (tenant_id, created_at, id) instead of a sort of every
 * user of the tenant.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenant_users', table => {
    table.index(['tenant_id', 'created_at', 'id'], 'tenant_users_created_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The tenants migrations are forward-only');
};
