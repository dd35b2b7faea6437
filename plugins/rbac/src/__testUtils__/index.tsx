import { createRenderWithApi } from '@controlplane/frontend-common/testUtils';
import {
  Explanation,
  PermissionInfo,
  Role,
} from '@controlplane/plugin-rbac-common';
import { RbacApi, rbacApiRef } from '../api';

/**
 * Renders with the given fake RBAC API and a permission mock allowing or
 * denying everything.
 */
export const renderWithApis = createRenderWithApi(rbacApiRef);

export const role = (
  name: string,
  grants: string[] = [],
  members: string[] = [],
): Role => ({
  name,
  description: `The ${name} role`,
  grants,
  members,
  createdAt: '2026-01-01T00:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
});

export const permission = (
  name: string,
  description = `Description of ${name}`,
): PermissionInfo => ({
  name,
  pluginId: name.split('.')[0],
  type: 'basic',
  description,
});

/**
 * A fake RBAC API: every method is a jest mock over the given data; a created
 * role is listed from then on.
 */
export function fakeRbacApi(data: {
  roles?: Role[];
  permissions?: PermissionInfo[];
  explanation?: Explanation;
}): jest.Mocked<RbacApi> {
  const roles = [...(data.roles ?? [])];
  const find = (name: string) => roles.find(r => r.name === name)!;
  return {
    listPermissions: jest.fn(async () => data.permissions ?? []),
    listRoles: jest.fn(async () => [...roles]),
    getRole: jest.fn(async name => find(name)),
    createRole: jest.fn(async r => {
      const created = role(r.name);
      roles.push(created);
      return created;
    }),
    deleteRole: jest.fn(async (_name: string) => {}),
    grant: jest.fn(async (name, pattern) => ({
      ...find(name),
      grants: [...find(name).grants, pattern],
    })),
    revoke: jest.fn(async (name, pattern) => ({
      ...find(name),
      grants: find(name).grants.filter(g => g !== pattern),
    })),
    addMember: jest.fn(async (name, ref) => ({
      ...find(name),
      members: [...find(name).members, ref],
    })),
    removeMember: jest.fn(async (name, ref) => ({
      ...find(name),
      members: find(name).members.filter(m => m !== ref),
    })),
    explain: jest.fn(
      async (_user: string, _permission: string) => data.explanation!,
    ),
  };
}
