import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import {
  AuthorizeResult,
  createPermission,
} from '@backstage/plugin-permission-common';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import { ColumnFilter } from './filters';
import { ResourceAuthorizer } from './ResourceAuthorizer';
import { createNotRequesterRule, createTenantRule } from './rules';

interface Request {
  id: string;
  tenant: string;
  requester: string;
}

const requestRef = createPermissionResourceRef<Request, ColumnFilter>().with({
  pluginId: 'promotions',
  resourceType: 'promotion-request',
});

const approve = createPermission({
  name: 'promotions.request.approve',
  attributes: { action: 'update' },
  resourceType: 'promotion-request',
});

const tenantRule = createTenantRule({
  resourceRef: requestRef,
  column: 'tenant',
  getTenant: request => request.tenant,
});
const notRequesterRule = createNotRequesterRule({
  resourceRef: requestRef,
  column: 'requester',
  getRequester: request => request.requester,
});

const ruleset = {
  getRuleByName(name: string) {
    const rule = [tenantRule, notRequesterRule].find(r => r.name === name);
    if (!rule) throw new Error(`unknown rule ${name}`);
    return rule as any;
  },
};

const conditional = {
  result: AuthorizeResult.CONDITIONAL,
  pluginId: 'promotions',
  resourceType: 'promotion-request',
  conditions: {
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
  },
} as const;

function authorizerReturning(decision: object) {
  const permissions = mockServices.permissions.mock({
    authorizeConditional: jest.fn(async () => [decision as any]),
  });
  return new ResourceAuthorizer({ permissions, ruleset });
}

describe('shared rules and ResourceAuthorizer', () => {
  const tina = mockCredentials.user('user:default/tina');

  it('turns a conditional decision into a column filter for lists', async () => {
    await expect(
      authorizerReturning(conditional).listAccess(tina, approve),
    ).resolves.toEqual({
      allowed: true,
      filter: {
        allOf: [
          { column: 'tenant', in: ['acme'] },
          { column: 'requester', notEqual: 'user:default/tina' },
        ],
      },
    });
    await expect(
      authorizerReturning({ result: AuthorizeResult.ALLOW }).listAccess(
        tina,
        approve,
      ),
    ).resolves.toEqual({ allowed: true });
    await expect(
      authorizerReturning({ result: AuthorizeResult.DENY }).listAccess(
        tina,
        approve,
      ),
    ).resolves.toEqual({ allowed: false });
  });

  it('applies the same conditions to one loaded resource', async () => {
    const authorizer = authorizerReturning(conditional);
    const own = { id: '1', tenant: 'acme', requester: 'user:default/tina' };
    const other = { id: '2', tenant: 'acme', requester: 'user:default/ada' };
    const elsewhere = { id: '3', tenant: 'globex', requester: 'user:ada' };
    await expect(authorizer.isAllowed(tina, approve, other)).resolves.toBe(
      true,
    );
    // Separation of duties: never one's own request.
    await expect(authorizer.isAllowed(tina, approve, own)).resolves.toBe(false);
    // Tenant scope: never another tenant's request.
    await expect(
      authorizer.assertAllowed(tina, approve, elsewhere),
    ).rejects.toThrow('You are not allowed promotions.request.approve');
  });
});
