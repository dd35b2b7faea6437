import {
  OpenApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import {
  Explanation,
  PermissionInfo,
  RbacApiPaths,
  Role,
} from '@controlplane/plugin-rbac-common';
import { NewRole, RbacApi } from './RbacApi';

/** Talks to the RBAC backend through the app's fetch and discovery APIs. */
export class RbacClient implements RbacApi {
  private readonly api: OpenApiClient<RbacApiPaths>;

  constructor(options: PluginApiClientOptions) {
    this.api = new OpenApiClient({ ...options, pluginId: 'rbac' });
  }

  async listPermissions(): Promise<PermissionInfo[]> {
    return (await this.api.call('get', '/permissions')).items;
  }

  async listRoles(): Promise<Role[]> {
    return (await this.api.call('get', '/roles')).items;
  }

  getRole(name: string): Promise<Role> {
    return this.api.call('get', '/roles/{name}', { path: { name } });
  }

  createRole(role: NewRole): Promise<Role> {
    return this.api.call('post', '/roles', { body: role });
  }

  async deleteRole(name: string): Promise<void> {
    await this.api.call('delete', '/roles/{name}', { path: { name } });
  }

  grant(roleName: string, pattern: string): Promise<Role> {
    return this.api.call('put', '/roles/{name}/grants/{pattern}', {
      path: { name: roleName, pattern },
    });
  }

  revoke(roleName: string, pattern: string): Promise<Role> {
    return this.api.call('delete', '/roles/{name}/grants/{pattern}', {
      path: { name: roleName, pattern },
    });
  }

  addMember(roleName: string, memberRef: string): Promise<Role> {
    return this.api.call('put', '/roles/{name}/members/{memberRef}', {
      path: { name: roleName, memberRef },
    });
  }

  removeMember(roleName: string, memberRef: string): Promise<Role> {
    return this.api.call('delete', '/roles/{name}/members/{memberRef}', {
      path: { name: roleName, memberRef },
    });
  }

  explain(
    user: string,
    permission: string,
    resourceRef?: string,
  ): Promise<Explanation> {
    return this.api.call('get', '/explain', {
      query: { user, permission, resourceRef },
    });
  }
}
