// @ts-check

/**
 * Sign-in of tenant users (issue 18): passwords, the refresh tokens of
 * sessions, the throttle of failed attempts and the keys that sign access
 * tokens.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('tenant_users', table => {
    // argon2id PHC string; null until the user sets a password.
    table.text('password_hash').nullable();
    table.timestamp('password_changed_at', { useTz: true }).nullable();
  });

  // Earlier password hashes of a user, for the policy's history count.
  await knex.schema.createTable('tenant_password_history', table => {
    table.bigIncrements('id').primary();
    table.string('user_id', 36).notNullable();
    table.text('password_hash').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['user_id', 'created_at'], 'tenant_pwd_history_user_idx');
  });

  await knex.schema.alterTable('tenant_sessions', table => {
    // The user's role when the session began: a refresh after a change of
    // role is refused.
    table.string('role', 16).nullable();
    // password, sso or impersonation.
    table.string('auth_method', 16).nullable();
    table.string('ip_address', 64).nullable();
    table.string('user_agent', 512).nullable();
    table.timestamp('refreshed_at', { useTz: true }).nullable();
  });

  // Refresh tokens a session had before its current one (the session's
  // token_hash): presenting one again is reuse, and revokes the session.
  await knex.schema.createTable('tenant_rotated_refresh_tokens', table => {
    table.string('token_hash', 64).primary();
    table.string('session_id', 36).notNullable();
    table.timestamp('rotated_at', { useTz: true }).notNullable();
    table.index(['session_id'], 'tenant_rotated_tokens_session_idx');
  });

  // Failed sign-ins per account (`account:<user id>`) and per address
  // (`ip:<address>`): a backoff after a few, a lockout after more.
  await knex.schema.createTable('tenant_signin_throttle', table => {
    table.string('key', 400).primary();
    table.integer('failures').notNullable();
    table.timestamp('first_failure_at', { useTz: true }).notNullable();
    table.timestamp('blocked_until', { useTz: true }).nullable();
  });

  // Keys that sign access tokens; private keys encrypted with
  // tenants.secretKey. Published in the JWKS from creation until retired.
  await knex.schema.createTable('tenant_signing_keys', table => {
    table.string('kid', 64).primary();
    table.string('alg', 16).notNullable();
    table.text('public_jwk').notNullable();
    table.text('private_jwk_encrypted').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    // Signs from then on (published a while before, so caches know it).
    table.timestamp('active_from', { useTz: true }).notNullable();
    // Left out of the JWKS from then on; deleted later.
    table.timestamp('retire_at', { useTz: true }).nullable();
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
