// @ts-check

/**
 * The incidents plugin's tables: incidents and tickets, their timelines
 * (append-only), and maintenance windows with their overrides.
 *
 * Timestamps are written as ISO 8601 UTC strings, so they compare the same
 * way on SQLite and PostgreSQL. Later changes go into new, later-dated files
 * next to this one; a released migration is never edited.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('incidents', table => {
    table.string('id', 36).primary();
    table.string('title', 200).notNullable();
    table.text('description').nullable();
    table.string('severity', 4).notNullable();
    table.string('priority', 10).notNullable();
    table.string('category', 20).notNullable();
    table.string('status', 20).notNullable();
    // The tenant the ticket belongs to (tenant scoping); null: the platform's.
    table.string('tenant', 63).nullable();
    table.text('affected_tenants').notNullable();
    table.text('entities').notNullable();
    table.string('reporter', 255).notNullable();
    table.string('assignee', 255).nullable();
    table.string('commander', 255).nullable();
    table.text('watchers').notNullable();
    table.string('source', 20).notNullable();
    table.string('signal_key', 300).nullable();
    // The signal key while the ticket is not closed, null after: one open
    // automatic ticket per key, decided by the unique index.
    table.string('open_signal_key', 300).nullable().unique();
    table.integer('signal_count').notNullable().defaultTo(0);
    table.timestamp('last_signal_at', { useTz: true }).nullable();
    table.timestamp('opened_at', { useTz: true }).notNullable();
    table.timestamp('acknowledged_at', { useTz: true }).nullable();
    table.timestamp('resolved_at', { useTz: true }).nullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(['opened_at', 'id'], 'incidents_age_idx');
    table.index(['status', 'severity'], 'incidents_status_idx');
    table.index(['tenant', 'opened_at'], 'incidents_tenant_idx');
    table.index(['assignee', 'status'], 'incidents_assignee_idx');
  });
  // The entities of each incident, for "incidents of this agent" lists.
  await knex.schema.createTable('incident_entities', table => {
    table
      .string('incident_id', 36)
      .notNullable()
      .references('id')
      .inTable('incidents');
    table.string('entity_ref', 200).notNullable();
    table.primary(['incident_id', 'entity_ref']);
    table.index(['entity_ref'], 'incident_entities_ref_idx');
  });

  await knex.schema.createTable('incident_timeline', table => {
    table.string('id', 36).primary();
    table
      .string('incident_id', 36)
      .notNullable()
      .references('id')
      .inTable('incidents');
    table.integer('seq').notNullable();
    table.string('kind', 30).notNullable();
    table.string('actor', 255).notNullable();
    table.text('summary').notNullable();
    table.text('details').nullable();
    table.timestamp('at', { useTz: true }).notNullable();
    table.unique(['incident_id', 'seq'], {
      indexName: 'incident_timeline_seq_uq',
    });
  });

  await knex.schema.createTable('maintenance_windows', table => {
    table.string('id', 36).primary();
    table.string('title', 200).notNullable();
    table.text('description').nullable();
    table.string('environment', 20).notNullable();
    table.string('tenant', 63).nullable();
    table.text('operations').notNullable();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('cancelled_at', { useTz: true }).nullable();
    table.string('cancelled_by', 255).nullable();
    table.index(['environment', 'ends_at'], 'maintenance_env_idx');
  });
  await knex.schema.createTable('maintenance_overrides', table => {
    table.string('id', 36).primary();
    table
      .string('window_id', 36)
      .notNullable()
      .references('id')
      .inTable('maintenance_windows');
    table.string('operation', 20).notNullable();
    table.text('reason').notNullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.string('approved_by', 255).nullable();
    table.timestamp('approved_at', { useTz: true }).nullable();
    // One override per window and operation.
    table.unique(['window_id', 'operation'], {
      indexName: 'maintenance_overrides_op_uq',
    });
  });

  // The timeline is a record: the database refuses to change it.
  if (knex.client.config.client === 'pg') {
    await knex.raw(`
      CREATE FUNCTION incident_timeline_append_only() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'incident_timeline is append-only: % refused', TG_OP;
      END;
      $$ LANGUAGE plpgsql;
      CREATE TRIGGER incident_timeline_immutable
        BEFORE UPDATE OR DELETE ON incident_timeline
        FOR EACH ROW EXECUTE FUNCTION incident_timeline_append_only();
    `);
  } else {
    await knex.raw(`
      CREATE TRIGGER incident_timeline_no_update BEFORE UPDATE ON incident_timeline
      BEGIN SELECT RAISE(ABORT, 'incident_timeline is append-only: UPDATE refused'); END;
    `);
    await knex.raw(`
      CREATE TRIGGER incident_timeline_no_delete BEFORE DELETE ON incident_timeline
      BEGIN SELECT RAISE(ABORT, 'incident_timeline is append-only: DELETE refused'); END;
    `);
  }
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The incidents migrations are forward-only');
};
