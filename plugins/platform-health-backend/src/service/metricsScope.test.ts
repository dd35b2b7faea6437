import { metricsScopeOf } from './metricsScope';

const access = (filter: any, allowed: string[]) => ({
  allowed: true as const,
  filter,
  isAllowed: ({ tenant }: { tenant: string }) => allowed.includes(tenant),
});

describe('the metrics scope of a caller', () => {
  it('is everything for an unconditional decision', () => {
    expect(metricsScopeOf({ allowed: true, isAllowed: () => true })).toEqual(
      {},
    );
  });

  it('names the tenants of the condition that the decision allows, nested or not', () => {
    const filter = {
      anyOf: [
        { column: 'tenant', in: ['globex', 'acme'] },
        { allOf: [{ column: 'tenant', in: ['initech'] }] },
        { column: 'owner', in: ['not-a-tenant'] },
      ],
    };
    expect(metricsScopeOf(access(filter, ['acme', 'initech']))).toEqual({
      filter,
      tenants: ['acme', 'initech'],
    });
  });

  it('reaches no tenant when the condition names none', () => {
    const filter = { not: { column: 'tenant', notEqual: 'acme' } };
    expect(metricsScopeOf(access(filter, ['acme'])).tenants).toEqual([]);
  });
});
