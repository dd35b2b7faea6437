// @ts-check

/**
 * The billing plugin's tables. Timestamps are ISO 8601 UTC strings in
 * timestamp columns, so they compare the same way on SQLite and PostgreSQL.
 * Later changes go into new, later-dated files; a released migration is
 * never edited.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  // Raw usage events, once per (source, event id): the unique key is what
  // makes ingestion exactly-once, whatever the retries.
  await knex.schema.createTable('billing_events', table => {
    table.bigIncrements('seq').primary();
    // `app:<appId>` or `service:<subject>`: whose event ids these are.
    table.string('source', 255).notNullable();
    table.string('event_id', 128).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('period', 7).notNullable();
    table.string('type', 40).notNullable();
    table.double('quantity').notNullable();
    table.string('model', 100).nullable();
    table.string('agent', 255).nullable();
    table.string('app', 63).nullable();
    table.text('properties').nullable();
    table.timestamp('occurred_at', { useTz: true }).notNullable();
    table.timestamp('recorded_at', { useTz: true }).notNullable();
    table.unique(['source', 'event_id'], {
      indexName: 'billing_events_source_id_uq',
    });
    // Exports page one tenant's period in ingestion order.
    table.index(['tenant', 'period', 'seq'], 'billing_events_export_idx');
  });

  // Hourly aggregates, maintained in the ingestion transaction: summaries,
  // breakdowns, quotas and budgets read these, never the raw events.
  await knex.schema.createTable('billing_usage_hourly', table => {
    table.string('tenant', 63).notNullable();
    table.string('period', 7).notNullable();
    table.timestamp('hour', { useTz: true }).notNullable();
    table.string('app', 63).notNullable();
    table.string('agent', 255).notNullable();
    table.string('type', 40).notNullable();
    table.string('model', 100).notNullable();
    table.double('quantity').notNullable();
    table.bigInteger('events').notNullable();
    table.primary(['tenant', 'hour', 'app', 'agent', 'type', 'model']);
    table.index(['tenant', 'period'], 'billing_usage_hourly_period_idx');
    table.index(['period'], 'billing_usage_hourly_all_idx');
  });

  await knex.schema.createTable('billing_periods', table => {
    table.string('period', 7).primary();
    table.string('status', 16).notNullable();
    table.timestamp('closed_at', { useTz: true }).nullable();
  });

  // What a closed period froze, per tenant and type (cost at the prices of
  // the close).
  await knex.schema.createTable('billing_period_totals', table => {
    table.string('period', 7).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('type', 40).notNullable();
    table.double('quantity').notNullable();
    table.double('cost').notNullable();
    table.primary(['period', 'tenant', 'type']);
  });

  await knex.schema.createTable('billing_tenants', table => {
    table.string('tenant', 63).primary();
    table.string('plan', 16).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('billing_quotas', table => {
    table.string('tenant', 63).notNullable();
    table.string('resource_type', 40).notNullable();
    table.double('limit_value').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.primary(['tenant', 'resource_type']);
  });

  await knex.schema.createTable('billing_budgets', table => {
    table.string('tenant', 63).primary();
    table.double('monthly_amount').notNullable();
    table.text('thresholds').notNullable();
    table.boolean('hard_cap').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  // One row per threshold crossed per period: the key makes the alert fire
  // once, however many instances see the crossing.
  await knex.schema.createTable('billing_budget_alerts', table => {
    table.string('tenant', 63).notNullable();
    table.string('period', 7).notNullable();
    table.integer('threshold').notNullable();
    table.timestamp('crossed_at', { useTz: true }).notNullable();
    table.primary(['tenant', 'period', 'threshold']);
  });

  await knex.schema.createTable('billing_adjustments', table => {
    table.string('id', 36).primary();
    table.string('tenant', 63).notNullable();
    table.string('period', 7).notNullable();
    table.double('amount').notNullable();
    table.string('reason', 1000).notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.index(['tenant', 'period'], 'billing_adjustments_tenant_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The billing migrations are forward-only');
};
