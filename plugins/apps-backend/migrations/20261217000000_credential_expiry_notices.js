// @ts-check

/**
 * The notices sent about credentials expiring soon: one row per credential
 * and expiry, written before the notice is sent (the primary key decides
 * which backend instance sends it), so a restart or a second instance does
 * not tell the owners again. A partial index serves the daily check, which
 * reads only credentials with an expiry that are not revoked.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('app_credential_expiry_notices', table => {
    table
      .string('credential_id', 36)
      .notNullable()
      .references('id')
      .inTable('app_credentials')
      .onDelete('CASCADE');
    // The expiry the notice was about (ISO 8601 UTC, as every time here).
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('notified_at', { useTz: true }).notNullable();
    table.primary(
      ['credential_id', 'expires_at'],
      'app_cred_expiry_notices_pk',
    );
  });
  await knex.raw(
    'CREATE INDEX app_cred_expiring_idx ON app_credentials (expires_at, id) WHERE revoked_at IS NULL AND expires_at IS NOT NULL',
  );
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The apps migrations are forward-only');
};
