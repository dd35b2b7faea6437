import { resourceConditions } from './conditions';
import { decide, evaluate, isAllowed } from './evaluate';
import { PolicySnapshot } from './generated';
import { formatRoleMember, parseRoleMember } from './members';
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

describe('tenant-scoped members', () => {
  const scoped: PolicySnapshot = {
    revision: 2,
    roles: [
      {
        name: 'org-owner',
        grants: ['billing.*', 'audit.log.read'],
        members: ['group:default/acme-owners@acme', 'user:default/tina@globex'],
      },
      {
        name: 'auditor',
        grants: ['audit.*'],
        members: ['user:default/audrey'],
      },
    ],
  };
  const tina = {
    userEntityRef: 'user:default/tina',
    ownershipEntityRefs: ['user:default/tina', 'group:default/acme-owners'],
  };

  it('parses and formats members with and without a tenant', () => {
    expect(parseRoleMember('group:default/acme-owners@acme')).toEqual({
      ref: 'group:default/acme-owners',
      tenant: 'acme',
    });
    expect(parseRoleMember('user:default/ada')).toEqual({
      ref: 'user:default/ada',
    });
    expect(formatRoleMember({ ref: 'user:default/ada', tenant: 'x' })).toBe(
      'user:default/ada@x',
    );
  });

  it('allows only within the tenants of the scoped memberships', () => {
    expect(decide(scoped, tina, 'billing.quota.update')).toEqual({
      result: 'TENANTS',
      tenants: ['acme', 'globex'],
    });
    expect(decide(scoped, tina, 'flags.flag.read')).toEqual({ result: 'DENY' });
    expect(isAllowed(scoped, tina, 'billing.quota.update')).toBe(false);
  });

  it('lets an unscoped membership win over scoped ones', () => {
    const both: PolicySnapshot = {
      ...scoped,
      roles: [
        ...scoped.roles,
        {
          name: 'all',
          grants: ['audit.log.read'],
          members: ['user:default/tina'],
        },
      ],
    };
    expect(decide(both, tina, 'audit.log.read')).toEqual({ result: 'ALLOW' });
  });

  it('explains a conditional decision with its tenants', () => {
    const explanation = evaluate(scoped, tina, 'audit.log.read');
    expect(explanation.result).toBe('CONDITIONAL');
    expect(explanation.tenants).toEqual(['acme', 'globex']);
    expect(explanation.matches).toEqual([
      {
        role: 'org-owner',
        grant: 'audit.log.read',
        via: 'group:default/acme-owners',
        tenant: 'acme',
      },
      {
        role: 'org-owner',
        grant: 'audit.log.read',
        via: 'user:default/tina',
        tenant: 'globex',
      },
    ]);
    expect(explanation.reason).toMatch(
      /only for resources of tenant acme, globex/,
    );
  });

  it('builds the conditions the policy returns', () => {
    const resource = { name: 'audit.log.read', resourceType: 'audit-event' };
    expect(
      resourceConditions({ result: 'ALLOW' }, resource, 'user:default/tina'),
    ).toBeUndefined();
    expect(
      resourceConditions(
        { result: 'TENANTS', tenants: ['acme'] },
        {
          name: 'promotions.request.approve',
          resourceType: 'promotion-request',
        },
        'user:default/tina',
      ),
    ).toEqual({
      allOf: [
        {
          rule: 'IS_IN_TENANT',
          resourceType: 'promotion-request',
          params: { tenants: ['acme'] },
        },
        {
          rule: 'IS_NOT_REQUESTER',
          resourceType: 'promotion-request',
          params: { userRef: 'user:default/tina' },
        },
      ],
    });
  });
});
