import { randomUUID } from 'node:crypto';
import { ConflictError, InputError } from '@backstage/errors';
import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  Change,
  ColumnFilter,
  isUniqueViolation,
} from '@controlplane/backend-common';
import {
  AppPage,
  AppPatch,
  appNameProblem,
  AppStatus,
  environmentProblem,
  ManagedApp,
  NewApp,
  RateLimitRule,
  rateLimitsProblem,
} from '@controlplane/plugin-apps-common';
import { AppListQuery } from '../database/AppsStore';
import { AppRow } from '../database/rows';
import { AppsStores } from '../database/stores';
import { AppEventPublisher } from './AppEventPublisher';
import { existingApp, lockedApp } from './appLookup';
import { checkOwner, checkTenants, trimmedOrNull } from './appInput';
import { appFacts, appState } from './auditFacts';

export interface AppsServiceOptions {
  stores: AppsStores;
  events: AppEventPublisher;
  now: () => Date;
}

/** An app a change of a tenant's apps is about to change. */
export interface PlannedTenantChange {
  app: ManagedApp;
  /** The app's tenants after the change. */
  tenants: string[];
}

/** An app a change of a tenant's apps changed. */
export interface TenantAppChange {
  before: ManagedApp;
  after: ManagedApp;
}

/** The actor of changes the plugin makes on its own. */
export const SYSTEM_ACTOR = 'system';

/**
 * The lifecycle of apps: register, change, disable and enable, and their
 * rate limit rules. No HTTP, no SQL; every change bumps the credential
 * snapshot's revision in its transaction.
 */
export class AppsService {
  readonly #stores: AppsStores;
  readonly #events: AppEventPublisher;
  readonly #now: () => Date;

  constructor(options: AppsServiceOptions) {
    this.#stores = options.stores;
    this.#events = options.events;
    this.#now = options.now;
  }

  async listApps(query: AppListQuery): Promise<AppPage> {
    if (!(query.limit >= 1 && query.limit <= 200)) {
      throw new InputError('limit must be within 1..200');
    }
    return this.#stores.apps.listApps(query);
  }

  /** One app, or NotFoundError. */
  async getApp(id: string): Promise<ManagedApp> {
    return existingApp(this.#stores.apps, id);
  }

  /** Whether there is no app at all (initial apps are seeded then). */
  async isEmpty(): Promise<boolean> {
    return (await this.#stores.apps.countApps()) === 0;
  }

  async register(input: NewApp, actor: string): Promise<Change<ManagedApp>> {
    const nameProblem = appNameProblem(input.name);
    if (nameProblem) throw new InputError(nameProblem);
    const envProblem = environmentProblem(input.environment);
    if (envProblem) throw new InputError(envProblem);
    const title = trimmedOrNull(input.title, 'title', 200);
    const description = trimmedOrNull(input.description, 'description', 2000);
    const owner = checkOwner(input.owner);
    const tenants = checkTenants(input.tenants ?? []);
    const iso = this.#now().toISOString();
    const id = randomUUID();
    const app = await this.#stores
      .transaction(async tx => {
        if (await tx.apps.nameTaken(input.name)) {
          throw new ConflictError(`An app named ${input.name} exists`);
        }
        await tx.apps.insertApp({
          id,
          name: input.name,
          title,
          description,
          environment: input.environment,
          owner,
          status: 'active',
          disabled_reason: null,
          created_by: actor,
          created_at: iso,
          updated_at: iso,
        });
        await tx.apps.replaceTenants(id, tenants);
        await tx.snapshot.bumpRevision();
        return existingApp(tx.apps, id);
      })
      .catch(error => {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`An app named ${input.name} exists`);
        }
        throw error;
      });
    await this.#events.publish('app.registered', app);
    return {
      result: app,
      audit: { ...appFacts(app), after: appState(app) },
    };
  }

  async update(app: ManagedApp, patch: AppPatch): Promise<Change<ManagedApp>> {
    const changes: Partial<AppRow> = {};
    if (patch.title !== undefined) {
      changes.title = trimmedOrNull(patch.title, 'title', 200);
    }
    if (patch.description !== undefined) {
      changes.description = trimmedOrNull(
        patch.description,
        'description',
        2000,
      );
    }
    if (patch.owner !== undefined) changes.owner = checkOwner(patch.owner);
    const tenants =
      patch.tenants !== undefined ? checkTenants(patch.tenants) : undefined;
    const { before, after } = await this.#stores.transaction(async tx => {
      const current = await lockedApp(tx.apps, app.id);
      await tx.apps.updateApp(app.id, {
        ...changes,
        updated_at: this.#now().toISOString(),
      });
      if (tenants) await tx.apps.replaceTenants(app.id, tenants);
      // Tenants reach the snapshot; titles and owners do not, but one bump
      // per change keeps the rule simple.
      await tx.snapshot.bumpRevision();
      return { before: current, after: await existingApp(tx.apps, app.id) };
    });
    await this.#events.publish('app.updated', after);
    return {
      result: after,
      audit: {
        ...appFacts(after),
        before: appState(before),
        after: appState(after),
      },
    };
  }

  async disable(app: ManagedApp, reason: string): Promise<Change<ManagedApp>> {
    const trimmed = reason?.trim() ?? '';
    if (trimmed.length < 3 || trimmed.length > 500) {
      throw new InputError(
        'A reason (3 to 500 characters) is required to disable an app',
      );
    }
    return this.#changeStatus(app, 'disabled', trimmed);
  }

  async enable(app: ManagedApp): Promise<Change<ManagedApp>> {
    return this.#changeStatus(app, 'active', null);
  }

  async #changeStatus(
    app: ManagedApp,
    status: AppStatus,
    reason: string | null,
  ): Promise<Change<ManagedApp>> {
    const { before, after } = await this.#stores.transaction(async tx => {
      const current = await lockedApp(tx.apps, app.id);
      if (current.status === status) {
        throw new ConflictError(
          `The app ${app.name} is already ${
            status === 'active' ? 'enabled' : 'disabled'
          }`,
        );
      }
      await tx.apps.updateApp(app.id, {
        status,
        disabled_reason: reason,
        updated_at: this.#now().toISOString(),
      });
      await tx.snapshot.bumpRevision();
      return { before: current, after: await existingApp(tx.apps, app.id) };
    });
    await this.#events.publish(
      status === 'active' ? 'app.enabled' : 'app.disabled',
      after,
    );
    return {
      result: after,
      audit: {
        ...appFacts(after),
        before: appState(before),
        after: appState(after),
        ...(reason ? { reason } : {}),
      },
    };
  }

  /** For each tenant, the names of the apps serving it (`filter`ed). */
  async tenantApps(
    tenants: string[],
    filter?: PermissionCriteria<ColumnFilter>,
  ): Promise<Map<string, string[]>> {
    return this.#stores.apps.appNamesServing(checkTenants(tenants), filter);
  }

  /**
   * Makes exactly the apps named `appNames` serve `tenant`, in one
   * transaction: the tenant is added to those that lack it and removed from
   * the others that list it. Unknown names are a 400 and change nothing.
   * `approve` runs before any write with the planned changes (the caller's
   * permission checks and audit events); throwing there changes nothing.
   * Changes to the same tenant run one after the other, so concurrent calls
   * end with the apps of one of them.
   */
  async setTenantApps(
    tenant: string,
    appNames: string[],
    approve: (planned: PlannedTenantChange[]) => Promise<void>,
  ): Promise<{ applications: string[]; changes: TenantAppChange[] }> {
    const [checkedTenant] = checkTenants([tenant]);
    const wanted = [...new Set(appNames)].sort();
    const iso = this.#now().toISOString();
    const outcome = await this.#stores.transaction(async tx => {
      await tx.snapshot.lockRevision();
      const named = await tx.apps.appsByName(wanted);
      const found = new Set(named.map(app => app.name));
      const unknown = wanted.filter(name => !found.has(name));
      if (unknown.length > 0) {
        throw new InputError(`No app named ${unknown.join(', ')}`);
      }
      const planned: PlannedTenantChange[] = [
        ...named
          .filter(app => !app.tenants.includes(checkedTenant))
          .map(app => ({
            app,
            tenants: [...app.tenants, checkedTenant].sort(),
          })),
        ...(await tx.apps.appsServing(checkedTenant))
          .filter(app => !found.has(app.name))
          .map(app => ({
            app,
            tenants: app.tenants.filter(t => t !== checkedTenant),
          })),
      ];
      await approve(planned);
      const changes: TenantAppChange[] = [];
      for (const { app, tenants } of planned) {
        if (tenants.includes(checkedTenant)) {
          await tx.apps.addTenant(app.id, checkedTenant);
        } else {
          await tx.apps.removeTenant(app.id, checkedTenant);
        }
        await tx.apps.updateApp(app.id, { updated_at: iso });
        changes.push({
          before: app,
          after: await existingApp(tx.apps, app.id),
        });
      }
      if (changes.length > 0) await tx.snapshot.bumpRevision();
      return { applications: wanted, changes };
    });
    for (const { after } of outcome.changes) {
      await this.#events.publish('app.updated', after);
    }
    return outcome;
  }

  /** Replaces the app's rate limit rules. */
  async setRateLimits(
    app: ManagedApp,
    rules: RateLimitRule[],
  ): Promise<Change<ManagedApp>> {
    const problem = rateLimitsProblem(rules);
    if (problem) throw new InputError(problem);
    const clean = rules.map(({ routePattern, limitPerMinute, burst }) => ({
      routePattern,
      limitPerMinute,
      burst,
    }));
    const { before, after } = await this.#stores.transaction(async tx => {
      const current = await lockedApp(tx.apps, app.id);
      await tx.apps.replaceRateLimits(app.id, clean);
      await tx.apps.updateApp(app.id, {
        updated_at: this.#now().toISOString(),
      });
      await tx.snapshot.bumpRevision();
      return { before: current, after: await existingApp(tx.apps, app.id) };
    });
    return {
      result: after,
      audit: {
        ...appFacts(after),
        before: { rateLimits: before.rateLimits },
        after: { rateLimits: after.rateLimits },
      },
    };
  }
}
