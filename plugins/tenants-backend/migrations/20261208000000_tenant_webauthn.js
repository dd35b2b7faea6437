// @ts-check

/**
 * Passkeys (WebAuthn) as a second factor of tenant users (NFR-SEC-003):
 * the registered credentials, and the challenges handed to the browser,
 * each used once and expiring.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_webauthn_credentials', table => {
    // The credential id, base64url (at most 1023 bytes raw).
    table.string('id', 1400).primary();
    table
      .string('user_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenant_users')
      .onDelete('CASCADE');
    // The COSE public key, base64url.
    table.text('public_key').notNullable();
    // The signature counter: one that does not grow reveals a cloned key.
    table.bigInteger('counter').notNullable();
    // Comma-separated hints for the browser (usb, internal, hybrid, ...).
    table.string('transports', 200).nullable();
    table.string('name', 100).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('last_used_at', { useTz: true }).nullable();
    table.index(['user_id'], 'tenant_webauthn_cred_user_idx');
  });

  // A challenge handed out with registration or authentication options;
  // deleted when answered, so each is used once.
  await knex.schema.createTable('tenant_webauthn_challenges', table => {
    table.string('challenge', 128).primary();
    table
      .string('user_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenant_users')
      .onDelete('CASCADE');
    // register or authenticate.
    table.string('purpose', 16).notNullable();
    // The sign-in challenge it belongs to; null for a signed-in user.
    table.string('mfa_token_hash', 64).nullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['user_id', 'purpose'], 'tenant_webauthn_chal_user_idx');
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
