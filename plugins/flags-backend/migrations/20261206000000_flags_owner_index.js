// @ts-check

/**
 * "My flags" lists flags by owner, compared without regard to case (entity
 * refs): an index on the lower-cased owner, the expression the list query
 * uses (PostgreSQL and SQLite both index expressions).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw('CREATE INDEX flags_owner_idx ON flags (LOWER(owner))');
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The flags migrations are forward-only');
};
