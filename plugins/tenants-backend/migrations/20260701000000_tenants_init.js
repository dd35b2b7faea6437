// @ts-check

/**
 * Tenants, their users, invitations, sessions, SSO configurations,
 * impersonations and the outbox of lifecycle events. Every filter and sort
 * of the API has an index; lists page by keyset on these indexes.
 *
 * Timestamps are written as ISO 8601 UTC strings, so they compare the same
 * way on SQLite and PostgreSQL.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('tenants', table => {
    table.string('id', 36).primary();
    table.string('name', 63).notNullable().unique('tenants_name_uq');
    table.string('display_name', 200).notNullable();
    table.string('domain', 253).notNullable().unique('tenants_domain_uq');
    table.string('plan', 32).notNullable();
    table.string('status', 16).notNullable();
    table.text('status_reason').nullable();
    table.text('applications').notNullable(); // JSON array
    table.text('settings').notNullable(); // JSON OrganizationSettings
    table.text('password_policy').notNullable(); // JSON PasswordPolicy
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // Filters with the default sort (name) and the other sorts.
    table.index(['status', 'name'], 'tenants_status_name_idx');
    table.index(['plan', 'name'], 'tenants_plan_name_idx');
    table.index(['created_at', 'name'], 'tenants_created_at_idx');
  });

  await knex.schema.createTable('tenant_users', table => {
    table.string('id', 36).primary();
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants');
    table.string('email', 320).notNullable();
    table.string('display_name', 200).nullable();
    table.string('role', 16).notNullable();
    table.string('status', 16).notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
    // Listing and searching a tenant's users by e-mail (keyset) ...
    table.unique(['tenant_id', 'email'], {
      indexName: 'tenant_users_tenant_email_uq',
    });
    // ... filtered by role (also: counting owners) or status.
    table.index(['tenant_id', 'role', 'email'], 'tenant_users_role_idx');
    table.index(['tenant_id', 'status', 'email'], 'tenant_users_status_idx');
  });

  await knex.schema.createTable('tenant_invitations', table => {
    table.string('id', 36).primary();
    table
      .string('tenant_id', 36)
      .notNullable()
      .references('id')
      .inTable('tenants');
    table.string('email', 320).notNullable();
    table.string('role', 16).notNullable();
    // SHA-256 of the token; the token itself is never stored.
    table.string('token_hash', 64).notNullable().unique('tenant_inv_token_uq');
    table.string('status', 16).notNullable(); // pending, accepted, revoked
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.string('created_by', 255).nullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('accepted_at', { useTz: true }).nullable();
    table.string('user_id', 36).nullable();
    table.index(['tenant_id', 'created_at', 'id'], 'tenant_inv_list_idx');
    table.index(['tenant_id', 'email', 'status'], 'tenant_inv_email_idx');
  });

  await knex.schema.createTable('tenant_sessions', table => {
    table.string('id', 36).primary();
    table.string('user_id', 36).notNullable();
    table.string('tenant_id', 36).notNullable();
    table.string('token_hash', 64).notNullable().unique('tenant_ses_token_uq');
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('revoked_at', { useTz: true }).nullable();
    table.string('revoke_reason', 64).nullable();
    table.string('impersonation_id', 36).nullable();
    table.index(['user_id', 'created_at', 'id'], 'tenant_ses_user_idx');
    table.index(['tenant_id', 'revoked_at'], 'tenant_ses_tenant_idx');
  });

  await knex.schema.createTable('tenant_sso_configs', table => {
    table.string('tenant_id', 36).primary().references('id').inTable('tenants');
    table.string('issuer_url', 2048).notNullable();
    table.string('client_id', 512).notNullable();
    // AES-256-GCM: `v1:<iv>:<tag>:<ciphertext>`, base64.
    table.text('client_secret_encrypted').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('tenant_impersonations', table => {
    table.string('id', 36).primary();
    table.string('tenant_id', 36).notNullable();
    table.string('user_id', 36).notNullable();
    table.string('actor', 255).notNullable();
    table.text('reason').notNullable();
    table.string('session_id', 36).nullable();
    table.timestamp('started_at', { useTz: true }).notNullable();
    table.timestamp('expires_at', { useTz: true }).notNullable();
    table.timestamp('ended_at', { useTz: true }).nullable();
    table.string('end_reason', 16).nullable();
    table.string('ended_by', 255).nullable();
    table.index(['ended_at', 'expires_at'], 'tenant_imp_active_idx');
    table.index(['tenant_id', 'started_at'], 'tenant_imp_tenant_idx');
  });

  // Lifecycle events written in the same transaction as the change and
  // published to the events service after commit (and retried by a task).
  await knex.schema.createTable('tenants_outbox', table => {
    table.increments('id');
    table.string('topic', 128).notNullable();
    table.text('payload').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('published_at', { useTz: true }).nullable();
    table.index(['published_at', 'id'], 'tenants_outbox_pending_idx');
  });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The tenants migrations are forward-only');
};
