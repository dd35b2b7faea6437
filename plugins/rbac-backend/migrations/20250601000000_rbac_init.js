// @ts-check

/**
 * Roles, their grants and members, and the revision that increases with every
 * change (so pollers of the policy snapshot can ask cheaply whether it moved).
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('rbac_roles', table => {
    table.string('name', 64).primary();
    table.text('description').notNullable();
    table.timestamp('created_at', { useTz: true }).notNullable();
    table.timestamp('updated_at', { useTz: true }).notNullable();
  });

  await knex.schema.createTable('rbac_role_grants', table => {
    table
      .string('role_name', 64)
      .notNullable()
      .references('name')
      .inTable('rbac_roles')
      .onDelete('CASCADE');
    table.string('pattern', 255).notNullable();
    table.primary(['role_name', 'pattern']);
  });

  await knex.schema.createTable('rbac_role_members', table => {
    table
      .string('role_name', 64)
      .notNullable()
      .references('name')
      .inTable('rbac_roles')
      .onDelete('CASCADE');
    table.string('member_ref', 255).notNullable();
    table.primary(['role_name', 'member_ref']);
    table.index(['member_ref'], 'rbac_role_members_member_ref_idx');
  });

  // A single row: `id` is always 1, so the row doubles as a lock that
  // serializes writers on PostgreSQL.
  await knex.schema.createTable('rbac_revision', table => {
    table.integer('id').primary();
    table.integer('revision').notNullable();
  });
  await knex('rbac_revision').insert({ id: 1, revision: 0 });
};

/**
 * Forward-only: there is no way back.
 *
 * @param {import('knex').Knex} _knex
 */
exports.down = async function down(_knex) {
  throw new Error('The rbac migrations are forward-only');
};
