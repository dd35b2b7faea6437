// @ts-check

/**
 * "My apps" on a developer's home page lists the apps owned by the user or
 * their groups: owner refs compare lower-cased (as the owner rule does), so
 * the index is on LOWER(owner). (Their credentials expiring soon are a
 * range of app_cred_expiring_idx.)
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('CREATE INDEX apps_owner_lower_idx ON apps (LOWER(owner))');
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The apps migrations are forward-only');
};
