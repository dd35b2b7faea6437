import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { InputError } from '@backstage/errors';
import { toTenant } from '../database/rows';
import { TenantsStores } from '../database/stores';
import { AuthorizationServer } from './AuthorizationServer';
import { Branding, LoginPageModel } from './loginPageHtml';

const ASSETS = { 'signin.js': 'text/javascript', 'signin.css': 'text/css' };
export type LoginPageAsset = keyof typeof ASSETS;

const assetsDir = resolvePackagePath(
  '@controlplane/plugin-tenants-backend',
  'assets/signin',
);

/**
 * What the universal login page needs from the server: the organization's
 * branding, the pending authorization request, whether an address signs
 * in through its organization's identity provider, and the page's files.
 */
export class LoginPage {
  readonly #assets = new Map<string, Buffer>();

  constructor(
    private readonly options: {
      stores: TenantsStores;
      authorization: AuthorizationServer;
      title: string;
    },
  ) {}

  /** The page's model for a request and/or tenant of its URL. */
  async model(
    apiPath: string,
    query: { request?: string; tenant?: string },
  ): Promise<LoginPageModel> {
    const model: LoginPageModel = { apiPath, title: this.options.title };
    let tenant = query.tenant;
    if (query.request) {
      try {
        const described = await this.options.authorization.describeRequest(
          query.request,
        );
        model.request = query.request;
        model.clientName = described.client;
        model.loginHint = described.loginHint;
        tenant = described.tenant ?? tenant;
      } catch (error) {
        if (!(error instanceof InputError)) throw error;
        model.problem = error.message;
      }
    }
    if (tenant) model.branding = await this.branding(tenant);
    return model;
  }

  /** The name and logo of an active tenant; none for any other. */
  async branding(name: string): Promise<Branding | undefined> {
    const row = await this.options.stores.tenants.tenantByName(name);
    if (!row || row.status !== 'active') return undefined;
    const tenant = toTenant(row);
    return {
      tenant: tenant.name,
      displayName: tenant.displayName || tenant.name,
      logoUrl: tenant.settings.logoUrl || undefined,
    };
  }

  /**
   * Whether an address signs in through its organization's identity
   * provider: the tenant named, else the one whose domain is the
   * address's, when it has SSO configured. It tells which organizations
   * use SSO, never whether an account exists.
   */
  async discover(
    email: string,
    tenantName?: string,
  ): Promise<{ sso: boolean; tenant?: string }> {
    const domain = email.split('@')[1]?.toLowerCase() ?? '';
    const { tenants } = this.options.stores;
    const row = tenantName
      ? await tenants.tenantByName(tenantName)
      : await tenants.tenantByDomain(domain);
    if (!row || row.status !== 'active') return { sso: false };
    const sso = await tenants.ssoConfig(row.id);
    return sso ? { sso: true, tenant: row.name } : { sso: false };
  }

  /** One of the page's files and its type; undefined for any other name. */
  async asset(
    name: string,
  ): Promise<{ body: Buffer; type: string } | undefined> {
    if (!Object.hasOwn(ASSETS, name)) return undefined;
    let body = this.#assets.get(name);
    if (!body) {
      body = await readFile(join(assetsDir, name));
      this.#assets.set(name, body);
    }
    return { body, type: ASSETS[name as LoginPageAsset] };
  }
}
