import { ConflictError, InputError, NotAllowedError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  TenantUser,
  TenantUserPage,
  TenantUserSummary,
  TenantUserUpdate,
} from '@controlplane/plugin-tenants-common';
import {
  StoredTenant,
  toInvitation,
  toItemsPage,
  toUser,
} from '../database/rows';
import { UserListQuery } from '../database/TenantsStore';
import { TenantsContext } from './TenantsContext';

/** How many of the newest users and invitations the user summary lists. */
const SUMMARY_NEWEST = 5;

/** The users of a tenant: list, read, change role or status, delete. */
export class TenantUsersService {
  readonly #ctx: TenantsContext;

  constructor(ctx: TenantsContext) {
    this.#ctx = ctx;
  }

  async listUsers(
    tenant: StoredTenant,
    query: UserListQuery,
  ): Promise<TenantUserPage> {
    return toItemsPage(
      await this.#ctx.stores.tenants.listUsers(tenant.id, query),
      row => toUser(row, tenant.name),
    );
  }

  /**
   * How many users the tenant has (by status and role), the newest ones,
   * and its pending invitations: what its owners see first.
   */
  async summary(tenant: StoredTenant): Promise<TenantUserSummary> {
    const now = this.#ctx.now();
    const rows = await this.#ctx.stores.tenants.userSummary(
      tenant.id,
      now.toISOString(),
      SUMMARY_NEWEST,
    );
    const count = (match: (row: { role: string; status: string }) => boolean) =>
      rows.counts.filter(match).reduce((sum, row) => sum + row.count, 0);
    return {
      tenant: tenant.name,
      users: {
        total: count(() => true),
        active: count(row => row.status === 'active'),
        disabled: count(row => row.status === 'disabled'),
        byRole: {
          owner: count(row => row.role === 'owner'),
          administrator: count(row => row.role === 'administrator'),
          user: count(row => row.role === 'user'),
        },
      },
      newestUsers: rows.newestUsers.map(row => toUser(row, tenant.name)),
      invitations: {
        pending: rows.pendingInvitations,
        newestPending: rows.newestPendingInvitations.map(row =>
          toInvitation(row, tenant.name, now),
        ),
      },
    };
  }

  async getUser(tenant: StoredTenant, userId: string): Promise<TenantUser> {
    return toUser(
      await this.#ctx.loadUser(this.#ctx.stores.tenants, tenant, userId),
      tenant.name,
    );
  }

  /**
   * Changes a user's role and/or status. A role change or a disable revokes
   * all of the user's sessions. The tenant row is locked while the owners
   * are counted, so the last active owner can never be demoted or disabled,
   * even by concurrent requests. Making a user owner, or changing an owner,
   * needs `mayManageOwners` (checked against the row read under the lock).
   */
  async updateUser(
    tenant: StoredTenant,
    userId: string,
    patch: TenantUserUpdate,
    mayManageOwners: boolean,
  ): Promise<Change<TenantUser>> {
    this.#ctx.assertNotOffboarded(tenant);
    if (patch.role === undefined && patch.status === undefined) {
      throw new InputError('Give a new role, a new status, or both');
    }
    const now = this.#ctx.now();
    const { before, after, revoked } = await this.#ctx.stores.transaction(
      async s => {
        await s.tenants.lockTenant(tenant.id);
        const user = await this.#ctx.loadUser(s.tenants, tenant, userId);
        const role = patch.role ?? user.role;
        const status = patch.status ?? user.status;
        if (!mayManageOwners && (role === 'owner' || user.role === 'owner')) {
          throw new NotAllowedError(
            `Making ${user.email} an owner, or changing an owner, needs tenants.owner.manage`,
          );
        }
        const losesOwner =
          user.role === 'owner' &&
          user.status === 'active' &&
          (role !== 'owner' || status !== 'active');
        if (losesOwner && (await s.tenants.countActiveOwners(tenant.id)) <= 1) {
          throw new ConflictError(
            `${user.email} is the last owner of tenant ${tenant.name}; make another user owner first`,
          );
        }
        await s.tenants.updateUser(user.id, {
          role,
          status,
          updated_at: now.toISOString(),
        });
        const invalidate = role !== user.role || status === 'disabled';
        const count = invalidate
          ? await s.sessions.revokeAllForUser(
              user.id,
              role !== user.role ? 'role-changed' : 'user-disabled',
              now,
            )
          : 0;
        return {
          before: user,
          after: { ...user, role, status, updated_at: now.toISOString() },
          revoked: count,
        };
      },
    );
    return {
      result: toUser(after, tenant.name),
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-user',
        resourceId: userId,
        before: {
          email: before.email,
          role: before.role,
          status: before.status,
        },
        after: { email: after.email, role: after.role, status: after.status },
        sessionsRevoked: revoked,
      },
    };
  }

  /**
   * Deletes a user and revokes their sessions; never the last owner, and an
   * owner only with `mayManageOwners`.
   */
  async deleteUser(
    tenant: StoredTenant,
    userId: string,
    mayManageOwners: boolean,
  ): Promise<Change<TenantUser>> {
    this.#ctx.assertNotOffboarded(tenant);
    const now = this.#ctx.now();
    const { user, revoked } = await this.#ctx.stores.transaction(async s => {
      await s.tenants.lockTenant(tenant.id);
      const row = await this.#ctx.loadUser(s.tenants, tenant, userId);
      if (row.role === 'owner' && !mayManageOwners) {
        throw new NotAllowedError(
          `Deleting ${row.email}, an owner, needs tenants.owner.manage`,
        );
      }
      if (
        row.role === 'owner' &&
        row.status === 'active' &&
        (await s.tenants.countActiveOwners(tenant.id)) <= 1
      ) {
        throw new ConflictError(
          `${row.email} is the last owner of tenant ${tenant.name} and cannot be deleted`,
        );
      }
      const count = await s.sessions.revokeAllForUser(
        row.id,
        'user-deleted',
        now,
      );
      await s.tenants.deleteUser(row.id);
      return { user: row, revoked: count };
    });
    return {
      result: toUser(user, tenant.name),
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-user',
        resourceId: userId,
        before: { email: user.email, role: user.role, status: user.status },
        sessionsRevoked: revoked,
      },
    };
  }
}
