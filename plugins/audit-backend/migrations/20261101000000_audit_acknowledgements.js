// @ts-check

/**
 * Acknowledgements of known broken ranges of the chain: who, when, why, and
 * an Ed25519 signature of the checkpoint signer over all of it. Append-only
 * like the events: nothing is ever changed or deleted.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPg = knex.client.config.client === 'pg';

  await knex.schema.createTable('audit_acknowledgements', table => {
    table.string('id', 36).primary();
    table.bigInteger('from_seq').notNullable();
    table.bigInteger('to_seq').notNullable();
    table.text('reason').notNullable();
    table.string('acknowledged_by', 255).notNullable();
    // ISO text, signed as is: no round trip through a timestamp type.
    table.string('acknowledged_at', 32).notNullable();
    // What the broken records looked like when acknowledged.
    table.string('range_digest', 64).notNullable();
    table.text('signature').notNullable();
    table.string('key_id', 64).notNullable();
    table.text('public_key').notNullable();
    table.index(['from_seq'], 'audit_acknowledgements_from_idx');
  });

  if (isPg) {
    await knex.raw(`
      CREATE FUNCTION audit_acknowledgements_guard() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit_acknowledgements is append-only: % refused', TG_OP;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER audit_acknowledgements_immutable
      BEFORE UPDATE OR DELETE ON audit_acknowledgements
      FOR EACH ROW EXECUTE FUNCTION audit_acknowledgements_guard()`);
  } else {
    await knex.raw(`
      CREATE TRIGGER audit_acknowledgements_no_update BEFORE UPDATE ON audit_acknowledgements
      BEGIN SELECT RAISE(ABORT, 'audit_acknowledgements is append-only: UPDATE refused'); END`);
    await knex.raw(`
      CREATE TRIGGER audit_acknowledgements_no_delete BEFORE DELETE ON audit_acknowledgements
      BEGIN SELECT RAISE(ABORT, 'audit_acknowledgements is append-only: DELETE refused'); END`);
  }
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The audit migrations are forward-only');
};
