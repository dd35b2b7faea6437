import {
  PluginApiClient,
  PluginApiClientOptions,
} from '@controlplane/frontend-common';
import { Explanation, Role } from '@controlplane/plugin-rbac-common';
import { PermissionInfo, RbacApi } from './RbacApi';

const enc = encodeURIComponent;

/** Talks to the RBAC backend through the app's fetch and discovery APIs. */
export class RbacClient implements RbacApi {
  private readonly backend: PluginApiClient;

  constructor(options: PluginApiClientOptions) {
    this.backend = new PluginApiClient({ ...options, pluginId: 'rbac' });
  }

  async listPermissions(): Promise<PermissionInfo[]> {
    const body = await this.backend.request<{ items: PermissionInfo[] }>(
      'GET',
      '/permissions',
    );
    return body.items;
  }

  async listRoles(): Promise<Role[]> {
    const body = await this.backend.request<{ items: Role[] }>('GET', '/roles');
    return body.items;
  }

  getRole(name: string): Promise<Role> {
    return this.backend.request('GET', `/roles/${enc(name)}`);
  }

  createRole(role: { name: string; description: string }): Promise<Role> {
    return this.backend.request('POST', '/roles', role);
  }

  async deleteRole(name: string): Promise<void> {
    await this.backend.request('DELETE', `/roles/${enc(name)}`);
  }

  grant(roleName: string, pattern: string): Promise<Role> {
    return this.backend.request(
      'PUT',
      `/roles/${enc(roleName)}/grants/${enc(pattern)}`,
    );
  }

  revoke(roleName: string, pattern: string): Promise<Role> {
    return this.backend.request(
      'DELETE',
      `/roles/${enc(roleName)}/grants/${enc(pattern)}`,
    );
  }

  addMember(roleName: string, memberRef: string): Promise<Role> {
    return this.backend.request(
      'PUT',
      `/roles/${enc(roleName)}/members/${enc(memberRef)}`,
    );
  }

  removeMember(roleName: string, memberRef: string): Promise<Role> {
    return this.backend.request(
      'DELETE',
      `/roles/${enc(roleName)}/members/${enc(memberRef)}`,
    );
  }

  explain(
    user: string,
    permission: string,
    resourceRef?: string,
  ): Promise<Explanation> {
    const resource = resourceRef ? `&resourceRef=${enc(resourceRef)}` : '';
    return this.backend.request(
      'GET',
      `/explain?user=${enc(user)}&permission=${enc(permission)}${resource}`,
    );
  }
}
