import { timingSafeEqual } from 'node:crypto';
import { isIP } from 'node:net';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
  NotFoundError,
  ServiceUnavailableError,
} from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import { TokenResponse } from '@controlplane/plugin-tenants-common';
import {
  BaseClient,
  CustomHttpOptionsProvider,
  custom,
  errors,
  generators,
  Issuer,
} from 'openid-client';
import { StoredTenant } from '../database/rows';
import { hashToken } from '../database/SessionStore';
import { SigninAccount } from '../database/SigninStore';
import { TenantsStores } from '../database/stores';
import {
  PrivateAddressError,
  publicOnlyLookup,
} from '../service/oidcDiscovery';
import { isPrivateAddress } from '../service/privateAddress';
import { normalizeEmail } from '../service/TenantsContext';
import { TenantsService } from '../service/TenantsService';
import { RequestContext, SigninService } from './SigninService';

const STATE_TTL_MS = 10 * 60_000;
const DISCOVERY_CACHE_MS = 5 * 60_000;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

export interface TenantSsoOptions {
  stores: TenantsStores;
  /** The tenants and their SSO configurations (secret decrypted there). */
  tenants: TenantsService;
  signin: SigninService;
  /** The portal's authorization server issuer: the callback is under it. */
  issuer: string;
  /** `tenants.sso.allowPrivateIssuers`: identity providers on loopback. */
  allowPrivateIssuers: boolean;
  now?: () => Date;
}

/** The query of the identity provider's redirect back to the portal. */
export type SsoCallbackParams = Record<string, string | undefined>;

/**
 * What a callback established, step by step: the tenant once the state is
 * known, the account once the id token named one. `failure` when a step
 * refused; `signIn` then throws it (the route audits either way, with the
 * user as actor when known).
 */
export interface SsoIdentity {
  tenant?: StoredTenant;
  account?: SigninAccount;
  email?: string;
  issuer?: string;
  authorizationRequest?: string;
  failure?: Error;
}

/** A completed SSO sign-in. */
export interface SsoSignin {
  tokens: TokenResponse;
  /** The portal's pending authorization request it continues, if any. */
  authorizationRequest?: string;
}

/**
 * Sign-in of tenant users through their tenant's own OpenID Connect
 * identity provider (FR-AUTH-001): the authorization code flow with PKCE
 * (S256), state and nonce, a confidential client (client_secret_basic).
 * The id token's verified e-mail address must belong to a user of that
 * tenant (no just-in-time accounts). The identity provider's own second
 * factor is trusted: the portal does not ask for its own after SSO.
 */
export class TenantSso {
  readonly #options: TenantSsoOptions;
  readonly #httpOptions: CustomHttpOptionsProvider;
  /** Discovery through the same guarded requests. */
  readonly #Discoverer: Pick<typeof Issuer, 'discover'>;
  readonly #issuers = new Map<
    string,
    { issuer: Promise<Issuer<BaseClient>>; expiresAt: number }
  >();

  constructor(options: TenantSsoOptions) {
    this.#options = options;
    // Every request to an identity provider (discovery, keys, token) goes
    // through the lookup that refuses private addresses, so a tenant's
    // settings cannot make the portal reach its internal network.
    this.#httpOptions = (_url, httpOptions) => ({
      ...httpOptions,
      timeout: 5000,
      ...(options.allowPrivateIssuers ? {} : { lookup: publicOnlyLookup }),
    });
    // A subclass: its static options leave openid-client's own alone.
    const Discoverer = class extends Issuer {};
    Discoverer[custom.http_options] = this.#httpOptions;
    this.#Discoverer = Discoverer;
  }

  /** Where the identity provider sends the browser back. */
  get redirectUri(): string {
    return `${this.#options.issuer}/sso/callback`;
  }

  #now() {
    return this.#options.now?.() ?? new Date();
  }

  /**
   * Starts a sign-in with the tenant's identity provider: answers its
   * authorization URL and the state, which the route also binds to the
   * browser. 404 without SSO configuration, 403 for an inactive tenant.
   */
  async start(
    tenantName: string,
    authorizationRequest: string | undefined,
    context: RequestContext,
  ): Promise<Change<{ url: string; state: string }>> {
    const { tenants, stores } = this.#options;
    const tenant = await tenants.getTenant(tenantName);
    const config = await tenants.settings.getSso(tenant);
    if (!config) {
      throw new NotFoundError(
        `The organization ${tenant.name} has no single sign-on configured: sign in with your password`,
      );
    }
    if (tenant.status !== 'active') {
      throw new NotAllowedError('The organization is not active');
    }
    const issuer = await this.#issuer(config.issuerUrl);
    const client = this.#client(issuer, config.clientId);
    const state = generators.state();
    const nonce = generators.nonce();
    const codeVerifier = generators.codeVerifier();
    const now = this.#now();
    await stores.ssoStates.insert({
      state_hash: hashToken(state),
      tenant_id: tenant.id,
      nonce,
      code_verifier: codeVerifier,
      authorization_request: authorizationRequest ?? null,
      ip: context.ip,
      created_at: now.toISOString(),
      expires_at: new Date(now.getTime() + STATE_TTL_MS).toISOString(),
    });
    const url = client.authorizationUrl({
      scope: 'openid email profile',
      response_type: 'code',
      redirect_uri: this.redirectUri,
      state,
      nonce,
      code_challenge: generators.codeChallenge(codeVerifier),
      code_challenge_method: 'S256',
    });
    return {
      result: { url, state },
      audit: {
        tenant: tenant.name,
        resourceType: 'tenant-sso',
        resourceId: tenant.name,
        after: { issuer: config.issuerUrl, ip: context.ip },
      },
    };
  }

  /**
   * The callback's first part: uses the state up (once, even when the
   * identity provider answered an error), exchanges the code, validates the
   * id token (issuer, audience, nonce, expiry, signature) and finds the
   * tenant user of its e-mail address. Never throws: a refusal is
   * `failure`. `browserState` is the state the browser's cookie holds.
   */
  async identify(
    params: SsoCallbackParams,
    browserState: string | undefined,
  ): Promise<SsoIdentity> {
    const identity: SsoIdentity = {};
    try {
      await this.#identify(params, browserState, identity);
    } catch (error) {
      identity.failure = error as Error;
    }
    return identity;
  }

  async #identify(
    params: SsoCallbackParams,
    browserState: string | undefined,
    identity: SsoIdentity,
  ) {
    const { tenants, stores, signin } = this.#options;
    const { state } = params;
    // A callback from another browser than the one that started (login
    // CSRF: an attacker's own sign-in completed in the victim's browser).
    if (state && !sameString(state, browserState)) {
      throw new InputError(
        'This sign-in was not started in this browser: start it again',
      );
    }
    const pending = state
      ? await stores.ssoStates.consume(hashToken(state), this.#now())
      : undefined;
    if (pending) {
      identity.tenant = await tenants.getTenant(pending.tenant_name);
      identity.authorizationRequest =
        pending.authorization_request ?? undefined;
    }
    if (params.error) {
      throw new AuthenticationError(
        `The identity provider refused the sign-in: ${params.error}${
          params.error_description ? ` (${params.error_description})` : ''
        }`,
      );
    }
    if (!pending || !identity.tenant) {
      throw new InputError(
        'This sign-in is unknown, expired or already used: start it again',
      );
    }
    const tenant = identity.tenant;
    const config = await tenants.settings.getSso(tenant);
    const secret = await tenants.settings.ssoClientSecret(tenant);
    if (!config || !secret) {
      throw new NotAllowedError(
        `The organization ${tenant.name} no longer uses single sign-on`,
      );
    }
    identity.issuer = config.issuerUrl;
    const client = this.#client(
      await this.#issuer(config.issuerUrl),
      config.clientId,
      secret,
    );
    let claims: { email?: unknown; email_verified?: unknown };
    try {
      const tokenSet = await client.callback(this.redirectUri, params, {
        response_type: 'code',
        state,
        nonce: pending.nonce,
        code_verifier: pending.code_verifier,
      });
      claims = tokenSet.claims();
      // Conformant providers put scope claims in userinfo, not in the ID
      // token, when they issue an access token; openid-client checks that
      // userinfo's subject is the ID token's.
      if (
        claims.email === undefined &&
        client.issuer.metadata.userinfo_endpoint
      ) {
        const info = await client.userinfo(tokenSet);
        claims = { email: info.email, email_verified: info.email_verified };
      }
    } catch (error) {
      throw providerError(error);
    }
    if (typeof claims.email !== 'string' || !claims.email) {
      throw new NotAllowedError(
        'The identity provider did not share an e-mail address (scope email): the portal finds users by it',
      );
    }
    // Some providers answer the boolean as a string.
    if (String(claims.email_verified) === 'false') {
      throw new NotAllowedError(
        `The identity provider has not verified the e-mail address ${claims.email}`,
      );
    }
    let email: string;
    try {
      email = normalizeEmail(claims.email);
    } catch {
      throw new NotAllowedError(
        `The identity provider's e-mail address "${claims.email}" is not one the portal accepts`,
      );
    }
    identity.email = email;
    const account = await signin.account(email, tenant.name);
    if (!account) {
      throw new NotAllowedError(
        `${email} is not a user of the organization ${tenant.name}: ask its administrator for an invitation`,
      );
    }
    identity.account = account;
  }

  /**
   * The callback's second part: the organization's and the account's
   * checks (disabled user, inactive tenant, e-mail domains, IP allow-list),
   * then a session. No second factor of the portal: the identity provider
   * authenticated the user with its own.
   */
  async signIn(
    identity: SsoIdentity,
    context: RequestContext,
  ): Promise<Change<SsoSignin>> {
    if (identity.failure) throw identity.failure;
    const { tenant, account } = identity;
    if (!tenant || !account) {
      throw new AuthenticationError('The sign-in was not identified');
    }
    const { signin } = this.#options;
    signin.assertMaySignIn(tenant, account.user, context);
    const started = await signin.startSession(
      tenant,
      account.user,
      context,
      'sso',
    );
    return {
      result: {
        tokens: started.result,
        authorizationRequest: identity.authorizationRequest,
      },
      audit: { ...started.audit, issuer: identity.issuer ?? null },
    };
  }

  /** The issuer's metadata, discovered at most every few minutes. */
  #issuer(issuerUrl: string): Promise<Issuer<BaseClient>> {
    const now = Date.now();
    const cached = this.#issuers.get(issuerUrl);
    if (cached && cached.expiresAt > now) return cached.issuer;
    const issuer = this.#discover(issuerUrl);
    const entry = { issuer, expiresAt: now + DISCOVERY_CACHE_MS };
    this.#issuers.set(issuerUrl, entry);
    issuer.catch(() => {
      // A failure is not cached: the next sign-in tries again.
      if (this.#issuers.get(issuerUrl) === entry) {
        this.#issuers.delete(issuerUrl);
      }
    });
    return issuer;
  }

  async #discover(issuerUrl: string): Promise<Issuer<BaseClient>> {
    // Also when it was saved while private issuers were allowed.
    this.#assertEndpoint('issuer', issuerUrl);
    let issuer: Issuer<BaseClient>;
    try {
      issuer = await this.#Discoverer.discover(issuerUrl);
    } catch (error) {
      throw new ServiceUnavailableError(
        `The organization's identity provider could not be reached: ${reasonOf(
          error,
        )}`,
      );
    }
    if (issuer.metadata.issuer !== issuerUrl) {
      throw new ServiceUnavailableError(
        `The identity provider names itself "${issuer.metadata.issuer}", not "${issuerUrl}"`,
      );
    }
    for (const name of [
      'authorization_endpoint',
      'token_endpoint',
      'jwks_uri',
      'userinfo_endpoint',
    ] as const) {
      if (name === 'userinfo_endpoint' && !issuer.metadata[name]) continue;
      this.#assertEndpoint(name, issuer.metadata[name]);
    }
    // The signing keys are fetched through the guarded requests too.
    issuer[custom.http_options] = this.#httpOptions;
    return issuer;
  }

  /**
   * The lookup cannot see addresses written into a URL: the discovery
   * document's endpoints must be https and, unless private issuers are
   * allowed, not on a private address.
   */
  #assertEndpoint(name: string, value: unknown) {
    const allowPrivate = this.#options.allowPrivateIssuers;
    let url: URL | undefined;
    try {
      url = new URL(String(value));
    } catch {
      url = undefined;
    }
    const host = url?.hostname.replace(/^\[|\]$/g, '') ?? '';
    const ok =
      url &&
      (url.protocol === 'https:' ||
        (url.protocol === 'http:' &&
          allowPrivate &&
          LOOPBACK.has(url.hostname))) &&
      (allowPrivate ||
        (!LOOPBACK.has(url.hostname) &&
          !(isIP(host) !== 0 && isPrivateAddress(host))));
    if (!ok) {
      throw new ServiceUnavailableError(
        `The identity provider's ${name} "${String(
          value,
        )}" is not an https URL on the public internet`,
      );
    }
  }

  #client(issuer: Issuer<BaseClient>, clientId: string, secret?: string) {
    const algs = issuer.metadata.id_token_signing_alg_values_supported as
      | string[]
      | undefined;
    const client = new issuer.Client({
      client_id: clientId,
      ...(secret ? { client_secret: secret } : {}),
      redirect_uris: [this.redirectUri],
      response_types: ['code'],
      token_endpoint_auth_method: 'client_secret_basic',
      // RS256 unless the provider signs with another algorithm only.
      id_token_signed_response_alg:
        !algs || algs.includes('RS256')
          ? 'RS256'
          : algs.find(alg => alg !== 'none') ?? 'RS256',
    });
    client[custom.http_options] = this.#httpOptions;
    return client;
  }
}

function sameString(a: string, b: string | undefined): boolean {
  if (b === undefined) return false;
  const left = Buffer.from(a);
  const right = Buffer.from(b);
  return left.length === right.length && timingSafeEqual(left, right);
}

function reasonOf(error: unknown): string {
  if (error instanceof PrivateAddressError) {
    return `it is not on the public internet (${error.message})`;
  }
  const code =
    (error as { code?: string }).code ??
    (error as { cause?: { code?: string } }).cause?.code;
  return code ?? (error as Error).message;
}

/** The refusal of a code exchange or of an id token, said plainly. */
function providerError(error: unknown): Error {
  if (error instanceof errors.OPError) {
    return new AuthenticationError(
      `The identity provider refused the sign-in: ${error.error}${
        error.error_description ? ` (${error.error_description})` : ''
      }`,
    );
  }
  if (error instanceof errors.RPError) {
    return new AuthenticationError(
      `The identity provider's answer failed validation: ${error.message}`,
    );
  }
  return new ServiceUnavailableError(
    `The organization's identity provider could not be reached: ${reasonOf(
      error,
    )}`,
  );
}
