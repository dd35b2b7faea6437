import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { applyPermissionFilter, ColumnFilter } from './filters';

const rows = [
  { id: 1, tenant: 'acme', requester: 'user:default/ada' },
  { id: 2, tenant: 'acme', requester: 'user:default/tina' },
  { id: 3, tenant: 'globex', requester: 'user:default/ada' },
  { id: 4, tenant: 'initech', requester: null },
];

describe('applyPermissionFilter', () => {
  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.schema.createTable('requests', table => {
        table.integer('id').primary();
        table.string('tenant').notNullable();
        table.string('requester').nullable();
      });
      await knex('requests').insert(rows);
    });

    const ids = async (criteria: PermissionCriteria<ColumnFilter>) =>
      (
        await applyPermissionFilter(
          knex('requests').select('id').orderBy('id'),
          criteria,
        )
      ).map((row: { id: number }) => Number(row.id));

    it('keeps the rows of the given tenants', async () => {
      expect(await ids({ column: 'tenant', in: ['acme'] })).toEqual([1, 2]);
      expect(await ids({ column: 'tenant', in: ['acme', 'initech'] })).toEqual([
        1, 2, 4,
      ]);
    });

    it('matches nothing for an empty tenant list or an empty anyOf', async () => {
      expect(await ids({ column: 'tenant', in: [] })).toEqual([]);
      expect(await ids({ anyOf: [] } as any)).toEqual([]);
    });

    it('excludes the requester but keeps rows without one', async () => {
      expect(
        await ids({ column: 'requester', notEqual: 'user:default/ada' }),
      ).toEqual([2, 4]);
    });

    it('combines allOf, anyOf and not', async () => {
      expect(
        await ids({
          allOf: [
            { column: 'tenant', in: ['acme', 'globex'] },
            { column: 'requester', notEqual: 'user:default/tina' },
          ],
        }),
      ).toEqual([1, 3]);
      expect(
        await ids({
          anyOf: [
            { column: 'tenant', in: ['globex'] },
            { not: { column: 'requester', notEqual: 'user:default/tina' } },
          ],
        }),
      ).toEqual([2, 3]);
    });

    it('keeps the filter inside parentheses next to other conditions', async () => {
      // An OR in the filter must not escape the query's own WHERE.
      const result = await applyPermissionFilter(
        knex('requests').select('id').where('id', '>', 2).orderBy('id'),
        {
          anyOf: [
            { column: 'tenant', in: ['acme'] },
            { column: 'tenant', in: ['initech'] },
          ],
        },
      );
      expect(result.map((row: { id: number }) => Number(row.id))).toEqual([4]);
    });
  });
});
