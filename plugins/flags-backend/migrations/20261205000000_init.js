// @ts-check

/**
 * The flags plugin's tables. Timestamps are ISO 8601 UTC strings in
 * timestamp columns, so they compare the same way on SQLite and PostgreSQL.
 * Later changes go into new, later-dated files; a released migration is
 * never edited.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('flags', table => {
    table.string('key', 100).primary();
    table.string('description', 2000).nullable();
    table.string('type', 16).notNullable();
    // JSON: [{ name, value, description? }].
    table.text('variants').notNullable();
    table.string('default_variant', 63).notNullable();
    table.string('off_variant', 63).notNullable();
    table.string('owner', 255).nullable();
    // JSON arrays.
    table.text('tags').notNullable();
    table.text('environments').notNullable();
    table.string('lifecycle', 16).notNullable();
    table.boolean('killed').notNullable().defaultTo(false);
    // Optimistic concurrency: +1 with every change of the flag or its values.
    table.bigInteger('revision').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('flag_values', table => {
    table
      .string('flag_key', 100)
      .notNullable()
      .references('key')
      .inTable('flags')
      .onDelete('CASCADE');
    table.string('environment', 16).notNullable();
    // 'environment' | 'plan' | 'tenant'; subject is '' | the plan | the tenant.
    table.string('layer', 16).notNullable();
    table.string('subject', 63).notNullable();
    table.string('variant', 63).notNullable();
    // JSON: the rules, tried in order.
    table.text('rules').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['flag_key', 'environment', 'layer', 'subject']);
    // The tenant views read one tenant's overrides across flags.
    table.index(['layer', 'subject'], 'flag_values_layer_subject_idx');
  });

  // The tenants as the flags plugin knows them (their plan decides the plan
  // layer), kept from the tenants plugin's events and a periodic sync.
  await knex.schema.createTable('flag_tenants', table => {
    table.string('tenant', 63).primary();
    table.string('plan', 16).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  // One row: the revision of the whole configuration (flags, values,
  // tenants). Every change bumps it in its transaction; each instance
  // reloads its in-memory snapshot when it moves.
  await knex.schema.createTable('flag_config', table => {
    table.integer('id').primary();
    table.bigInteger('revision').notNullable();
  });
  await knex('flag_config').insert({ id: 1, revision: 1 });

  await knex.schema.createTable('flag_schedules', table => {
    table.string('id', 36).primary();
    table
      .string('flag_key', 100)
      .notNullable()
      .references('key')
      .inTable('flags')
      .onDelete('CASCADE');
    table.timestamp('run_at', { useTz: true }).notNullable();
    // JSON: the ScheduledChange.
    table.text('change').notNullable();
    table.string('reason', 1000).nullable();
    table.string('status', 16).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.string('error', 2000).nullable();
    // The scheduler's task picks the due pending ones.
    table.index(['status', 'run_at'], 'flag_schedules_due_idx');
    table.index(['flag_key', 'created_at'], 'flag_schedules_flag_idx');
  });

  // Evaluations by apps, counted in memory and added here per hour.
  await knex.schema.createTable('flag_evaluations', table => {
    table.timestamp('hour', { useTz: true }).notNullable();
    table.string('flag_key', 100).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('app', 63).notNullable();
    table.bigInteger('count').notNullable();
    table.primary(['flag_key', 'hour', 'tenant', 'app']);
    table.index(['hour'], 'flag_evaluations_hour_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The flags migrations are forward-only');
};
