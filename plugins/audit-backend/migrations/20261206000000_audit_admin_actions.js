// @ts-check

/**
 * Privileged actions of people (actor type `user`, severity `high` or
 * `critical`) that are not purged, by time: the platform dashboard counts
 * those of the last 24 hours and lists the latest ones. A partial index
 * holds only these few records, so both read a short range of it instead
 * of every record of the day (`audit_events_timestamp_idx`) or, for the
 * latest ones, the whole retained trail. The queries repeat the predicate
 * with the same literals, so SQLite uses the index too.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.raw(`
    CREATE INDEX audit_events_admin_actions_idx ON audit_events ("timestamp", seq)
    WHERE actor_type = 'user' AND severity IN ('high', 'critical')
      AND purged_at IS NULL`);
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The audit migrations are forward-only');
};
