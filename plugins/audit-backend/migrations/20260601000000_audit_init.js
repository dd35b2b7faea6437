// @ts-check

/**
 * The audit trail: append-only events in one hash chain, the head of the
 * chain (a single row that also serializes writers), signed checkpoints, and
 * the triggers that refuse UPDATE and DELETE except in a retention purge.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  const isPg = knex.client.config.client === 'pg';

  await knex.schema.createTable('audit_events', table => {
    // Assigned under the head lock: increasing, no gaps at write time.
    table.bigInteger('seq').primary();
    table.string('id', 36).notNullable().unique('audit_events_id_uq');
    table.string('source', 255).notNullable();
    table.string('event_id', 255).nullable();
    table.timestamp('timestamp', { useTz: true }).notNullable();
    // Nullable: a retention purge removes the content and keeps the chain.
    table.text('actor_id').nullable();
    table.string('actor_type', 16).notNullable();
    table.string('action', 255).notNullable();
    table.string('resource_type', 255).nullable();
    table.text('resource_id').nullable();
    table.string('tenant', 255).nullable();
    table.string('outcome', 16).notNullable();
    table.string('severity', 16).notNullable();
    table.text('metadata').nullable();
    table.string('ip', 255).nullable();
    table.text('user_agent').nullable();
    table.string('request_id', 255).nullable();
    table.string('metadata_hash', 64).notNullable();
    table.string('content_hash', 64).notNullable();
    table.string('prev_hash', 64).notNullable();
    table.string('hash', 64).notNullable();
    table.timestamp('purged_at', { useTz: true }).nullable();

    // Idempotent ingestion: a retry of (source, event_id) is recorded once.
    table.unique(['source', 'event_id'], {
      indexName: 'audit_events_source_event_uq',
    });
    // One index per filter, ending in seq for the keyset pagination.
    table.index(['actor_id', 'seq'], 'audit_events_actor_idx');
    table.index(['action', 'seq'], 'audit_events_action_idx');
    table.index(
      ['resource_type', 'resource_id', 'seq'],
      'audit_events_resource_idx',
    );
    table.index(['tenant', 'seq'], 'audit_events_tenant_idx');
    table.index(['outcome', 'seq'], 'audit_events_outcome_idx');
    table.index(['severity', 'seq'], 'audit_events_severity_idx');
    table.index(['timestamp'], 'audit_events_timestamp_idx');
  });
  // Retained (not purged) records in seq order: every list, export and
  // the purge's "first retained record" walk this partial index, which also
  // gives the planner the seq order without a sort on stale statistics.
  await knex.raw(
    'CREATE INDEX audit_events_retained_idx ON audit_events (seq) WHERE purged_at IS NULL',
  );

  // A single row (id 1): the last link of the chain and the anchor the
  // retained part starts from. Locked FOR UPDATE by every append.
  await knex.schema.createTable('audit_head', table => {
    table.integer('id').primary();
    table.bigInteger('last_seq').notNullable();
    table.string('last_hash', 64).notNullable();
    table.bigInteger('base_seq').notNullable();
    table.string('base_hash', 64).notNullable();
  });
  const genesis = '0'.repeat(64);
  await knex('audit_head').insert({
    id: 1,
    last_seq: 0,
    last_hash: genesis,
    base_seq: 0,
    base_hash: genesis,
  });

  await knex.schema.createTable('audit_checkpoints', table => {
    table.bigInteger('seq').primary();
    table.string('hash', 64).notNullable();
    table.text('signature').notNullable();
    table.string('key_id', 64).notNullable();
    table.text('public_key').notNullable();
    // `interval` every N records, `purge` at a retention cut.
    table.string('kind', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
  });

  // SQLite only: a row here lets the purge transaction pass the triggers.
  await knex.schema.createTable('audit_purge_permit', table => {
    table.integer('id').primary();
  });

  if (isPg) {
    await knex.raw(`
      CREATE FUNCTION audit_events_guard() RETURNS trigger AS $$
      BEGIN
        IF TG_OP = 'TRUNCATE' OR
           coalesce(current_setting('audit.purge', true), '') <> 'on' THEN
          RAISE EXCEPTION 'audit_events is append-only: % refused', TG_OP;
        END IF;
        IF TG_OP = 'UPDATE' AND (NEW.seq <> OLD.seq OR NEW.id <> OLD.id
            OR NEW.hash <> OLD.hash OR NEW.prev_hash <> OLD.prev_hash
            OR NEW.content_hash <> OLD.content_hash) THEN
          RAISE EXCEPTION 'an audit purge removes content, it never changes the chain';
        END IF;
        IF TG_OP = 'DELETE' THEN
          RETURN OLD;
        END IF;
        RETURN NEW;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER audit_events_immutable
      BEFORE UPDATE OR DELETE ON audit_events
      FOR EACH ROW EXECUTE FUNCTION audit_events_guard()`);
    await knex.raw(`
      CREATE TRIGGER audit_events_no_truncate
      BEFORE TRUNCATE ON audit_events
      FOR EACH STATEMENT EXECUTE FUNCTION audit_events_guard()`);
    await knex.raw(`
      CREATE FUNCTION audit_checkpoints_guard() RETURNS trigger AS $$
      BEGIN
        RAISE EXCEPTION 'audit_checkpoints is append-only: % refused', TG_OP;
      END
      $$ LANGUAGE plpgsql`);
    await knex.raw(`
      CREATE TRIGGER audit_checkpoints_immutable
      BEFORE UPDATE OR DELETE ON audit_checkpoints
      FOR EACH ROW EXECUTE FUNCTION audit_checkpoints_guard()`);
  } else {
    // The guard is checked in the trigger body, not in a WHEN clause: with
    // the WHEN form an UPDATE got through in about one test run in 25 (the
    // cause was not found; the body form has not shown it).
    await knex.raw(`
      CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
      BEGIN
        SELECT RAISE(ABORT, 'audit_events is append-only: UPDATE refused')
        WHERE (SELECT count(*) FROM audit_purge_permit) = 0
          OR NEW.seq <> OLD.seq OR NEW.id <> OLD.id OR NEW.hash <> OLD.hash
          OR NEW.prev_hash <> OLD.prev_hash
          OR NEW.content_hash <> OLD.content_hash;
      END`);
    await knex.raw(`
      CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
      BEGIN
        SELECT RAISE(ABORT, 'audit_events is append-only: DELETE refused')
        WHERE (SELECT count(*) FROM audit_purge_permit) = 0;
      END`);
    await knex.raw(`
      CREATE TRIGGER audit_checkpoints_no_update BEFORE UPDATE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: UPDATE refused'); END`);
    await knex.raw(`
      CREATE TRIGGER audit_checkpoints_no_delete BEFORE DELETE ON audit_checkpoints
      BEGIN SELECT RAISE(ABORT, 'audit_checkpoints is append-only: DELETE refused'); END`);
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
