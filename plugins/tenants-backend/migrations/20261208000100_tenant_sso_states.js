// @ts-check

/**
 * Pending SSO sign-ins (FR-AUTH-001 OIDC): what the callback needs to
 * finish the code flow the portal started with the tenant's identity
 * provider. Each is used once and expires after ten minutes; only the
 * state's SHA-256 is the key.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenant_sso_states', table => {
    table.string('state_hash', 64).primary();
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants')
      .onDelete('CASCADE');
    // Checked against the id token's nonce claim.
    table.string('nonce', 128).notNullable();
    // The PKCE verifier, sent with the code.
    table.string('code_verifier', 128).notNullable();
    // The pending OIDC authorization request of the portal, if any.
    table.text('authorization_request').nullable();
    table.string('ip', 64).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.index(['expires_at'], 'tenant_sso_states_expires_idx');
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
