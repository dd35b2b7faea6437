// @ts-check

/**
 * Password reset by e-mail (FR-AUTH-004): single-use tokens, of which only
 * the SHA-256 is kept, each expiring.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_password_resets', table => {
    table.string('token_hash', 64).primary();
    table.string('user_id', 36).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.index(['user_id', 'created_at'], 'tenant_pwd_resets_user_idx');
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
