// @ts-check

/**
 * The platform summary's last failure of each credential over 90 days reads
 * only the hours with failures: a partial index holds just those (a small
 * part of all hours), so it does not walk 90 days of every credential's
 * calls.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(
    'CREATE INDEX app_cred_usage_failures_idx ON app_credential_usage (credential_id, hour) WHERE failed > 0',
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
