import { resourceConditions } from './conditions';
import { decide, evaluate, isAllowed } from './evaluate';
import { PolicySnapshot } from './generated';
import {
  formatRoleMember,
  parseRoleMember,
  tenantLoginMembership,
} from './members';
import {
  formatGrant,
  grantMatches,
  parseGrant,
  validateGrantPattern,
} from './grants';

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

  it('reads and writes owned grants, which match like their pattern', () => {
    expect(parseGrant('apps.credential.*@owned')).toEqual({
      pattern: 'apps.credential.*',
      owned: true,
    });
    expect(parseGrant('apps.app.read')).toEqual({
      pattern: 'apps.app.read',
      owned: false,
    });
    expect(formatGrant({ pattern: 'apps.app.update', owned: true })).toBe(
      'apps.app.update@owned',
    );
    expect(
      grantMatches('apps.credential.*@owned', 'apps.credential.create'),
    ).toBe(true);
    expect(grantMatches('apps.app.update@owned', 'apps.app.read')).toBe(false);
    expect(
      validateGrantPattern('apps.credential.create@owned'),
    ).toBeUndefined();
    expect(validateGrantPattern('apps.*@owned')).toBeUndefined();
    expect(validateGrantPattern('*@owned')).toMatch(/cannot be owner-scoped/);
    expect(validateGrantPattern('apps.app.read@mine')).toMatch(
      /not a permission name/,
    );
    expect(validateGrantPattern('apps.app.read@owned@owned')).toMatch(
      /not a permission name/,
    );
    expect(validateGrantPattern(`apps.${'a'.repeat(300)}`)).toMatch(
      /longer than 255/,
    );
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

describe('owned grants', () => {
  const devon = {
    userEntityRef: 'user:default/devon',
    ownershipEntityRefs: ['group:default/team-apps'],
  };
  const role = (name: string, grants: string[], members: string[]) => ({
    name,
    grants,
    members,
  });
  const snapshotOf = (...roles: PolicySnapshot['roles']): PolicySnapshot => ({
    revision: 3,
    roles,
  });
  const createCredential = {
    name: 'apps.credential.create',
    resourceType: 'apps-app',
  };
  const ownerRule = {
    rule: 'IS_OWNER',
    resourceType: 'apps-app',
    params: { ownerRefs: ['user:default/devon', 'group:default/team-apps'] },
  };

  it('allows only owned resources through an owned grant', () => {
    const owned = snapshotOf(
      role(
        'developer',
        ['apps.app.read', 'apps.credential.create@owned'],
        ['group:default/team-apps'],
      ),
    );
    expect(decide(owned, devon, 'apps.credential.create')).toEqual({
      result: 'SCOPED',
      scopes: [{ owned: true }],
    });
    expect(decide(owned, devon, 'apps.app.read')).toEqual({ result: 'ALLOW' });
    expect(isAllowed(owned, devon, 'apps.credential.create')).toBe(false);
    const decision = decide(owned, devon, 'apps.credential.create');
    expect(decision.result).toBe('SCOPED');
    expect(
      resourceConditions(
        decision as Exclude<typeof decision, { result: 'DENY' }>,
        createCredential,
        devon,
      ),
    ).toEqual(ownerRule);
  });

  it('lets a plain grant of another role win over an owned one', () => {
    const both = snapshotOf(
      role('developer', ['apps.*@owned'], ['group:default/team-apps']),
      role('operator', ['apps.*'], ['user:default/devon']),
    );
    expect(decide(both, devon, 'apps.credential.create')).toEqual({
      result: 'ALLOW',
    });
  });

  it('combines owned and tenant-scoped grants as alternatives, owned within a tenant as both', () => {
    const mixed = snapshotOf(
      role(
        'developer',
        ['apps.credential.create@owned'],
        ['group:default/team-apps@globex'],
      ),
      role('org-owner', ['apps.*'], ['user:default/devon@acme']),
    );
    const decision = decide(mixed, devon, 'apps.credential.create');
    expect(decision).toEqual({
      result: 'SCOPED',
      scopes: [{ tenants: ['acme'] }, { owned: true, tenants: ['globex'] }],
    });
    expect(
      resourceConditions(
        decision as Exclude<typeof decision, { result: 'DENY' }>,
        createCredential,
        devon,
      ),
    ).toEqual({
      anyOf: [
        {
          rule: 'IS_IN_TENANT',
          resourceType: 'apps-app',
          params: { tenants: ['acme'] },
        },
        {
          allOf: [
            {
              rule: 'IS_IN_TENANT',
              resourceType: 'apps-app',
              params: { tenants: ['globex'] },
            },
            ownerRule,
          ],
        },
      ],
    });
  });

  it('drops scopes another scope already covers', () => {
    const covered = snapshotOf(
      role('developer', ['apps.*@owned'], ['group:default/team-apps']),
      role('tenant-dev', ['apps.*@owned'], ['user:default/devon@acme']),
      role('org-owner', ['apps.*'], ['user:default/devon@globex']),
      role('globex-dev', ['apps.*@owned'], ['user:default/devon@globex']),
    );
    expect(decide(covered, devon, 'apps.credential.create')).toEqual({
      result: 'SCOPED',
      scopes: [{ tenants: ['globex'] }, { owned: true }],
    });
    const withinTenant = snapshotOf(
      role('org-owner', ['apps.*'], ['user:default/devon@globex']),
      role('globex-dev', ['apps.*@owned'], ['user:default/devon@globex']),
    );
    expect(decide(withinTenant, devon, 'apps.credential.create')).toEqual({
      result: 'SCOPED',
      scopes: [{ tenants: ['globex'] }],
    });
  });

  it('explains owned grants and their scope', () => {
    const owned = snapshotOf(
      role(
        'developer',
        ['apps.credential.*@owned'],
        ['group:default/team-apps'],
      ),
    );
    const explanation = evaluate(owned, devon, 'apps.credential.create');
    expect(explanation).toMatchObject({
      result: 'CONDITIONAL',
      scopes: [{ owned: true }],
      matches: [
        {
          role: 'developer',
          grant: 'apps.credential.*@owned',
          via: 'group:default/team-apps',
          owned: true,
        },
      ],
    });
    expect(explanation.tenants).toBeUndefined();
    expect(explanation.reason).toMatch(
      /only for resources owned by the user or their groups/,
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
      result: 'SCOPED',
      scopes: [{ tenants: ['acme', 'globex'] }],
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
      resourceConditions({ result: 'ALLOW' }, resource, tina),
    ).toBeUndefined();
    expect(
      resourceConditions(
        { result: 'SCOPED', scopes: [{ tenants: ['acme'] }] },
        {
          name: 'promotions.request.approve',
          resourceType: 'promotion-request',
        },
        tina,
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

describe('tenant login principals', () => {
  const roles: PolicySnapshot = {
    revision: 3,
    roles: [
      { name: 'org-owner', grants: ['tenants.*'], members: [] },
      { name: 'platform-admin', grants: ['*'], members: [] },
    ],
  };
  const owner = {
    userEntityRef: 'user:tenant-acme/u-1',
    ownershipEntityRefs: [
      'user:tenant-acme/u-1',
      'group:tenant-acme/org-owner',
    ],
  };

  it('count as tenant-scoped members of their role', () => {
    expect(
      tenantLoginMembership(owner.userEntityRef, 'group:tenant-acme/org-owner'),
    ).toEqual({
      role: 'org-owner',
      tenant: 'acme',
    });
    expect(decide(roles, owner, 'tenants.tenant.read')).toEqual({
      result: 'SCOPED',
      scopes: [{ tenants: ['acme'] }],
    });
  });

  it('explain the implicit membership', () => {
    expect(evaluate(roles, owner, 'tenants.tenant.read')).toMatchObject({
      result: 'CONDITIONAL',
      tenants: ['acme'],
      matches: [
        {
          role: 'org-owner',
          grant: 'tenants.*',
          via: 'group:tenant-acme/org-owner',
          tenant: 'acme',
        },
      ],
    });
  });

  it('hold only the tenant login roles', () => {
    const claimsAdmin = {
      userEntityRef: 'user:tenant-acme/u-1',
      ownershipEntityRefs: ['group:tenant-acme/platform-admin'],
    };
    expect(decide(roles, claimsAdmin, 'tenants.tenant.read')).toEqual({
      result: 'DENY',
    });
    expect(evaluate(roles, claimsAdmin, 'tenants.tenant.read').matches).toEqual(
      [],
    );
  });
});
