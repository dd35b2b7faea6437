// @ts-check

/**
 * Decisions are immutable records: the database itself refuses to change or
 * delete one (on PostgreSQL also TRUNCATE), whatever code runs.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION promotion_decisions_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'promotion_decisions is append-only: % refused', TG_OP;
      END;
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER promotion_decisions_immutable
        BEFORE UPDATE OR DELETE ON promotion_decisions
        FOR EACH ROW EXECUTE FUNCTION promotion_decisions_append_only();
      CREATE TRIGGER promotion_decisions_no_truncate
        BEFORE TRUNCATE ON promotion_decisions
        FOR EACH STATEMENT EXECUTE FUNCTION promotion_decisions_append_only();
    `);
    return;
  }
  await knex.raw(`
    CREATE TRIGGER promotion_decisions_no_update BEFORE UPDATE ON promotion_decisions
    BEGIN
      SELECT RAISE(ABORT, 'promotion_decisions is append-only: UPDATE refused');
    END;
  `);
  await knex.raw(`
    CREATE TRIGGER promotion_decisions_no_delete BEFORE DELETE ON promotion_decisions
    BEGIN
      SELECT RAISE(ABORT, 'promotion_decisions is append-only: DELETE refused');
    END;
  `);
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The promotions migrations are forward-only');
};
