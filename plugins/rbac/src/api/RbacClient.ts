import { DiscoveryApi, FetchApi } from '@backstage/frontend-plugin-api';
import { ResponseError } from '@backstage/errors';
import { Explanation, Role } from '@controlplane/plugin-rbac-common';
import { PermissionInfo, RbacApi } from './RbacApi';

const enc = encodeURIComponent;

/** Talks to the RBAC backend through the app's fetch and discovery APIs. */
export class RbacClient implements RbacApi {
  private readonly discoveryApi: DiscoveryApi;
  private readonly fetchApi: FetchApi;

  constructor(options: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
    this.discoveryApi = options.discoveryApi;
    this.fetchApi = options.fetchApi;
  }

  async listPermissions(): Promise<PermissionInfo[]> {
    const body = await this.request<{ items: PermissionInfo[] }>(
      'GET',
      '/permissions',
    );
    return body.items;
  }

  async listRoles(): Promise<Role[]> {
    const body = await this.request<{ items: Role[] }>('GET', '/roles');
    return body.items;
  }

  getRole(name: string): Promise<Role> {
    return this.request('GET', `/roles/${enc(name)}`);
  }

  createRole(role: { name: string; description: string }): Promise<Role> {
    return this.request('POST', '/roles', role);
  }

  async deleteRole(name: string): Promise<void> {
    await this.request('DELETE', `/roles/${enc(name)}`);
  }

  grant(roleName: string, pattern: string): Promise<Role> {
    return this.request(
      'PUT',
      `/roles/${enc(roleName)}/grants/${enc(pattern)}`,
    );
  }

  revoke(roleName: string, pattern: string): Promise<Role> {
    return this.request(
      'DELETE',
      `/roles/${enc(roleName)}/grants/${enc(pattern)}`,
    );
  }

  addMember(roleName: string, memberRef: string): Promise<Role> {
    return this.request(
      'PUT',
      `/roles/${enc(roleName)}/members/${enc(memberRef)}`,
    );
  }

  removeMember(roleName: string, memberRef: string): Promise<Role> {
    return this.request(
      'DELETE',
      `/roles/${enc(roleName)}/members/${enc(memberRef)}`,
    );
  }

  explain(user: string, permission: string): Promise<Explanation> {
    return this.request(
      'GET',
      `/explain?user=${enc(user)}&permission=${enc(permission)}`,
    );
  }

  private async request<T>(
    method: string,
    path: string,
    body?: unknown,
  ): Promise<T> {
    const baseUrl = await this.discoveryApi.getBaseUrl('rbac');
    const response = await this.fetchApi.fetch(`${baseUrl}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : {
            headers: { 'Content-Type': 'application/json' },
            body: JSON.stringify(body),
          }),
    });
    if (!response.ok) {
      throw await ResponseError.fromResponse(response);
    }
    if (response.status === 204) {
      return undefined as T;
    }
    return (await response.json()) as T;
  }
}
