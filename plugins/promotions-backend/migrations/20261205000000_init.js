// @ts-check

/**
 * The promotions plugin's tables: the deployment state (what runs where),
 * promotion requests and their immutable decisions, approval policies,
 * rules and freezes.
 *
 * Timestamps are written as ISO 8601 UTC strings, so they compare the same
 * way on SQLite and PostgreSQL. Later changes go into new, later-dated files
 * next to this one; a released migration is never edited.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('promotion_deployments', table => {
    table.string('id', 36).primary();
    // `agent:default/support-triage`
    table.string('target', 200).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('environment', 20).notNullable();
    // The catalog entity's name, e.g. support-triage-acme-prod.
    table.string('entity_name', 200).notNullable().unique();
    table.string('version', 64).notNullable();
    table.string('previous_version', 64).nullable();
    table.string('owner', 255).nullable();
    table.string('applied_request_id', 36).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.string('reported_version', 64).nullable();
    table.timestamp('reported_at', { useTz: true }).nullable();
    // The drift state last announced on the events topic (once per drift).
    table.string('announced_drift', 20).nullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.unique(['target', 'tenant', 'environment'], {
      indexName: 'promotion_deployments_place_uq',
    });
    table.index(['tenant', 'target'], 'promotion_deployments_tenant_idx');
  });

  await knex.schema.createTable('promotion_requests', table => {
    table.string('id', 36).primary();
    table.string('kind', 20).notNullable();
    table.string('title', 200).nullable();
    table.string('target', 200).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('source_environment', 20).notNullable();
    table.string('target_environment', 20).notNullable();
    table.string('version', 64).notNullable();
    table.string('previous_version', 64).nullable();
    table.string('status', 20).notNullable();
    table.text('reason').nullable();
    table.text('changes').notNullable();
    table.text('evidence').notNullable();
    // The policy the request was made under (later edits do not move it).
    table.integer('approvals_required').notNullable();
    table.text('approver_groups').notNullable();
    table.integer('approvals').notNullable().defaultTo(0);
    table.string('auto_approved_by', 36).nullable();
    table.string('requested_by', 255).notNullable();
    table.timestamp('requested_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('decided_at', { useTz: true }).nullable();
    table.timestamp('applied_at', { useTz: true }).nullable();
    table.string('override_requested_by', 255).nullable();
    table.text('override_reason').nullable();
    table.timestamp('override_requested_at', { useTz: true }).nullable();
    table.string('override_approved_by', 255).nullable();
    table.timestamp('override_approved_at', { useTz: true }).nullable();
    // `<target>|<tenant>|<environment>` while the request is open
    // (requested or approved), null after: one open request per place,
    // decided by the unique index even for two requests at once.
    table.string('open_key', 300).nullable().unique();
    table.index(['requested_at', 'id'], 'promotion_requests_age_idx');
    table.index(['status', 'requested_at'], 'promotion_requests_status_idx');
    table.index(['target', 'tenant'], 'promotion_requests_target_idx');
    table.index(['tenant'], 'promotion_requests_tenant_idx');
  });

  // Immutable: the store only ever inserts here.
  await knex.schema.createTable('promotion_decisions', table => {
    table.string('id', 36).primary();
    table
      .string('request_id', 36)
      .notNullable()
      .references('id')
      .inTable('promotion_requests');
    table.string('decision', 30).notNullable();
    table.string('actor', 255).notNullable();
    table.text('comment').nullable();
    table.string('rule_id', 36).nullable();
    table.timestamp('decided_at', { useTz: true }).notNullable();
    // Sequence within the request, for a stable order.
    table.integer('seq').notNullable();
    table.unique(['request_id', 'seq'], {
      indexName: 'promotion_decisions_seq_uq',
    });
  });
  // One approval per person and request.
  await knex.raw(
    `CREATE UNIQUE INDEX promotion_decisions_one_approval_uq
       ON promotion_decisions (request_id, actor) WHERE decision = 'approve'`,
  );

  await knex.schema.createTable('promotion_policies', table => {
    table.string('environment', 20).primary();
    table.integer('approvals_required').notNullable();
    table.text('approver_groups').notNullable();
    table.integer('expires_after_hours').notNullable();
    table.string('updated_by', 255).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('promotion_rules', table => {
    table.string('id', 36).primary();
    table.string('name', 200).notNullable();
    table.string('source_environment', 20).notNullable();
    table.string('target_environment', 20).notNullable();
    table.text('conditions').notNullable();
    table.boolean('auto_approve').notNullable();
    table.text('notify').notNullable();
    table.boolean('active').notNullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    table.index(
      ['source_environment', 'target_environment'],
      'promotion_rules_pair_idx',
    );
  });

  await knex.schema.createTable('promotion_freezes', table => {
    table.string('id', 36).primary();
    table.string('environment', 20).notNullable();
    table.string('tenant', 63).nullable();
    table.string('target', 200).nullable();
    table.text('reason').notNullable();
    table.string('source', 20).notNullable();
    // An incident's freeze: one per incident and target.
    table.string('incident_key', 300).nullable().unique();
    table.timestamp('starts_at', { useTz: true }).notNullable();
    table.timestamp('ends_at', { useTz: true }).nullable();
    table.string('created_by', 255).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('lifted_at', { useTz: true }).nullable();
    table.string('lifted_by', 255).nullable();
    table.index(['environment', 'starts_at'], 'promotion_freezes_env_idx');
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
