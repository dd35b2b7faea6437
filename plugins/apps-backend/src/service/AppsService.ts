import { randomUUID } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { JsonObject } from '@backstage/types';
import {
  AppCredential,
  AppEnvironment,
  appNameProblem,
  APPS_EVENT_TOPIC,
  AppsEventPayload,
  AppsEventType,
  CredentialSnapshot,
  CredentialUsage,
  environmentProblem,
  formatAppToken,
  IssuedCredential,
  ManagedApp,
  RateLimitRule,
  rateLimitsProblem,
  scopesProblem,
  SnapshotCredential,
  UsageReport,
} from '@controlplane/plugin-apps-common';
import { hashSecret } from '@controlplane/plugin-apps-node';
import {
  TenantsEventPayload,
  tenantNameProblem,
} from '@controlplane/plugin-tenants-common';
import {
  AppListQuery,
  AppsStore,
  CredentialListQuery,
  UsageIncrement,
} from '../database/AppsStore';
import { AppRow, toApp, toCredential, toIso } from '../database/rows';
import { newClientId, newClientSecret } from './credentialSecrets';

/** What the router records in the one audit event of a change. */
export interface AuditFacts extends JsonObject {
  resourceType: string;
  resourceId: string;
}

/** The result of a change with the facts for its audit event. */
export interface Change<T> {
  result: T;
  audit: AuditFacts;
}

export interface AppsServiceOptions {
  store: AppsStore;
  events: EventsService;
  logger: LoggerService;
  /** The key secrets are hashed with (`readSecretHashKey`). */
  secretHashKey: Buffer;
  now?: () => Date;
}

export interface NewApp {
  name: string;
  title?: string;
  description?: string;
  environment: string;
  owner: string;
  tenants?: string[];
}

export interface AppPatch {
  title?: string | null;
  description?: string | null;
  owner?: string;
  tenants?: string[];
}

export interface NewCredential {
  name: string;
  scopes: string[];
  expiresAt?: string;
}

/** Seed 000 step 8.3: what revoking answers. */
export interface RevokedCredential {
  message: string;
  key_id: string;
  revoked_at: string;
}

export const USAGE_PERIOD_DAYS: Record<string, number> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
};

/** Revoked credentials stay in the snapshot this long, refused by reason. */
const REVOKED_IN_SNAPSHOT_MS = 30 * 86_400_000;
const MAX_GRACE_HOURS = 168;
const MAX_ENDPOINT_LENGTH = 255;
const OWNER_PATTERN = /^(user|group):([a-z0-9][a-z0-9._-]*\/)?[\w.-]{1,63}$/i;

/** The actor of changes the plugin makes on its own. */
export const SYSTEM_ACTOR = 'system';

function trimmedOrNull(
  value: string | null | undefined,
  what: string,
  max: number,
): string | null {
  const trimmed = value?.trim() ?? '';
  if (trimmed.length > max) {
    throw new InputError(`${what} must be at most ${max} characters`);
  }
  return trimmed || null;
}

function checkOwner(owner: string): string {
  const trimmed = owner.trim();
  if (!OWNER_PATTERN.test(trimmed)) {
    throw new InputError(
      `"${owner}" is not an owner: an entity ref like group:default/team-apps or user:default/ada`,
    );
  }
  return trimmed;
}

function checkTenants(tenants: string[]): string[] {
  for (const tenant of tenants) {
    const problem = tenantNameProblem(tenant);
    if (problem) throw new InputError(problem);
  }
  return [...new Set(tenants)].sort();
}

/** The tenant facts of an app's audit events: `tenant` when there is one. */
function tenantFacts(tenants: string[]): JsonObject {
  return {
    tenants,
    ...(tenants.length === 1 ? { tenant: tenants[0] } : {}),
  };
}

function appFacts(app: ManagedApp): AuditFacts {
  return {
    resourceType: 'app',
    resourceId: app.id,
    app: app.name,
    ...tenantFacts(app.tenants),
  };
}

/** The audit view of an app: what may change, nothing secret. */
function appState(app: ManagedApp): JsonObject {
  return {
    title: app.title ?? null,
    description: app.description ?? null,
    owner: app.owner,
    tenants: app.tenants,
    status: app.status,
    disabledReason: app.disabledReason ?? null,
  };
}

function credentialFacts(
  credential: AppCredential,
  app: ManagedApp,
): AuditFacts {
  return {
    resourceType: 'app-credential',
    resourceId: credential.id,
    appId: app.id,
    app: app.name,
    clientId: credential.clientId,
    ...tenantFacts(app.tenants),
  };
}

function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; message?: string };
  return (
    e?.code === '23505' ||
    e?.code === 'SQLITE_CONSTRAINT_UNIQUE' ||
    /UNIQUE constraint failed/.test(e?.message ?? '')
  );
}

/**
 * The rules of the apps domain: no HTTP, no SQL. Every change that affects
 * the credential snapshot bumps its revision in the same transaction.
 */
export class AppsService {
  readonly #store: AppsStore;
  readonly #options: AppsServiceOptions;
  readonly #now: () => Date;

  constructor(options: AppsServiceOptions) {
    this.#options = options;
    this.#store = options.store;
    this.#now = options.now ?? (() => new Date());
  }

  // ------------------------------------------------------------------- apps

  async #withDetails(rows: AppRow[], store = this.#store) {
    const ids = rows.map(row => row.id);
    const [tenants, rules] = await Promise.all([
      store.tenantsOf(ids),
      store.rateLimitsOf(ids),
    ]);
    return rows.map(row =>
      toApp(row, tenants.get(row.id) ?? [], rules.get(row.id) ?? []),
    );
  }

  async #app(id: string, store = this.#store): Promise<ManagedApp> {
    const row = await store.appById(id);
    if (!row) throw new NotFoundError(`No app with id ${id}`);
    return (await this.#withDetails([row], store))[0];
  }

  async listApps(
    query: AppListQuery,
  ): Promise<{ items: ManagedApp[]; nextCursor?: string }> {
    if (!(query.limit >= 1 && query.limit <= 200)) {
      throw new InputError('limit must be within 1..200');
    }
    const page = await this.#store.listApps(query);
    return {
      items: await this.#withDetails(page.rows),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** One app, or NotFoundError (also for ids that are not UUIDs). */
  async getApp(id: string): Promise<ManagedApp> {
    return this.#app(id);
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
    const app = await this.#store
      .transaction(async tx => {
        if (await tx.appByName(input.name)) {
          throw new ConflictError(`An app named ${input.name} exists`);
        }
        await tx.insertApp({
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
        await tx.replaceTenants(id, tenants);
        await tx.bumpRevision();
        return this.#app(id, tx);
      })
      .catch(error => {
        if (isUniqueViolation(error)) {
          throw new ConflictError(`An app named ${input.name} exists`);
        }
        throw error;
      });
    await this.#publish('app.registered', app);
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
    const { before, after } = await this.#store.transaction(async tx => {
      const current = await this.#locked(app.id, tx);
      await tx.updateApp(app.id, {
        ...changes,
        updated_at: this.#now().toISOString(),
      });
      if (tenants) await tx.replaceTenants(app.id, tenants);
      // Tenants reach the snapshot; titles and owners do not, but one bump
      // per change keeps the rule simple.
      await tx.bumpRevision();
      return { before: current, after: await this.#app(app.id, tx) };
    });
    await this.#publish('app.updated', after);
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
    status: 'active' | 'disabled',
    reason: string | null,
  ): Promise<Change<ManagedApp>> {
    const { before, after } = await this.#store.transaction(async tx => {
      const current = await this.#locked(app.id, tx);
      if (current.status === status) {
        throw new ConflictError(
          `The app ${app.name} is already ${
            status === 'active' ? 'enabled' : 'disabled'
          }`,
        );
      }
      await tx.updateApp(app.id, {
        status,
        disabled_reason: reason,
        updated_at: this.#now().toISOString(),
      });
      await tx.bumpRevision();
      return { before: current, after: await this.#app(app.id, tx) };
    });
    await this.#publish(
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
    const { before, after } = await this.#store.transaction(async tx => {
      const current = await this.#locked(app.id, tx);
      await tx.replaceRateLimits(app.id, clean);
      await tx.updateApp(app.id, { updated_at: this.#now().toISOString() });
      await tx.bumpRevision();
      return { before: current, after: await this.#app(app.id, tx) };
    });
    return {
      result: after,
      audit: {
        ...appFacts(after),
        before: { rateLimits: before.rateLimits as unknown as JsonObject[] },
        after: { rateLimits: after.rateLimits as unknown as JsonObject[] },
      },
    };
  }

  async #locked(id: string, tx: AppsStore): Promise<ManagedApp> {
    const row = await tx.lockApp(id);
    if (!row) throw new NotFoundError(`No app with id ${id}`);
    return (await this.#withDetails([row], tx))[0];
  }

  /**
   * Publishes an app lifecycle event after commit. Without an outbox, an
   * event lost to an events service failure is logged; the catalog provider
   * also reads every app from `GET /entities` on its schedule.
   */
  async #publish(type: AppsEventType, app: ManagedApp): Promise<void> {
    const payload: AppsEventPayload = {
      type,
      appId: app.id,
      app: app.name,
      tenants: app.tenants,
      status: app.status,
    };
    try {
      await this.#options.events.publish({
        topic: APPS_EVENT_TOPIC,
        eventPayload: payload,
      });
    } catch (error) {
      this.#options.logger.warn(
        `Could not publish ${type} of app ${app.name}: ${error}`,
      );
    }
  }

  // ------------------------------------------------------------ credentials

  async listCredentials(query: Omit<CredentialListQuery, 'now'>): Promise<{
    records: AppCredential[];
    total: number;
    nextCursor?: string;
  }> {
    if (!(query.limit >= 1 && query.limit <= 200)) {
      throw new InputError('limit must be within 1..200');
    }
    const now = this.#now();
    const page = await this.#store.listCredentials({
      ...query,
      now: now.toISOString(),
    });
    return {
      records: page.rows.map(row => toCredential(row, now)),
      total: page.total,
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** A credential and its app, or NotFoundError. */
  async getCredential(
    id: string,
  ): Promise<{ credential: AppCredential; app: ManagedApp }> {
    const row = await this.#store.credentialById(id);
    if (!row) throw new NotFoundError(`No API key with id ${id}`);
    return {
      credential: toCredential(row, this.#now()),
      app: await this.#app(row.app_id),
    };
  }

  #hash(secret: string): string {
    return hashSecret(this.#options.secretHashKey, secret);
  }

  async issue(
    app: ManagedApp,
    input: NewCredential,
    actor: string,
  ): Promise<Change<IssuedCredential>> {
    const name = trimmedOrNull(input.name, 'name', 200);
    if (!name) throw new InputError('A credential needs a name');
    const scopes = [...new Set(input.scopes)];
    const problem = scopesProblem(scopes);
    if (problem) throw new InputError(problem);
    const now = this.#now();
    let expiresAt: string | null = null;
    if (input.expiresAt !== undefined) {
      const expiry = new Date(input.expiresAt);
      if (Number.isNaN(expiry.getTime())) {
        throw new InputError(`expiresAt "${input.expiresAt}" is not a time`);
      }
      if (expiry <= now) {
        throw new InputError('expiresAt must be in the future');
      }
      expiresAt = expiry.toISOString();
    }
    const secret = newClientSecret();
    const id = randomUUID();
    const row = await this.#store.transaction(async tx => {
      const current = await this.#locked(app.id, tx);
      if (current.status !== 'active') {
        throw new ConflictError(
          `The app ${app.name} is disabled: enable it before issuing credentials`,
        );
      }
      await tx.insertCredential({
        id,
        app_id: app.id,
        name,
        client_id: newClientId(current.environment as AppEnvironment),
        secret_hash: this.#hash(secret),
        previous_secret_hash: null,
        previous_valid_until: null,
        scopes: JSON.stringify(scopes),
        created_by: actor,
        created_at: now.toISOString(),
        expires_at: expiresAt,
        revoked_at: null,
        revoked_by: null,
        rotated_at: null,
        last_used_at: null,
      });
      await tx.bumpRevision();
      return (await tx.credentialById(id))!;
    });
    const credential = toCredential(row, now);
    return {
      result: {
        credential,
        clientSecret: secret,
        token: formatAppToken(credential.clientId, secret),
      },
      audit: {
        ...credentialFacts(credential, app),
        after: {
          name: credential.name,
          scopes: credential.scopes,
          expiresAt: credential.expiresAt ?? null,
        },
      },
    };
  }

  /**
   * A new secret for the same client id. The current secret keeps working
   * until now + grace (none when 0); a rotation during a grace replaces the
   * previous secret, so there is never more than one.
   */
  async rotate(
    credential: AppCredential,
    app: ManagedApp,
    gracePeriodHours: number,
  ): Promise<Change<IssuedCredential>> {
    if (
      !Number.isInteger(gracePeriodHours) ||
      gracePeriodHours < 0 ||
      gracePeriodHours > MAX_GRACE_HOURS
    ) {
      throw new InputError(
        `gracePeriodHours must be a whole number within 0..${MAX_GRACE_HOURS}`,
      );
    }
    const now = this.#now();
    const secret = newClientSecret();
    const validUntil =
      gracePeriodHours > 0
        ? new Date(now.getTime() + gracePeriodHours * 3_600_000).toISOString()
        : null;
    const row = await this.#store.transaction(async tx => {
      const current = await tx.lockCredential(credential.id);
      if (!current) throw new NotFoundError(`No API key ${credential.id}`);
      if (current.revoked_at) {
        throw new ConflictError('A revoked API key cannot be rotated');
      }
      if (current.expires_at && new Date(current.expires_at) <= now) {
        throw new ConflictError(
          'An expired API key cannot be rotated: issue a new one',
        );
      }
      await tx.updateCredential(credential.id, {
        secret_hash: this.#hash(secret),
        previous_secret_hash: validUntil ? current.secret_hash : null,
        previous_valid_until: validUntil,
        rotated_at: now.toISOString(),
      });
      await tx.bumpRevision();
      return (await tx.credentialById(credential.id))!;
    });
    const rotated = toCredential(row, now);
    return {
      result: {
        credential: rotated,
        clientSecret: secret,
        token: formatAppToken(rotated.clientId, secret),
      },
      audit: {
        ...credentialFacts(rotated, app),
        gracePeriodHours,
        after: {
          rotatedAt: rotated.rotatedAt ?? null,
          previousSecretValidUntil: rotated.previousSecretValidUntil ?? null,
        },
      },
    };
  }

  /** Revokes once; revoking a revoked key is a conflict (409). */
  async revoke(
    credential: AppCredential,
    app: ManagedApp,
    actor: string,
  ): Promise<Change<RevokedCredential>> {
    const iso = this.#now().toISOString();
    await this.#store.transaction(async tx => {
      const current = await tx.lockCredential(credential.id);
      if (!current) throw new NotFoundError(`No API key ${credential.id}`);
      if (current.revoked_at) {
        throw new ConflictError(
          `The API key was already revoked at ${toIso(current.revoked_at)}`,
        );
      }
      await tx.updateCredential(credential.id, {
        revoked_at: iso,
        revoked_by: actor,
        previous_secret_hash: null,
        previous_valid_until: null,
      });
      await tx.bumpRevision();
    });
    return {
      result: {
        message: 'API key revoked successfully',
        key_id: credential.id,
        revoked_at: iso,
      },
      audit: {
        ...credentialFacts(credential, app),
        before: { status: credential.status },
        after: { status: 'revoked', revokedAt: iso },
      },
    };
  }

  // ------------------------------------------------------------------ usage

  async usage(
    credential: AppCredential,
    period: string,
  ): Promise<CredentialUsage> {
    const days = USAGE_PERIOD_DAYS[period];
    if (!days) throw new InputError('period must be one of 7d, 30d, 90d');
    const now = this.#now();
    const today = Date.UTC(
      now.getUTCFullYear(),
      now.getUTCMonth(),
      now.getUTCDate(),
    );
    const from = new Date(today - (days - 1) * 86_400_000).toISOString();
    const rows = await this.#store.usageRows(credential.id, from);

    const byDay = new Map<
      string,
      { successful: number; failed: number; rate_limited: number }
    >();
    for (let i = 0; i < days; i++) {
      const day = new Date(today - (days - 1 - i) * 86_400_000)
        .toISOString()
        .slice(0, 10);
      byDay.set(day, { successful: 0, failed: 0, rate_limited: 0 });
    }
    const byEndpoint = new Map<string, number>();
    for (const row of rows) {
      byEndpoint.set(
        row.endpoint,
        (byEndpoint.get(row.endpoint) ?? 0) +
          row.successful +
          row.failed +
          row.rate_limited,
      );
      const day = byDay.get(row.hour.slice(0, 10));
      if (!day) continue;
      day.successful += row.successful;
      day.failed += row.failed;
      day.rate_limited += row.rate_limited;
    }
    const totals = { successful: 0, failed: 0, rate_limited: 0 };
    for (const day of byDay.values()) {
      totals.successful += day.successful;
      totals.failed += day.failed;
      totals.rate_limited += day.rate_limited;
    }
    // Reports count each request once: successful, failed or rate limited.
    // As in seed 000, failed_requests includes the rate-limited ones.
    return {
      key_id: credential.id,
      period,
      usage: {
        total_requests: totals.successful + totals.failed + totals.rate_limited,
        successful_requests: totals.successful,
        failed_requests: totals.failed + totals.rate_limited,
        rate_limited: totals.rate_limited,
      },
      by_endpoint: [...byEndpoint.entries()]
        .map(([endpoint, count]) => ({ endpoint, count }))
        .sort(
          (a, b) => b.count - a.count || a.endpoint.localeCompare(b.endpoint),
        ),
      by_day: [...byDay.entries()].map(([day, c]) => ({
        day,
        total: c.successful + c.failed + c.rate_limited,
        successful: c.successful,
        failed: c.failed + c.rate_limited,
        rate_limited: c.rate_limited,
      })),
      ...(credential.lastUsedAt ? { last_used_at: credential.lastUsedAt } : {}),
    };
  }

  /**
   * Adds a verifier's counts: per credential, hour and endpoint, summed in
   * SQL; last_used_at only moves forward. Unknown credentials are skipped.
   */
  async recordUsage(report: UsageReport): Promise<void> {
    const merged = new Map<string, UsageIncrement>();
    const lastUsed = new Map<string, string>();
    for (const entry of report.entries) {
      const hour = new Date(entry.hour);
      const used = new Date(entry.lastUsedAt);
      if (Number.isNaN(hour.getTime()) || Number.isNaN(used.getTime())) {
        throw new InputError('hour and lastUsedAt must be ISO 8601 times');
      }
      hour.setUTCMinutes(0, 0, 0);
      const endpoint = entry.endpoint.slice(0, MAX_ENDPOINT_LENGTH);
      const key = `${
        entry.credentialId
      }\u0000${hour.toISOString()}\u0000${endpoint}`;
      const row = merged.get(key) ?? {
        credential_id: entry.credentialId,
        hour: hour.toISOString(),
        endpoint,
        successful: 0,
        failed: 0,
        rate_limited: 0,
      };
      row.successful += entry.successful;
      row.failed += entry.failed;
      row.rate_limited += entry.rateLimited;
      merged.set(key, row);
      const usedIso = used.toISOString();
      const previous = lastUsed.get(entry.credentialId);
      if (!previous || previous < usedIso) {
        lastUsed.set(entry.credentialId, usedIso);
      }
    }
    await this.#store.transaction(async tx => {
      const known = await tx.existingCredentialIds([...lastUsed.keys()]);
      await tx.addUsage(
        [...merged.values()].filter(row => known.has(row.credential_id)),
      );
      for (const [credentialId, at] of lastUsed) {
        if (known.has(credentialId)) await tx.touchLastUsed(credentialId, at);
      }
    });
  }

  // --------------------------------------------------------------- snapshot

  async revision(): Promise<string> {
    return this.#store.revision();
  }

  /**
   * Everything verifiers hold in memory. The revision is read first, so the
   * content is never older than the revision it is served under.
   */
  async snapshot(): Promise<CredentialSnapshot> {
    const now = this.#now();
    const revision = await this.#store.revision();
    const rows = await this.#store.snapshotCredentials(
      new Date(now.getTime() - REVOKED_IN_SNAPSHOT_MS).toISOString(),
    );
    const appIds = [...new Set(rows.map(row => row.app_id))];
    const [tenants, blocked, rules] = await Promise.all([
      this.#store.tenantsOf(appIds),
      this.#store.blockedTenants(),
      this.#store.rateLimitsOf(),
    ]);
    const credentials = rows.map((row): SnapshotCredential => {
      let refused: SnapshotCredential['refused'];
      if (row.revoked_at) refused = 'revoked';
      else if (row.app_status !== 'active') refused = 'app-disabled';
      const secretHashes: SnapshotCredential['secretHashes'] = [];
      if (!refused) {
        secretHashes.push({ hash: row.secret_hash });
        if (
          row.previous_secret_hash &&
          row.previous_valid_until &&
          new Date(row.previous_valid_until) > now
        ) {
          secretHashes.push({
            hash: row.previous_secret_hash,
            validUntil: toIso(row.previous_valid_until),
          });
        }
      }
      return {
        credentialId: row.id,
        clientId: row.client_id,
        appId: row.app_id,
        appName: row.app_name,
        secretHashes,
        scopes: JSON.parse(row.scopes),
        tenants: (tenants.get(row.app_id) ?? []).filter(t => !blocked.has(t)),
        ...(row.expires_at ? { expiresAt: toIso(row.expires_at) } : {}),
        ...(refused ? { refused } : {}),
      };
    });
    return {
      revision,
      credentials,
      rateLimits: [...rules.entries()].map(([appId, appRules]) => ({
        appId,
        rules: appRules,
      })),
    };
  }

  // ---------------------------------------------------------------- tenants

  /**
   * Reacts to the tenants plugin: a suspended or offboarded tenant leaves
   * every snapshot credential's tenants; a reactivated one comes back.
   * Returns whether the snapshot changed.
   */
  async onTenantEvent(payload: TenantsEventPayload): Promise<boolean> {
    if (!payload?.tenant || tenantNameProblem(payload.tenant)) return false;
    const iso = this.#now().toISOString();
    return this.#store.transaction(async tx => {
      if (
        payload.type === 'tenant.suspended' ||
        payload.type === 'tenant.offboarded'
      ) {
        await tx.blockTenant(
          payload.tenant,
          payload.type === 'tenant.suspended' ? 'suspended' : 'offboarded',
          iso,
        );
      } else if (payload.type === 'tenant.reactivated') {
        if (!(await tx.unblockTenant(payload.tenant))) return false;
      } else {
        return false;
      }
      await tx.bumpRevision();
      return true;
    });
  }

  /**
   * Makes the blocked tenants those the tenants plugin listed at `readAt`
   * (its suspended and offboarded tenants), for events this plugin missed
   * while it was down. Rows an event changed after `readAt` are newer than
   * the list and stay. Returns whether the snapshot changed.
   */
  async syncBlockedTenants(
    listed: { tenant: string; status: string }[],
    readAt: Date,
  ): Promise<boolean> {
    const iso = this.#now().toISOString();
    return this.#store.transaction(async tx => {
      const current = await tx.blockedTenantRows();
      const wanted = new Map<string, string>();
      for (const row of listed) {
        if (!tenantNameProblem(row.tenant)) wanted.set(row.tenant, row.status);
      }
      for (const row of current) {
        if (new Date(row.changed_at) >= readAt) {
          wanted.set(row.tenant, row.status);
        }
      }
      const same =
        current.length === wanted.size &&
        current.every(row => wanted.get(row.tenant) === row.status);
      if (same) return false;
      await tx.replaceBlockedTenants(
        [...wanted].map(([tenant, status]) => ({ tenant, status })),
        iso,
      );
      await tx.bumpRevision();
      return true;
    });
  }

  // ---------------------------------------------------------------- catalog

  /** Every app as a catalog `App` entity. */
  async entities(): Promise<JsonObject[]> {
    const apps = await this.#withDetails(await this.#store.allApps());
    return apps.map(app => ({
      apiVersion: 'controlplane.io/v1alpha1',
      kind: 'App',
      metadata: {
        name: app.name,
        ...(app.title ? { title: app.title } : {}),
        ...(app.description ? { description: app.description } : {}),
        annotations: {
          'controlplane.io/app-id': app.id,
          'controlplane.io/app-status': app.status,
          'controlplane.io/environment': app.environment,
          // The App kind's spec admits no more fields: the tenants served
          // are an annotation. The catalog's tenant rule reads one tenant
          // (`controlplane.io/tenant`); an app serving several belongs to
          // none of them alone, as in the apps plugin's own permissions.
          'controlplane.io/tenants': app.tenants.join(','),
          ...(app.tenants.length === 1
            ? { 'controlplane.io/tenant': app.tenants[0] }
            : {}),
        },
      },
      spec: {
        type: 'service',
        owner: app.owner,
        lifecycle:
          app.environment === 'production' ? 'production' : 'experimental',
        system: 'controlplane',
      },
    }));
  }

  /** Whether there is no app at all (initial apps are seeded then). */
  async isEmpty(): Promise<boolean> {
    return (await this.#store.countApps()) === 0;
  }
}
