import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { permissionDecision } from './renderWithApis';

const onTenant = createPermission({
  name: 'billing.quota.update',
  attributes: { action: 'update' },
  resourceType: 'billing-tenant',
});
const basic = createPermission({
  name: 'billing.adjustment.create',
  attributes: { action: 'create' },
});

describe('permissionDecision', () => {
  it('allows a permission named in allowOn on those resources only', () => {
    const decide = permissionDecision({
      allow: [basic.name],
      allowOn: { [onTenant.name]: ['acme'] },
    });
    if (typeof decide !== 'function') throw new Error('expected a function');
    expect(decide({ permission: onTenant, resourceRef: 'acme' })).toBe(
      AuthorizeResult.ALLOW,
    );
    expect(decide({ permission: onTenant, resourceRef: 'globex' })).toBe(
      AuthorizeResult.DENY,
    );
    expect(decide({ permission: basic })).toBe(AuthorizeResult.ALLOW);
  });
});
