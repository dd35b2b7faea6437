import {
  billingPermissionDescriptions,
  billingPermissions,
  billingTenantResourceType,
} from './permissions';
import { periodBounds, periodOf } from './types';

describe('billing permissions', () => {
  it('are named <pluginId>.<resource>.<action>, as the RBAC grants match them', () => {
    for (const permission of billingPermissions) {
      expect(permission.name).toMatch(/^billing\.[a-z-]+\.[a-z-]+$/);
    }
  });

  it('are resource permissions on the tenant, except adjustments (the platform)', () => {
    const types = Object.fromEntries(
      billingPermissions.map(p => [
        p.name,
        p.type === 'resource' ? p.resourceType : 'basic',
      ]),
    );
    expect(types).toEqual({
      'billing.usage.read': billingTenantResourceType,
      'billing.quota.update': billingTenantResourceType,
      'billing.budget.update': billingTenantResourceType,
      'billing.adjustment.create': 'basic',
    });
  });

  it('each have a description, and no description is left over', () => {
    expect(Object.keys(billingPermissionDescriptions).sort()).toEqual(
      billingPermissions.map(permission => permission.name).sort(),
    );
  });
});

describe('periods', () => {
  it('are UTC calendar months', () => {
    expect(periodOf('2026-12-31T23:59:59.999Z')).toBe('2026-12');
    expect(periodOf('2027-01-01T00:00:00.000Z')).toBe('2027-01');
    expect(periodBounds('2026-12')).toEqual({
      start: '2026-12-01T00:00:00.000Z',
      end: '2027-01-01T00:00:00.000Z',
    });
    expect(periodBounds('2026-02').end).toBe('2026-03-01T00:00:00.000Z');
  });
});
