import { PermissionCriteria } from '@backstage/plugin-permission-common';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { createPortalTestDatabases } from '@controlplane/test-utils';
import { Knex } from 'knex';
import { ColumnFilter } from './filters';
import { applyTenantSetFilter, createTenantSetRule } from './tenantSetRule';

const served: Record<number, string[]> = {
  1: ['acme'],
  2: ['acme', 'globex'],
  3: [],
  4: ['globex'],
};

describe('the tenant set rule', () => {
  const resourceRef = createPermissionResourceRef<
    { id: number; tenants: string[] },
    ColumnFilter
  >().with({ pluginId: 'things', resourceType: 'things-thing' });
  const rule = createTenantSetRule({
    resourceRef,
    column: 'tenant',
    getTenants: thing => thing.tenants,
  });

  it('matches a resource only when all of its tenants are given', () => {
    const apply = (id: number, tenants: string[]) =>
      rule.apply({ id, tenants: served[id] }, { tenants });
    expect(apply(1, ['acme'])).toBe(true);
    expect(apply(2, ['acme'])).toBe(false);
    expect(apply(2, ['acme', 'globex'])).toBe(true);
    expect(apply(3, ['acme'])).toBe(false);
    expect(rule.toQuery({ tenants: ['acme'] })).toEqual({
      column: 'tenant',
      in: ['acme'],
    });
  });

  const databases = createPortalTestDatabases();

  describe.each(databases.eachSupportedId())('in SQL on %s', databaseId => {
    let knex: Knex;

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      await knex.schema.createTable('things', table => {
        table.integer('id').primary();
      });
      await knex.schema.createTable('thing_tenants', table => {
        table.integer('thing_id').notNullable();
        table.string('tenant').notNullable();
      });
      await knex('things').insert(Object.keys(served).map(id => ({ id })));
      await knex('thing_tenants').insert(
        Object.entries(served).flatMap(([id, tenants]) =>
          tenants.map(tenant => ({ thing_id: Number(id), tenant })),
        ),
      );
    });

    const ids = async (criteria: PermissionCriteria<ColumnFilter>) =>
      (
        await applyTenantSetFilter(
          knex('things').select('id').orderBy('id'),
          criteria,
          {
            table: 'thing_tenants',
            foreignKey: 'thing_id',
            references: 'things.id',
          },
        )
      ).map((row: { id: number }) => Number(row.id));

    it('agrees with apply', async () => {
      expect(await ids(rule.toQuery({ tenants: ['acme'] }))).toEqual([1]);
      expect(await ids(rule.toQuery({ tenants: ['acme', 'globex'] }))).toEqual([
        1, 2, 4,
      ]);
      expect(await ids(rule.toQuery({ tenants: [] }))).toEqual([]);
      expect(
        await ids({
          anyOf: [
            rule.toQuery({ tenants: ['globex'] }) as ColumnFilter,
            rule.toQuery({ tenants: ['acme'] }) as ColumnFilter,
          ],
        }),
      ).toEqual([1, 4]);
      expect(
        await ids({ not: rule.toQuery({ tenants: ['acme'] }) as ColumnFilter }),
      ).toEqual([2, 3, 4]);
    });
  });
});
