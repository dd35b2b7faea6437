import { evaluate, isAllowed, PolicySnapshot } from './evaluate';
import { grantMatches, validateGrantPattern } from './grants';

const snapshot: PolicySnapshot = {
  revision: 1,
  roles: [
    {
      name: 'operator',
      grants: ['tenants.*', 'flags.flag.read'],
      members: ['group:default/operators'],
    },
    {
      name: 'auditor',
      grants: ['audit.log.read'],
      members: ['user:default/audrey'],
    },
  ],
};

describe('grants', () => {
  it('matches exact names, domain wildcards and *', () => {
    expect(grantMatches('billing.quota.update', 'billing.quota.update')).toBe(
      true,
    );
    expect(grantMatches('billing.quota.update', 'billing.quota.read')).toBe(
      false,
    );
    expect(grantMatches('billing.*', 'billing.quota.update')).toBe(true);
    expect(grantMatches('billing.*', 'billingx.quota.update')).toBe(false);
    expect(grantMatches('billing.quota.*', 'billing.invoice.read')).toBe(false);
    expect(grantMatches('*', 'anything.at.all')).toBe(true);
  });

  it('rejects malformed patterns with a reason', () => {
    expect(validateGrantPattern('billing.*')).toBeUndefined();
    expect(validateGrantPattern('catalog.entity.read')).toBeUndefined();
    expect(validateGrantPattern('*')).toBeUndefined();
    expect(validateGrantPattern('billing*')).toMatch(/not a permission name/);
    expect(validateGrantPattern('*.read')).toMatch(/not a permission name/);
    expect(validateGrantPattern('')).toMatch(/not a permission name/);
  });
});

describe('evaluate', () => {
  it('allows through group membership and explains which grant', () => {
    const decision = evaluate(
      snapshot,
      {
        userEntityRef: 'user:default/oscar',
        ownershipEntityRefs: ['group:default/operators'],
      },
      'tenants.tenant.suspend',
    );
    expect(decision.result).toBe('ALLOW');
    expect(decision.matches).toEqual([
      { role: 'operator', grant: 'tenants.*', via: 'group:default/operators' },
    ]);
  });

  it('denies when no role of the user grants the permission', () => {
    const decision = evaluate(
      snapshot,
      { userEntityRef: 'user:default/audrey', ownershipEntityRefs: [] },
      'tenants.tenant.suspend',
    );
    expect(decision.result).toBe('DENY');
    expect(decision.matches).toEqual([]);
    expect(decision.reason).toMatch(
      /no role of user:default\/audrey grants tenants.tenant.suspend/,
    );
  });
});

describe('isAllowed', () => {
  it('agrees with evaluate for every subject and permission', () => {
    const subjects = [
      {
        userEntityRef: 'user:default/oscar',
        ownershipEntityRefs: ['group:default/operators'],
      },
      { userEntityRef: 'user:default/audrey', ownershipEntityRefs: [] },
      {
        userEntityRef: 'user:default/nobody',
        ownershipEntityRefs: ['group:default/other'],
      },
    ];
    const permissions = [
      'tenants.tenant.suspend',
      'flags.flag.read',
      'flags.flag.update',
      'audit.log.read',
    ];
    for (const subject of subjects) {
      for (const permission of permissions) {
        expect(isAllowed(snapshot, subject, permission)).toBe(
          evaluate(snapshot, subject, permission).result === 'ALLOW',
        );
      }
    }
    expect(isAllowed(snapshot, subjects[0], 'tenants.tenant.suspend')).toBe(
      true,
    );
    expect(isAllowed(snapshot, subjects[1], 'tenants.tenant.suspend')).toBe(
      false,
    );
  });
});
