import { jsonEqual, metadataDiff } from './metadataDiff';

describe('metadataDiff', () => {
  it('compares before/after objects field by field', () => {
    const diff = metadataDiff({
      role: 'operator',
      before: { description: 'Old', grants: ['a'] },
      after: { description: 'New', grants: ['a'], members: [] },
    });
    expect(diff).toEqual({
      rows: [
        { field: 'description', before: 'Old', after: 'New', changed: true },
        { field: 'grants', before: ['a'], after: ['a'], changed: false },
        { field: 'members', before: undefined, after: [], changed: true },
      ],
      rest: { role: 'operator' },
    });
  });

  it('compares lists and other values as one value', () => {
    expect(
      metadataDiff({ before: ['a', 'b'], after: ['b', 'c'], changed: true }),
    ).toEqual({
      rows: [
        { field: '', before: ['a', 'b'], after: ['b', 'c'], changed: true },
      ],
      rest: { changed: true },
    });
  });

  it('pairs previous_*/new_* and previousX/newX fields', () => {
    expect(
      metadataDiff({
        previous_status: 'active',
        new_status: 'suspended',
        previousPlan: 'pro',
        newPlan: 'pro',
        reason: 'unpaid',
      }),
    ).toEqual({
      rows: [
        {
          field: 'status',
          before: 'active',
          after: 'suspended',
          changed: true,
        },
        { field: 'plan', before: 'pro', after: 'pro', changed: false },
      ],
      rest: { reason: 'unpaid' },
    });
  });

  it('has nothing to compare without before/after values', () => {
    expect(metadataDiff({ reason: 'x', previous_only: 1 })).toBeUndefined();
  });

  it('compares JSON regardless of key order', () => {
    expect(
      jsonEqual({ a: 1, b: [1, { c: 2 }] }, { b: [1, { c: 2 }], a: 1 }),
    ).toBe(true);
    expect(jsonEqual({ a: 1 }, { a: 1, b: null })).toBe(false);
  });
});
