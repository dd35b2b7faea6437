import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { RequestsStore } from './RequestsStore';
import { migratePromotionsDatabase } from './stores';

/** The filters of the home page's cards, in SQL. */
describe('RequestsStore.page', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;
    let store: RequestsStore;

    const insert = (
      id: string,
      extra: Partial<{
        status: string;
        approver_groups: string;
        requested_at: string;
        decided_at: string | null;
        requested_by: string;
      }> = {},
    ) =>
      knex('promotion_requests').insert({
        id,
        kind: 'promotion',
        target: `agent:default/${id}`,
        tenant: 'acme',
        source_environment: 'staging',
        target_environment: 'production',
        version: '1.0.0',
        status: 'requested',
        changes: '[]',
        evidence: '{}',
        approvals_required: 1,
        approver_groups: '[]',
        requested_by: 'user:default/devon',
        requested_at: '2026-12-05T00:00:00.000Z',
        updated_at: '2026-12-05T00:00:00.000Z',
        expires_at: '2026-12-08T00:00:00.000Z',
        decided_at: null,
        ...extra,
      });

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await migratePromotionsDatabase(knex);
      store = new RequestsStore(knex);
      // The inbox: approver groups, with `_` (a LIKE wildcard) in a name.
      await insert('anyone', { requested_at: '2026-12-05T01:00:00.000Z' });
      await insert('release', {
        approver_groups: JSON.stringify(['group:default/release_team']),
        requested_at: '2026-12-05T02:00:00.000Z',
      });
      await insert('lookalike', {
        approver_groups: JSON.stringify(['group:default/releasexteam']),
        requested_at: '2026-12-05T03:00:00.000Z',
      });
      await insert('april', {
        approver_groups: JSON.stringify([
          'group:default/other',
          'user:default/april',
        ]),
        requested_at: '2026-12-05T04:00:00.000Z',
      });
      // Decided: yesterday, and at two times today.
      await insert('yesterday', {
        status: 'approved',
        decided_at: '2026-12-04T23:59:59.999Z',
      });
      await insert('morning', {
        status: 'rejected',
        requested_at: '2026-12-04T08:00:00.000Z',
        decided_at: '2026-12-05T08:00:00.000Z',
      });
      await insert('noon', {
        status: 'applied',
        requested_at: '2026-12-04T07:00:00.000Z',
        decided_at: '2026-12-05T12:00:00.000Z',
      });
    });

    const ids = (page: { rows: { id: string }[] }) => page.rows.map(r => r.id);

    it("keeps the requests whose approver groups are empty or name one of the user's refs, in SQL", async () => {
      const page = await store.page({
        statuses: ['requested'],
        approverAmong: ['user:default/april', 'group:default/release_team'],
        limit: 10,
      });
      expect(ids(page)).toEqual(['anyone', 'release', 'april']);
      // One page of one: the cursor goes on to the next one the user may
      // decide, not to a row of someone else's groups.
      const first = await store.page({
        statuses: ['requested'],
        approverAmong: ['user:default/pat'],
        limit: 1,
      });
      expect(ids(first)).toEqual(['anyone']);
      expect(first.nextCursor).toBeUndefined();
    });

    it('lists the requests decided since a time, the latest first, in keyset pages', async () => {
      const since = '2026-12-05T00:00:00.000Z';
      const first = await store.page({ decidedSince: since, limit: 1 });
      expect(ids(first)).toEqual(['noon']);
      expect(first.nextCursor).toBeDefined();
      const second = await store.page({
        decidedSince: since,
        limit: 1,
        cursor: first.nextCursor,
      });
      expect(ids(second)).toEqual(['morning']);
      expect(second.nextCursor).toBeUndefined();
      expect(
        ids(
          await store.page({
            decidedSince: since,
            statuses: ['rejected'],
            limit: 10,
          }),
        ),
      ).toEqual(['morning']);
      // A cursor of the other order is refused.
      const oldest = await store.page({ limit: 1 });
      await expect(
        store.page({
          decidedSince: since,
          limit: 1,
          cursor: oldest.nextCursor,
        }),
      ).rejects.toThrow(/cursor is not valid/);
    });
  });
});
