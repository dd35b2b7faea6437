import { cellState, groupByPlugin } from './cellState';
import { validateMemberRef } from './RoleDetail/memberRef';

describe('cellState', () => {
  it('tells exact grants from wildcard ones', () => {
    expect(cellState(['billing.quota.update'], 'billing.quota.update')).toEqual(
      {
        granted: true,
        exact: 'billing.quota.update',
        wildcards: [],
        ownedOnly: false,
      },
    );
    expect(
      cellState(
        ['billing.*', '*', 'billing.quota.update'],
        'billing.quota.update',
      ),
    ).toEqual({
      granted: true,
      exact: 'billing.quota.update',
      wildcards: ['billing.*', '*'],
      ownedOnly: false,
    });
    expect(cellState(['billing.*'], 'billingx.read')).toEqual({
      granted: false,
      wildcards: [],
      ownedOnly: false,
    });
  });

  it('tells grants only for owned resources from plain ones', () => {
    expect(
      cellState(['apps.credential.create@owned'], 'apps.credential.create'),
    ).toEqual({
      granted: true,
      exact: 'apps.credential.create@owned',
      wildcards: [],
      ownedOnly: true,
    });
    expect(cellState(['apps.*@owned'], 'apps.credential.create')).toEqual({
      granted: true,
      wildcards: ['apps.*@owned'],
      ownedOnly: true,
    });
    // A plain grant through another pattern lifts the restriction.
    expect(
      cellState(['apps.*@owned', 'apps.*'], 'apps.credential.create'),
    ).toMatchObject({ granted: true, ownedOnly: false });
  });

  it('groups permissions by plugin id', () => {
    expect(
      groupByPlugin([
        { pluginId: 'flags', name: 'a' },
        { pluginId: 'billing', name: 'b' },
        { pluginId: 'flags', name: 'c' },
      ]).map(([id, items]) => [id, items.map(i => i.name)]),
    ).toEqual([
      ['billing', ['b']],
      ['flags', ['a', 'c']],
    ]);
  });

  it('accepts only user and group refs as members', () => {
    expect(validateMemberRef('user:default/ada')).toBeUndefined();
    expect(validateMemberRef('group:operators')).toBeUndefined();
    expect(validateMemberRef('component:default/x')).toMatch(/user or group/);
    expect(validateMemberRef('ada')).toMatch(/user or group/);
  });
});
