import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  AppCredential,
  CredentialPage,
  formatAppToken,
  IssuedCredential,
  ManagedApp,
  NewCredential,
  RevokedCredential,
  scopesProblem,
} from '@controlplane/plugin-apps-common';
import { hashSecret } from '@controlplane/plugin-apps-node';
import { CredentialListQuery } from '../database/CredentialsStore';
import { toCredential, toIso } from '../database/rows';
import { AppsStores } from '../database/stores';
import { existingApp, lockedApp } from './appLookup';
import { trimmedOrNull } from './appInput';
import { credentialFacts } from './auditFacts';
import { newClientId, newClientSecret } from './credentialSecrets';

export interface CredentialsServiceOptions {
  stores: AppsStores;
  /** The key secrets are hashed with (`readSecretHashKey`). */
  secretHashKey: Buffer;
  now: () => Date;
}

const MAX_GRACE_HOURS = 168;

/**
 * The credentials of apps: issue, rotate with a grace period, revoke, list.
 * A secret is answered once and stored only as its keyed hash; every change
 * bumps the credential snapshot's revision in its transaction.
 */
export class CredentialsService {
  readonly #stores: AppsStores;
  readonly #secretHashKey: Buffer;
  readonly #now: () => Date;

  constructor(options: CredentialsServiceOptions) {
    this.#stores = options.stores;
    this.#secretHashKey = options.secretHashKey;
    this.#now = options.now;
  }

  async listCredentials(
    query: Omit<CredentialListQuery, 'now'>,
  ): Promise<CredentialPage> {
    if (!(query.limit >= 1 && query.limit <= 200)) {
      throw new InputError('limit must be within 1..200');
    }
    const now = this.#now();
    const page = await this.#stores.credentials.listCredentials({
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
    const row = await this.#stores.credentials.credentialById(id);
    if (!row) throw new NotFoundError(`No API key with id ${id}`);
    return {
      credential: toCredential(row, this.#now()),
      app: await existingApp(this.#stores.apps, row.app_id),
    };
  }

  #hash(secret: string): string {
    return hashSecret(this.#secretHashKey, secret);
  }

  /** A new credential of an active app; its secret is answered this once. */
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
    const row = await this.#stores.transaction(async tx => {
      const current = await lockedApp(tx.apps, app.id);
      if (current.status !== 'active') {
        throw new ConflictError(
          `The app ${app.name} is disabled: enable it before issuing credentials`,
        );
      }
      await tx.credentials.insertCredential({
        id,
        app_id: app.id,
        name,
        client_id: newClientId(current.environment),
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
      await tx.snapshot.bumpRevision();
      return (await tx.credentials.credentialById(id))!;
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
    const row = await this.#stores.transaction(async tx => {
      const current = await tx.credentials.lockCredential(credential.id);
      if (!current) throw new NotFoundError(`No API key ${credential.id}`);
      if (current.revoked_at) {
        throw new ConflictError('A revoked API key cannot be rotated');
      }
      if (current.expires_at && new Date(current.expires_at) <= now) {
        throw new ConflictError(
          'An expired API key cannot be rotated: issue a new one',
        );
      }
      await tx.credentials.updateCredential(credential.id, {
        secret_hash: this.#hash(secret),
        previous_secret_hash: validUntil ? current.secret_hash : null,
        previous_valid_until: validUntil,
        rotated_at: now.toISOString(),
      });
      await tx.snapshot.bumpRevision();
      return (await tx.credentials.credentialById(credential.id))!;
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
    await this.#stores.transaction(async tx => {
      const current = await tx.credentials.lockCredential(credential.id);
      if (!current) throw new NotFoundError(`No API key ${credential.id}`);
      if (current.revoked_at) {
        throw new ConflictError(
          `The API key was already revoked at ${toIso(current.revoked_at)}`,
        );
      }
      await tx.credentials.updateCredential(credential.id, {
        revoked_at: iso,
        revoked_by: actor,
        previous_secret_hash: null,
        previous_valid_until: null,
      });
      await tx.snapshot.bumpRevision();
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
}
