import {
  filtersFromSearch,
  isoToLocalInput,
  localInputToIso,
  searchWithFilters,
} from './filters';

describe('filters in the URL', () => {
  it('reads the filters, ignoring unknown outcome and severity values', () => {
    expect(
      filtersFromSearch(
        new URLSearchParams(
          'actor=user%3Adefault%2Fada&severity=urgent&outcome=failure&record=r1',
        ),
      ),
    ).toEqual({
      actor: 'user:default/ada',
      action: undefined,
      resourceType: undefined,
      resourceId: undefined,
      tenant: undefined,
      outcome: 'failure',
      severity: undefined,
      from: undefined,
      to: undefined,
    });
  });

  it('replaces the filters and keeps other parameters', () => {
    const next = searchWithFilters(
      new URLSearchParams('actor=a&tenant=acme&record=r1'),
      { action: 'rbac.role-grant', tenant: ' ' },
    );
    expect(next.toString()).toBe('record=r1&action=rbac.role-grant');
  });

  it('converts between ISO times and datetime-local values', () => {
    const iso = localInputToIso('2026-03-01T10:30')!;
    expect(isoToLocalInput(iso)).toBe('2026-03-01T10:30');
    expect(localInputToIso('')).toBeUndefined();
    expect(isoToLocalInput('not a date')).toBe('');
  });
});
