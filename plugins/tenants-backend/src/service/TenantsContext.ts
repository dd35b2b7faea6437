import {
  isUniqueViolation,
  PortalNotifier,
} from '@controlplane/backend-common';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { EventsService } from '@backstage/plugin-events-node';
import { LoggerService } from '@backstage/backend-plugin-api';
import { StoredTenant, toTenant, UserRow } from '../database/rows';
import { TenantsStores } from '../database/stores';
import { TenantsStore } from '../database/TenantsStore';
import { InvitationMailer } from './InvitationMailer';
import { SecretCipher } from './SecretCipher';
import { TenantApplications } from './TenantApplications';

export interface TenantsServiceOptions {
  stores: TenantsStores;
  events: EventsService;
  logger: LoggerService;
  mailer: InvitationMailer;
  /** Which apps serve a tenant: read from and set in the apps plugin. */
  applications: TenantApplications;
  /** Absent when `tenants.secretKey` is not configured: SSO cannot be saved. */
  cipher?: SecretCipher;
  invitationExpiryMs: number;
  /** The accept page; the token is appended as `?token=`. */
  acceptUrl: string;
  /** Tells the inviter and the tenant's owners of an accepted invitation. */
  notifier?: PortalNotifier;
  /** The tenant's owners (`{tenant}` replaced); default `group:default/{tenant}-owners`. */
  invitationNotifyEntityRef?: string;
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
 * What the parts of the tenants service share: the stores, the options, the
 * clock and a few checks.
 */
export class TenantsContext {
  readonly stores: TenantsStores;
  readonly options: TenantsServiceOptions;
  readonly now: () => Date;

  constructor(options: TenantsServiceOptions) {
    this.options = options;
    this.stores = options.stores;
    this.now = options.now ?? (() => new Date());
  }

  async getTenant(name: string): Promise<StoredTenant> {
    const row = await this.stores.tenants.tenantByName(name);
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
      if (isUniqueViolation(error)) {
        throw new ConflictError('It already exists (created concurrently)');
      }
      throw error;
    }
  }
}
