// @ts-check

/**
 * Every drift detected (a deployment that started to run another version,
 * or went silent), once per drift, as the announcement claims it: the
 * platform dashboard counts detections per tenant over 24 hours and 7 days.
 * Times are ISO 8601 UTC strings.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('promotion_drift_detections', table => {
    table.increments('id');
    table.string('deployment_id', 36).notNullable();
    table.string('tenant', 63).notNullable();
    table.string('environment', 20).notNullable();
    table.string('drift', 20).notNullable();
    table.string('detected_at', 24).notNullable();
    table.index(['detected_at', 'tenant'], 'promotion_drift_det_time_idx');
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
