// @ts-check

/**
 * Usage by hour across credentials (the platform summary's windows of the
 * last 24 hours, 7 and 90 days) reads a range of hours: an index on the
 * hour keeps it from scanning every row ever reported.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('app_credential_usage', table => {
    table.index(['hour'], 'app_cred_usage_hour_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The apps migrations are forward-only');
};
