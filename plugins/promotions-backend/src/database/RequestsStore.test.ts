import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { migratePromotionsDatabase } from './stores';

describe('promotion_decisions', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migratePromotionsDatabase(knex);
      await knex('promotion_requests').insert({
        id: 'r1',
        kind: 'promotion',
        target: 'agent:default/support-triage',
        tenant: 'acme',
        source_environment: 'staging',
        target_environment: 'production',
        version: '1.4.2',
        status: 'requested',
        changes: '[]',
        evidence: '{}',
        approvals_required: 1,
        approver_groups: '[]',
        requested_by: 'user:default/devon',
        requested_at: '2026-12-05T00:00:00.000Z',
        updated_at: '2026-12-05T00:00:00.000Z',
        expires_at: '2026-12-08T00:00:00.000Z',
      });
      await knex('promotion_decisions').insert({
        id: 'd1',
        request_id: 'r1',
        decision: 'approve',
        actor: 'user:default/april',
        decided_at: '2026-12-05T01:00:00.000Z',
        seq: 1,
      });
    });

    /**
     * Why a query failed (undefined if it did not). Read by hand: SQLite's
     * errors come from outside jest's realm, so `rejects.toThrow` does not
     * always see them as errors.
     */
    const failure = (query: PromiseLike<unknown>) =>
      Promise.resolve(query).then(
        () => undefined,
        (error: { message?: string }) => String(error?.message ?? error),
      );

    it('are a record: the database refuses to change or delete one', async () => {
      expect(
        await failure(
          knex('promotion_decisions')
            .where({ id: 'd1' })
            .update({ actor: 'user:default/mallory' }),
        ),
      ).toMatch(/append-only: UPDATE refused/);
      expect(
        await failure(knex('promotion_decisions').where({ id: 'd1' }).delete()),
      ).toMatch(/append-only: DELETE refused/);
      expect(await knex('promotion_decisions').where({ id: 'd1' })).toEqual([
        expect.objectContaining({ actor: 'user:default/april' }),
      ]);
    });

    it('hold one approval per person and request', async () => {
      expect(
        await failure(
          knex('promotion_decisions').insert({
            id: 'd2',
            request_id: 'r1',
            decision: 'approve',
            actor: 'user:default/april',
            decided_at: '2026-12-05T01:00:01.000Z',
            seq: 2,
          }),
        ),
      ).toMatch(/unique/i);
      expect(await knex('promotion_decisions')).toHaveLength(1);
    });
  });
});
