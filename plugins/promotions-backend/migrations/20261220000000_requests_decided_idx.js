// @ts-check

/**
 * The requests decided since a time, the latest first (`GET /requests`
 * with `decidedSince`: an approver's "decided today"), read by an index on
 * the decision time.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.alterTable('promotion_requests', table => {
    table.index(['decided_at', 'id'], 'promotion_requests_decided_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The promotions migrations are forward-only');
};
