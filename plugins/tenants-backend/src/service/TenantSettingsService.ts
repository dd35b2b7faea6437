import {
  InputError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  Organization,
  OrganizationSettings,
  organizationSettingsProblems,
  OrganizationUpdate,
  PasswordPolicy,
  passwordPolicyProblems,
  SsoConfig,
  SsoUpdate,
} from '@controlplane/plugin-tenants-common';
import { StoredTenant, toIso } from '../database/rows';
import { TenantsContext } from './TenantsContext';
import { verifyOidcIssuer } from './oidcDiscovery';

/** A tenant's SSO configuration, password policy and organization settings. */
export class TenantSettingsService {
  readonly #ctx: TenantsContext;

  constructor(ctx: TenantsContext) {
    this.#ctx = ctx;
  }

  // -------------------------------------------------------------------- SSO

  async getSso(tenant: StoredTenant): Promise<SsoConfig | undefined> {
    const row = await this.#ctx.stores.tenants.ssoConfig(tenant.id);
    if (!row) return undefined;
    return {
      tenant: tenant.name,
      issuerUrl: row.issuer_url,
      clientId: row.client_id,
      clientSecretSet: !!row.client_secret_encrypted,
      createdAt: toIso(row.created_at),
      updatedAt: toIso(row.updated_at),
    };
  }

  /**
   * Verifies the issuer's discovery document, then saves the configuration
   * with the client secret encrypted. Without a new secret the stored one
   * is kept.
   */
  async putSso(
    tenant: StoredTenant,
    input: SsoUpdate,
  ): Promise<Change<SsoConfig>> {
    this.#ctx.assertNotOffboarded(tenant);
    const cipher = this.#ctx.options.cipher;
    if (!cipher) {
      throw new ServiceUnavailableError(
        'SSO cannot be saved: tenants.secretKey is not configured',
      );
    }
    const existing = await this.#ctx.stores.tenants.ssoConfig(tenant.id);
    if (!input.clientSecret && !existing) {
      throw new InputError(
        'clientSecret is required for a new SSO configuration',
      );
    }
    if (!input.clientId.trim())
      throw new InputError('clientId must not be empty');
    await verifyOidcIssuer(input.issuerUrl, {
      fetch: this.#ctx.options.fetch,
      allowPrivateAddresses: this.#ctx.options.allowPrivateIssuers,
    });
    const iso = this.#ctx.now().toISOString();
    await this.#ctx.stores.tenants.saveSsoConfig({
      tenant_id: tenant.id,
      issuer_url: input.issuerUrl,
      client_id: input.clientId.trim(),
      client_secret_encrypted: input.clientSecret
        ? cipher.encrypt(input.clientSecret, tenant.id)
        : existing!.client_secret_encrypted,
      created_at: iso,
      updated_at: iso,
    });
    const saved = (await this.getSso(tenant))!;
    return {
      result: saved,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-sso',
        resourceId: tenant.name,
        before: existing
          ? { issuerUrl: existing.issuer_url, clientId: existing.client_id }
          : null,
        after: {
          issuerUrl: saved.issuerUrl,
          clientId: saved.clientId,
          clientSecretChanged: !!input.clientSecret,
        },
      },
    };
  }

  async deleteSso(tenant: StoredTenant): Promise<Change<null>> {
    const existing = await this.#ctx.stores.tenants.ssoConfig(tenant.id);
    if (
      !existing ||
      !(await this.#ctx.stores.tenants.deleteSsoConfig(tenant.id))
    ) {
      throw new NotFoundError(`Tenant ${tenant.name} has no SSO configuration`);
    }
    return {
      result: null,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-sso',
        resourceId: tenant.name,
        before: {
          issuerUrl: existing.issuer_url,
          clientId: existing.client_id,
        },
        after: null,
      },
    };
  }

  /** The decrypted client secret, for the sign-in of a later issue. */
  async ssoClientSecret(tenant: StoredTenant): Promise<string | undefined> {
    const row = await this.#ctx.stores.tenants.ssoConfig(tenant.id);
    if (!row || !this.#ctx.options.cipher) return undefined;
    return this.#ctx.options.cipher.decrypt(
      row.client_secret_encrypted,
      tenant.id,
    );
  }

  // -------------------------------------------- password policy, organization

  async putPasswordPolicy(
    tenant: StoredTenant,
    policy: PasswordPolicy,
  ): Promise<Change<PasswordPolicy>> {
    this.#ctx.assertNotOffboarded(tenant);
    const problems = passwordPolicyProblems(policy);
    if (problems.length) {
      throw new InputError(`Invalid password policy: ${problems.join('; ')}`);
    }
    await this.#ctx.stores.tenants.updateTenant(tenant.id, {
      password_policy: JSON.stringify(policy),
      updated_at: this.#ctx.now().toISOString(),
    });
    return {
      result: policy,
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-password-policy',
        resourceId: tenant.name,
        before: { ...tenant.passwordPolicy },
        after: { ...policy },
      },
    };
  }

  organization(tenant: StoredTenant): Organization {
    return {
      tenant: tenant.name,
      name: tenant.displayName,
      domain: tenant.domain,
      plan: tenant.plan,
      status: tenant.status,
      settings: tenant.settings,
      createdAt: tenant.createdAt,
      updatedAt: tenant.updatedAt,
    };
  }

  /**
   * Changes the display name (`name`) and the settings given; settings left
   * out keep their values.
   */
  async putOrganization(
    tenant: StoredTenant,
    input: OrganizationUpdate,
  ): Promise<Change<Organization>> {
    this.#ctx.assertNotOffboarded(tenant);
    const settings: OrganizationSettings = {
      ...tenant.settings,
      ...input.settings,
    };
    settings.allowedDomains = [
      ...new Set(settings.allowedDomains.map(d => d.trim().toLowerCase())),
    ];
    settings.ipAllowList = [
      ...new Set(settings.ipAllowList.map(e => e.trim())),
    ];
    const problems = organizationSettingsProblems(settings);
    if (problems.length) {
      throw new InputError(
        `Invalid organization settings: ${problems.join('; ')}`,
      );
    }
    const displayName = input.name?.trim();
    if (input.name !== undefined && !displayName) {
      throw new InputError('displayName must not be empty');
    }
    const iso = this.#ctx.now().toISOString();
    await this.#ctx.stores.tenants.updateTenant(tenant.id, {
      ...(displayName ? { display_name: displayName } : {}),
      settings: JSON.stringify(settings),
      updated_at: iso,
    });
    const updated = {
      ...tenant,
      settings,
      updatedAt: iso,
      displayName: displayName ?? tenant.displayName,
    };
    return {
      result: this.organization(updated),
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-organization',
        resourceId: tenant.name,
        before: {
          displayName: tenant.displayName,
          settings: { ...tenant.settings },
        },
        after: { displayName: updated.displayName, settings: { ...settings } },
      },
    };
  }
}
