// @ts-check

/**
 * The platform summary's session activity per tenant: the sessions of the
 * last 30 days are a range of (created_at, tenant_id), and a tenant's
 * newest session is one step back on (tenant_id, created_at), instead of
 * grouping every session ever created.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenant_sessions', table => {
    table.index(['created_at', 'tenant_id'], 'tenant_ses_created_idx');
    table.index(['tenant_id', 'created_at'], 'tenant_ses_tenant_created_idx');
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
