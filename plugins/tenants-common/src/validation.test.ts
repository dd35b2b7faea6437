import {
  checkPassword,
  cidrProblem,
  domainProblem,
  organizationSettingsProblems,
  passwordExpiresAt,
  passwordPolicyProblems,
} from './validation';
import type { PasswordPolicy } from './generated';
import {
  DEFAULT_ORGANIZATION_SETTINGS,
  DEFAULT_PASSWORD_POLICY,
} from './types';
import {
  tenantsPermissionDescriptions,
  tenantsPermissions,
  TENANT_RESOURCE_TYPE,
} from './permissions';

describe('cidrProblem', () => {
  it.each([
    '10.0.0.0/8',
    '192.168.1.0/24',
    '0.0.0.0/0',
    '203.0.113.7',
    '2001:db8::/32',
    '::1/128',
    '::/0',
    'fe80::1',
    '::ffff:192.0.2.1/128',
    '2001:0db8:0000:0000:0000:ff00:0042:8329/64',
  ])('accepts %s', entry => {
    expect(cidrProblem(entry)).toBeUndefined();
  });

  it.each([
    ['10.0.0.0/33', /prefix length outside 0..32/],
    ['256.1.1.1/8', /not an IPv4 or IPv6 CIDR/],
    ['10.0.0/8', /not an IPv4/],
    ['2001:db8::/129', /outside 0..128/],
    ['2001:db8:::1/64', /not an IPv4/],
    ['1:2:3:4:5:6:7:8:9', /not an IPv4/],
    ['hello', /"hello"/],
    ['10.0.0.0/8/1', /not an IPv4/],
    ['01.0.0.0/8', /not an IPv4/],
  ])('rejects %s', (entry, message) => {
    expect(cidrProblem(entry)).toMatch(message);
  });
});

describe('organization settings', () => {
  it('names every offending entry', () => {
    expect(
      organizationSettingsProblems({
        ...DEFAULT_ORGANIZATION_SETTINGS,
        sessionTimeoutMinutes: 1,
        allowedDomains: ['acme.example', 'not a domain'],
        ipAllowList: ['10.0.0.0/8', '300.0.0.0/8'],
      }),
    ).toEqual([
      expect.stringMatching(/sessionTimeoutMinutes/),
      expect.stringMatching(/"not a domain"/),
      expect.stringMatching(/"300\.0\.0\.0\/8"/),
    ]);
    expect(organizationSettingsProblems(DEFAULT_ORGANIZATION_SETTINGS)).toEqual(
      [],
    );
    expect(domainProblem('Acme.example')).toBeDefined();
  });
});

describe('password policy', () => {
  const policy: PasswordPolicy = {
    ...DEFAULT_PASSWORD_POLICY,
    minLength: 10,
    requireSymbol: true,
    historyCount: 2,
  };

  it('validates the policy itself', () => {
    expect(passwordPolicyProblems(DEFAULT_PASSWORD_POLICY)).toEqual([]);
    expect(
      passwordPolicyProblems({ ...policy, minLength: 7, historyCount: 30 }),
    ).toEqual([
      'minLength must be a whole number from 8 to 128',
      'historyCount must be a whole number from 0 to 24',
    ]);
  });

  it('checks each rule of the policy', () => {
    expect(checkPassword(policy, 'Abcdefgh1!')).toEqual({
      ok: true,
      problems: [],
    });
    expect(checkPassword(policy, 'abc').problems).toEqual([
      'must be at least 10 characters long',
      'must contain an upper-case letter',
      'must contain a digit',
      'must contain a symbol',
    ]);
  });

  it('refuses recent passwords only within the history count', () => {
    const verifiers = ['Old-password1', 'Older-password1', 'Ancient-pass1'].map(
      old => (candidate: string) => candidate === old,
    );
    expect(
      checkPassword(policy, 'Older-password1', verifiers).problems,
    ).toEqual(['must differ from the last 2 passwords']);
    expect(checkPassword(policy, 'Ancient-pass1', verifiers).ok).toBe(true);
  });

  it('computes the expiry', () => {
    const at = new Date('2026-01-01T00:00:00Z');
    expect(passwordExpiresAt(policy, at)).toBeUndefined();
    expect(
      passwordExpiresAt({ ...policy, expiryDays: 30 }, at)?.toISOString(),
    ).toBe('2026-01-31T00:00:00.000Z');
  });
});

describe('permissions', () => {
  it('describes every permission and scopes all but two to the tenant', () => {
    for (const permission of tenantsPermissions) {
      expect(tenantsPermissionDescriptions[permission.name]).toBeTruthy();
      expect(permission.name).toMatch(/^tenants\.[a-z-]+\.[a-z-]+$/);
    }
    expect(
      tenantsPermissions
        .filter(p => p.type === 'basic')
        .map(p => p.name)
        .sort(),
    ).toEqual(['tenants.impersonation.start', 'tenants.tenant.create']);
    expect(
      tenantsPermissions.filter(
        p => p.type === 'resource' && p.resourceType === TENANT_RESOURCE_TYPE,
      ),
    ).toHaveLength(tenantsPermissions.length - 2);
  });
});
