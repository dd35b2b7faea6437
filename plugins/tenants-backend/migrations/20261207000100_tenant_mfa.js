// @ts-check

/**
 * Second factors of tenant users (issue 18): TOTP with recovery codes, the
 * challenges between a good password and the second factor, and the
 * devices a user signed in from (a new one asks for the second factor).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_user_totp', table => {
    table.string('user_id', 36).primary();
    // Encrypted with tenants.secretKey, bound to the user.
    table.text('secret_encrypted').notNullable();
    // Null until a first code proved the authenticator has the secret.
    table.timestamp('confirmed_at', { useTz: true }).nullable();
    // The newest time step used: a code is accepted once.
    table.bigInteger('last_step').nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  // Single-use codes for a lost authenticator; only their SHA-256 is kept.
  await knex.schema.createTable('tenant_recovery_codes', table => {
    table.string('user_id', 36).notNullable();
    table.string('code_hash', 64).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
    table.primary(['user_id', 'code_hash']);
  });

  // A good password waiting for its second factor (or for the enrolment
  // the organization requires); the token's SHA-256 is the key.
  await knex.schema.createTable('tenant_mfa_challenges', table => {
    table.string('token_hash', 64).primary();
    table.string('user_id', 36).notNullable();
    // verify or enroll.
    table.string('purpose', 16).notNullable();
    table.string('ip_address', 64).nullable();
    table.string('user_agent', 512).nullable();
    table.integer('attempts').notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('used_at', { useTz: true }).nullable();
  });

  // Where a user signed in with both factors: network and browser, hashed.
  await knex.schema.createTable('tenant_known_devices', table => {
    table.string('user_id', 36).notNullable();
    table.string('device_hash', 64).notNullable();
    table.timestamp('last_seen_at', { useTz: true }).notNullable();
    table.primary(['user_id', 'device_hash']);
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
