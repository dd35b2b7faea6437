import { cellState, groupByPlugin } from './cellState';
import { validateMemberRef } from './RoleDetail/memberRef';

describe('cellState', () => {
  it('tells exact grants from wildcard ones', () => {
    expect(cellState(['billing.quota.update'], 'billing.quota.update')).toEqual(
      { granted: true, exact: true, wildcards: [] },
    );
    expect(
      cellState(
        ['billing.*', '*', 'billing.quota.update'],
        'billing.quota.update',
      ),
    ).toEqual({ granted: true, exact: true, wildcards: ['billing.*', '*'] });
    expect(cellState(['billing.*'], 'billingx.read')).toEqual({
      granted: false,
      exact: false,
      wildcards: [],
    });
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
