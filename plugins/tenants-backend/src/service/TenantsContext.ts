import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { JsonObject } from '@backstage/types';
import { StoredTenant, toTenant, UserRow } from '../database/rows';
import { SessionStore } from '../database/SessionStore';
import { TenantsStore } from '../database/TenantsStore';
import { InvitationMailer } from './InvitationMailer';
import { SecretCipher } from './SecretCipher';

/** What the router records in the one audit event of a change. */
export interface AuditFacts extends JsonObject {
  tenant: string;
  resourceType: string;
  resourceId: string;
}

/** The result of a change with the facts for its audit event. */
export interface Change<T> {
  result: T;
  audit: AuditFacts;
}

export interface TenantsServiceOptions {
  store: TenantsStore;
  events: EventsService;
  logger: LoggerService;
  mailer: InvitationMailer;
  /** Absent when `tenants.secretKey` is not configured: SSO cannot be saved. */
  cipher?: SecretCipher;
  invitationExpiryMs: number;
  /** The accept page; the token is appended as `?token=`. */
  acceptUrl: string;
  impersonationMaxMinutes: number;
  now?: () => Date;
  fetch?: typeof fetch;
  /** SSO issuers may be on loopback or private networks (local setups). */
  allowPrivateIssuers?: boolean;
}

const EMAIL_PATTERN =
  /^[^\s@<>()[\]\\,;:"]{1,64}@[a-z0-9.-]{1,253}\.[a-z]{2,63}$/;

export function normalizeEmail(email: string): string {
  const normalized = email.trim().toLowerCase();
  if (!EMAIL_PATTERN.test(normalized)) {
    throw new InputError(`"${email}" is not an e-mail address`);
  }
  return normalized;
}

export function requireReason(
  reason: string | undefined,
  what: string,
): string {
  const trimmed = reason?.trim() ?? '';
  if (trimmed.length < 3) {
    throw new InputError(
      `A reason (at least 3 characters) is required to ${what}`,
    );
  }
  return trimmed;
}

/**
 * What the parts of the tenants service share: the store, the options, the
 * clock, the session store and a few checks.
 */
export class TenantsContext {
  readonly store: TenantsStore;
  readonly options: TenantsServiceOptions;
  readonly sessions: SessionStore;
  readonly now: () => Date;

  constructor(options: TenantsServiceOptions) {
    this.options = options;
    this.store = options.store;
    this.now = options.now ?? (() => new Date());
    this.sessions = new SessionStore(options.store.db);
  }

  async getTenant(name: string): Promise<StoredTenant> {
    const row = await this.store.tenantByName(name);
    if (!row) throw new NotFoundError(`No tenant named ${name}`);
    return toTenant(row);
  }

  async loadUser(
    store: TenantsStore,
    tenant: StoredTenant,
    userId: string,
  ): Promise<UserRow> {
    const row = await store.user(tenant.id, userId);
    if (!row) {
      throw new NotFoundError(`No user ${userId} in tenant ${tenant.name}`);
    }
    return row;
  }

  assertNotOffboarded(tenant: StoredTenant) {
    if (tenant.status === 'offboarded') {
      throw new ConflictError(`Tenant ${tenant.name} is offboarded`);
    }
  }

  /** Maps a unique-constraint violation of a racing insert to a 409. */
  async unique<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await work();
    } catch (error) {
      const code = String((error as { code?: unknown }).code ?? '');
      if (code === '23505' || code.startsWith('SQLITE_CONSTRAINT')) {
        throw new ConflictError('It already exists (created concurrently)');
      }
      throw error;
    }
  }
}
