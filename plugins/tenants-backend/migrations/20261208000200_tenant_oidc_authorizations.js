// @ts-check

/**
 * The OpenID Connect authorization server of tenant sign-in: pending
 * authorization requests, each completed at most once with one
 * authorization code (single use, a minute), and the client a session was
 * issued to (its refresh token then works for that client only). Request
 * ids and codes are kept as SHA-256 only; the tokens waiting for the
 * code's exchange are encrypted with tenants.secretKey.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_oidc_authorizations', table => {
    table.string('id_hash', 64).primary();
    table.string('client_id', 100).notNullable();
    table.text('redirect_uri').notNullable();
    table.string('scope', 500).notNullable();
    table.string('state', 500).nullable();
    table.string('nonce', 500).nullable();
    table.string('code_challenge', 128).nullable();
    table.string('tenant_hint', 100).nullable();
    table.string('login_hint', 320).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('code_hash', 64).nullable().unique();
    table.string('session_id', 36).nullable();
    table.text('tokens_encrypted').nullable();
    table.timestamp('auth_time', { useTz: true }).nullable();
    table.timestamp('code_expires_at', { useTz: true }).nullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.index(['expires_at'], 'tenant_oidc_auth_expires_idx');
  });
  await knex.schema.alterTable('tenant_sessions', table => {
    table.string('client_id', 100).nullable();
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
