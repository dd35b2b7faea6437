import { randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  domainProblem,
  NewTenant,
  ProvisionedTenant,
  Tenant,
  TENANT_PLANS,
  TenantPage,
  TenantPlan,
  tenantNameProblem,
  TENANTS_EVENT_TOPIC,
  TenantsEventPayload,
  TenantsPlatformSummary,
  TenantStatus,
  TenantUpdate,
} from '@controlplane/plugin-tenants-common';
import { BackstageCredentials } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import {
  publicTenant,
  StoredTenant,
  toIso,
  toItemsPage,
  toTenant,
} from '../database/rows';
import { newToken } from '../database/SessionStore';
import { TenantListQuery } from '../database/TenantsStore';
import { InvitationsService } from './InvitationsService';
import { SessionsService } from './SessionsService';
import {
  normalizeEmail,
  requireReason,
  TenantsContext,
  TenantsServiceOptions,
} from './TenantsContext';
import { TenantSettingsService } from './TenantSettingsService';
import { TenantUsersService } from './TenantUsersService';

const APP_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

export type { TenantsServiceOptions } from './TenantsContext';

/**
 * The rules of the tenants domain: no HTTP, no SQL. The tenant lifecycle and
 * its events are here; users, invitations, sessions (with impersonations)
 * and settings are parts of their own.
 */
export class TenantsService {
  readonly users: TenantUsersService;
  readonly invitations: InvitationsService;
  readonly sessions: SessionsService;
  readonly settings: TenantSettingsService;
  readonly #ctx: TenantsContext;

  constructor(options: TenantsServiceOptions) {
    this.#ctx = new TenantsContext(options);
    this.users = new TenantUsersService(this.#ctx);
    this.invitations = new InvitationsService(this.#ctx);
    this.sessions = new SessionsService(this.#ctx);
    this.settings = new TenantSettingsService(this.#ctx);
  }

  // ---------------------------------------------------------------- tenants

  getTenant(name: string): Promise<StoredTenant> {
    return this.#ctx.getTenant(name);
  }

  async tenantsByNames(names: string[]): Promise<(StoredTenant | undefined)[]> {
    const rows = await this.#ctx.stores.tenants.tenantsByNames(names);
    return names.map(name => {
      const row = rows.find(r => r.name === name);
      return row ? toTenant(row) : undefined;
    });
  }

  async listTenants(query: TenantListQuery): Promise<TenantPage> {
    const page = toItemsPage(
      await this.#ctx.stores.tenants.listTenants(query),
      row => publicTenant(toTenant(row)),
    );
    return { ...page, items: await this.withApplications(page.items) };
  }

  /**
   * The tenants with the apps that serve them, read from the apps plugin in
   * one call; when it does not answer, `applicationsUnavailable` instead.
   */
  async withApplications(tenants: Tenant[]): Promise<Tenant[]> {
    if (tenants.length === 0) return tenants;
    const served = await this.#ctx.options.applications.read(
      tenants.map(tenant => tenant.name),
    );
    return tenants.map(({ applications: _, ...tenant }) =>
      served
        ? { ...tenant, applications: served[tenant.name] ?? [] }
        : { ...tenant, applicationsUnavailable: true },
    );
  }

  /** One tenant as the API answers it, with the apps that serve it. */
  async answer(tenant: StoredTenant): Promise<Tenant> {
    const [answered] = await this.withApplications([publicTenant(tenant)]);
    return answered;
  }

  /**
   * Provisions a tenant. Its applications are set in the apps plugin as
   * `linkAs` (the user), inside the transaction that stores the tenant: when
   * the apps plugin refuses or does not answer, nothing is stored, sent or
   * published, so a retry starts afresh. (Should the commit fail after the
   * apps accepted, they serve a name no tenant has; the retry sets the same
   * list again.)
   */
  async provision(
    input: NewTenant,
    actor: string,
    linkAs?: BackstageCredentials,
  ): Promise<Change<ProvisionedTenant>> {
    const problem = tenantNameProblem(input.name);
    if (problem) throw new InputError(problem);
    const domain = input.domain.trim().toLowerCase();
    const domainError = domainProblem(domain);
    if (domainError) throw new InputError(`domain: ${domainError}`);
    if (!TENANT_PLANS.includes(input.plan)) {
      throw new InputError(`plan must be one of ${TENANT_PLANS.join(', ')}`);
    }
    const applications = [...new Set(input.applications ?? [])];
    const badApp = applications.find(app => !APP_PATTERN.test(app));
    if (badApp !== undefined) {
      throw new InputError(`"${badApp}" is not an application name`);
    }
    if (applications.length > 0 && !linkAs) {
      throw new InputError(
        'Applications are set by a user: give them an app tenant in the apps plugin',
      );
    }
    const ownerEmail = normalizeEmail(input.ownerEmail);
    const now = this.#ctx.now();
    const iso = now.toISOString();
    const token = newToken();
    const tenantRow = {
      id: randomUUID(),
      name: input.name,
      display_name: input.displayName?.trim() || input.name,
      domain,
      plan: input.plan,
      status: 'active',
      status_reason: null,
      applications: '[]',
      settings: '{}',
      password_policy: '{}',
      created_at: iso,
      updated_at: iso,
    };
    const invitationRow = this.invitations.newInvitationRow(
      tenantRow.id,
      ownerEmail,
      'owner',
      token,
      actor,
      now,
    );
    await this.#ctx.unique(() =>
      this.#ctx.stores.transaction(async s => {
        if (await s.tenants.tenantByName(input.name)) {
          throw new ConflictError(
            `A tenant named ${input.name} already exists`,
          );
        }
        const other = await s.tenants.tenantByDomain(domain);
        if (other) {
          throw new ConflictError(
            `The domain ${domain} is already used by tenant ${other.name}`,
          );
        }
        await s.tenants.insertTenant(tenantRow);
        await s.tenants.insertInvitation(invitationRow);
        await s.tenants.enqueueEvent(
          TENANTS_EVENT_TOPIC,
          {
            type: 'tenant.provisioned',
            tenant: input.name,
            plan: input.plan,
            applications,
          },
          iso,
        );
        if (applications.length > 0) {
          await this.#ctx.options.applications.replace(
            input.name,
            applications,
            linkAs!,
          );
        }
      }),
    );
    await this.flushEvents();
    const tenant = toTenant(tenantRow);
    const invitation = await this.invitations.deliver(
      tenant,
      invitationRow,
      token,
      now,
    );
    return {
      result: { tenant: { ...publicTenant(tenant), applications }, invitation },
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant',
        resourceId: tenant.name,
        after: {
          name: tenant.name,
          displayName: tenant.displayName,
          domain,
          plan: input.plan,
          applications,
          ownerEmail,
          invitationId: invitationRow.id,
        },
      },
    };
  }

  /**
   * Changes the display name and/or the applications; those are set in the
   * apps plugin as `linkAs` (the user) first, so a refusal changes nothing.
   */
  async updateTenant(
    tenant: StoredTenant,
    patch: TenantUpdate,
    linkAs: BackstageCredentials,
  ): Promise<Change<Tenant>> {
    this.#ctx.assertNotOffboarded(tenant);
    const applications = patch.applications && [...new Set(patch.applications)];
    const badApp = applications?.find(app => !APP_PATTERN.test(app));
    if (badApp !== undefined) {
      throw new InputError(`"${badApp}" is not an application name`);
    }
    const displayName = patch.displayName?.trim();
    if (displayName !== undefined && !displayName) {
      throw new InputError('displayName must not be empty');
    }
    let applicationsBefore: string[] | undefined;
    if (applications) {
      const served = await this.#ctx.options.applications.read([tenant.name]);
      applicationsBefore = served?.[tenant.name];
      await this.#ctx.options.applications.replace(
        tenant.name,
        applications,
        linkAs,
      );
    }
    const after = await this.#ctx.stores.transaction(async s => {
      const row = await s.tenants.lockTenant(tenant.id);
      await s.tenants.updateTenant(tenant.id, {
        ...(displayName ? { display_name: displayName } : {}),
        updated_at: this.#ctx.now().toISOString(),
      });
      return {
        before: toTenant(row),
        after: toTenant((await s.tenants.tenantByName(tenant.name))!),
      };
    });
    const result = applications
      ? { ...publicTenant(after.after), applications }
      : await this.answer(after.after);
    return {
      result,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant',
        resourceId: tenant.name,
        before: {
          displayName: after.before.displayName,
          ...(applications && applicationsBefore
            ? { applications: applicationsBefore }
            : {}),
        },
        after: {
          displayName: after.after.displayName,
          ...(applications ? { applications } : {}),
        },
      },
    };
  }

  async changePlan(
    tenant: StoredTenant,
    plan: TenantPlan,
    reason?: string,
  ): Promise<Change<Tenant>> {
    if (!TENANT_PLANS.includes(plan)) {
      throw new InputError(`plan must be one of ${TENANT_PLANS.join(', ')}`);
    }
    return this.#changeStatusOrPlan(tenant, reason, row => {
      if (row.status === 'offboarded') {
        throw new ConflictError(`Tenant ${row.name} is offboarded`);
      }
      if (row.plan === plan) {
        throw new ConflictError(
          `Tenant ${row.name} is already on plan ${plan}`,
        );
      }
      return {
        patch: { plan },
        event: { type: 'tenant.plan-changed', tenant: row.name, plan },
        before: { plan: row.plan },
        after: { plan },
      };
    });
  }

  async suspend(tenant: StoredTenant, reason: string): Promise<Change<Tenant>> {
    const why = requireReason(reason, 'suspend a tenant');
    return this.#changeStatusOrPlan(tenant, why, row => {
      if (row.status !== 'active') {
        throw new ConflictError(
          `Tenant ${row.name} is ${row.status}; only active tenants can be suspended`,
        );
      }
      return {
        patch: { status: 'suspended', status_reason: why },
        event: { type: 'tenant.suspended', tenant: row.name, reason: why },
        before: { status: row.status },
        after: { status: 'suspended' },
        revokeSessions: 'tenant-suspended',
      };
    });
  }

  async reactivate(
    tenant: StoredTenant,
    reason?: string,
  ): Promise<Change<Tenant>> {
    return this.#changeStatusOrPlan(tenant, reason, row => {
      if (row.status !== 'suspended') {
        throw new ConflictError(
          `Tenant ${row.name} is ${row.status}; only suspended tenants can be reactivated`,
        );
      }
      return {
        patch: { status: 'active', status_reason: null },
        event: {
          type: 'tenant.reactivated',
          tenant: row.name,
          ...(reason ? { reason } : {}),
        },
        before: { status: row.status },
        after: { status: 'active' },
      };
    });
  }

  async offboard(
    tenant: StoredTenant,
    reason: string,
  ): Promise<Change<Tenant>> {
    const why = requireReason(reason, 'offboard a tenant');
    return this.#changeStatusOrPlan(tenant, why, row => {
      if (row.status === 'offboarded') {
        throw new ConflictError(`Tenant ${row.name} is already offboarded`);
      }
      return {
        patch: { status: 'offboarded', status_reason: why },
        event: { type: 'tenant.offboarded', tenant: row.name, reason: why },
        before: { status: row.status },
        after: { status: 'offboarded' },
        revokeSessions: 'tenant-offboarded',
        revokeInvitations: true,
      };
    });
  }

  async #changeStatusOrPlan(
    tenant: StoredTenant,
    reason: string | undefined,
    decide: (row: StoredTenant) => {
      patch: { plan?: string; status?: string; status_reason?: string | null };
      event: TenantsEventPayload;
      before: JsonObject;
      after: JsonObject;
      revokeSessions?: string;
      revokeInvitations?: boolean;
    },
  ): Promise<Change<Tenant>> {
    const now = this.#ctx.now();
    const iso = now.toISOString();
    const { decision, updated } = await this.#ctx.stores.transaction(
      async s => {
        const current = toTenant(await s.tenants.lockTenant(tenant.id));
        const decided = decide(current);
        await s.tenants.updateTenant(tenant.id, {
          ...decided.patch,
          updated_at: iso,
        });
        if (decided.revokeSessions) {
          await s.sessions.revokeAllForTenant(
            tenant.id,
            decided.revokeSessions,
            now,
          );
        }
        if (decided.revokeInvitations) {
          await s.tenants.revokePendingInvitations(tenant.id);
        }
        await s.tenants.enqueueEvent(TENANTS_EVENT_TOPIC, decided.event, iso);
        return {
          decision: decided,
          updated: toTenant((await s.tenants.tenantByName(tenant.name))!),
        };
      },
    );
    await this.flushEvents();
    return {
      result: await this.answer(updated),
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant',
        resourceId: tenant.name,
        before: decision.before,
        after: decision.after,
        ...(reason ? { reason } : {}),
      },
    };
  }

  // -------------------------------------------------------------- dashboard

  /**
   * The platform dashboard's figures: every tenant (all statuses, by name)
   * with its active users and sessions, and the impersonations active now
   * and started in the last 24 hours. Two statements whatever the number of
   * tenants.
   */
  async platformSummary(): Promise<TenantsPlatformSummary> {
    const now = this.#ctx.now();
    const ago = (ms: number) => new Date(now.getTime() - ms).toISOString();
    const { tenants } = this.#ctx.stores;
    const [activity, impersonations] = await Promise.all([
      tenants.tenantActivity({
        since7d: ago(7 * DAY_MS),
        since30d: ago(30 * DAY_MS),
      }),
      tenants.impersonationCounts(now.toISOString(), ago(DAY_MS)),
    ]);
    return {
      generatedAt: now.toISOString(),
      tenants: activity.map(row => ({
        tenant: row.name,
        displayName: row.display_name,
        plan: row.plan as TenantPlan,
        status: row.status as TenantStatus,
        createdAt: toIso(row.created_at),
        activeUsers: row.activeUsers,
        lastSessionAt: row.last_session_at ? toIso(row.last_session_at) : null,
        sessions7d: row.sessions7d,
        sessions30d: row.sessions30d,
      })),
      impersonations: {
        active: impersonations.active,
        last24h: impersonations.started,
      },
    };
  }

  // ----------------------------------------------------------------- events

  /**
   * Publishes the lifecycle events written by committed changes. Called after
   * each change and by a scheduled task, so an event survives a crash or an
   * events service failure (at-least-once delivery).
   */
  async flushEvents(): Promise<number> {
    let published = 0;
    const pending = await this.#ctx.stores.tenants.pendingEvents(100);
    for (const event of pending) {
      if (
        !(await this.#ctx.stores.tenants.claimEvent(
          event.id,
          this.#ctx.now().toISOString(),
        ))
      ) {
        continue;
      }
      try {
        await this.#ctx.options.events.publish({
          topic: event.topic,
          eventPayload: JSON.parse(event.payload),
        });
        published++;
      } catch (error) {
        await this.#ctx.stores.tenants.releaseEvent(event.id);
        this.#ctx.options.logger.warn(
          `Could not publish tenants event ${event.id}, will retry: ${error}`,
        );
      }
    }
    return published;
  }
}
