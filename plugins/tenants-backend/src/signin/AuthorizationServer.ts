import { createHash } from 'node:crypto';
import { InputError } from '@backstage/errors';
import {
  TenantUserRole,
  TokenResponse,
} from '@controlplane/plugin-tenants-common';
import { decodeJwt } from 'jose';
import { newToken } from '../database/SessionStore';
import { TenantsStores } from '../database/stores';
import { SecretCipher } from '../service/SecretCipher';
import { OidcClient, secretMatches } from './oidcClients';
import { RequestContext, SigninService, TenantAccess } from './SigninService';
import { SigningKeys } from './SigningKeys';

const REQUEST_TTL_MS = 15 * 60_000;
const CODE_TTL_MS = 60_000;
const PKCE_VERIFIER = /^[A-Za-z0-9._~-]{43,128}$/;
const PKCE_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

/** The login page's own client: SSO sign-ins started on the page itself. */
export const SIGNIN_PAGE_CLIENT = 'signin-page';

/**
 * An OAuth 2.0 error as RFC 6749 answers it: `{ error, error_description }`
 * with 400, or 401 for a client that failed to authenticate.
 */
export class OAuthError extends Error {
  constructor(
    readonly error: string,
    readonly description: string,
    readonly status = 400,
  ) {
    super(description);
    this.name = 'OAuthError';
  }
}

/** A code redeemed a second time: its session was revoked. */
export class CodeReuseError extends OAuthError {
  // Private: the answer serializes nothing of it, the audit reads it.
  readonly #sessionId: string;
  constructor(sessionId: string) {
    super(
      'invalid_grant',
      'The authorization code is unknown, expired or already used',
    );
    this.#sessionId = sessionId;
  }
  get sessionId(): string {
    return this.#sessionId;
  }
}

/** The parameters of an authorization request, as the query gives them. */
export type AuthorizeParams = Partial<
  Record<
    | 'client_id'
    | 'redirect_uri'
    | 'response_type'
    | 'scope'
    | 'state'
    | 'nonce'
    | 'code_challenge'
    | 'code_challenge_method'
    | 'prompt'
    | 'login_hint'
    | 'tenant',
    string
  >
>;

/** The parameters of a token request, from the form or JSON body. */
export type TokenParams = Partial<
  Record<
    | 'grant_type'
    | 'code'
    | 'redirect_uri'
    | 'code_verifier'
    | 'refresh_token'
    | 'client_id'
    | 'client_secret',
    string
  >
>;

/** What the token endpoint answers. */
export interface OidcTokenSet {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  refresh_token: string;
  id_token: string;
  scope: string;
}

export interface AuthorizationServerOptions {
  /** e.g. http://localhost:7007/api/tenants/auth */
  issuer: string;
  clients: OidcClient[];
  stores: TenantsStores;
  signin: SigninService;
  keys: SigningKeys;
  cipher: SecretCipher;
  /** Lifetime of ID tokens (that of access tokens). */
  idTokenTtlSeconds: number;
  now?: () => Date;
}

const s256 = (verifier: string) =>
  createHash('sha256').update(verifier, 'ascii').digest('base64url');

const withParams = (
  uri: string,
  params: Record<string, string | undefined>,
) => {
  const url = new URL(uri);
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined) url.searchParams.set(key, value);
  }
  return url.toString();
};

/**
 * The OpenID Connect authorization server of tenant sign-in: managed
 * applications (and the portal's tenant login) send users to
 * `/authorize`, where the universal login page signs them in; the
 * application redeems the code once at `/oauth/token` for the session's
 * tokens and an ID token. Codes live a minute, are bound to the client,
 * its redirect URI and the PKCE challenge; a code redeemed twice revokes
 * its session, and a session's refresh token works only for its client.
 */
export class AuthorizationServer {
  readonly #clients: Map<string, OidcClient>;

  constructor(private readonly options: AuthorizationServerOptions) {
    this.#clients = new Map(
      options.clients.map(client => [client.clientId, client]),
    );
    // The login page redeems the codes of SSO sign-ins started on it.
    this.#clients.set(SIGNIN_PAGE_CLIENT, {
      clientId: SIGNIN_PAGE_CLIENT,
      name: 'Sign-in page',
      redirectUris: [this.signinPageUrl],
    });
  }

  /** The issuer URL, e.g. http://localhost:7007/api/tenants/auth. */
  get issuer(): string {
    return this.options.issuer;
  }

  /** The universal login page. */
  get signinPageUrl(): string {
    return `${this.options.issuer}/signin`;
  }

  #now() {
    return this.options.now?.() ?? new Date();
  }

  /** The OpenID Connect discovery document. */
  discovery() {
    const { issuer } = this.options;
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/oauth/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      revocation_endpoint: `${issuer}/oauth/revoke`,
      jwks_uri: `${issuer}/jwks.json`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code', 'refresh_token'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['ES256'],
      scopes_supported: ['openid', 'email', 'profile', 'offline_access'],
      token_endpoint_auth_methods_supported: [
        'client_secret_basic',
        'client_secret_post',
        'none',
      ],
      code_challenge_methods_supported: ['S256'],
      claims_supported: [
        'sub',
        'iss',
        'aud',
        'exp',
        'iat',
        'auth_time',
        'nonce',
        'email',
        'email_verified',
        'name',
        'tenant',
        'tenant_id',
        'role',
        'sid',
      ],
      authorization_response_iss_parameter_supported: true,
    };
  }

  /**
   * Checks an authorization request and stores it; answers where the
   * browser goes: the login page, or back to the client with an error.
   * A request with an unknown client or redirect URI is refused here
   * (400): it is never redirected anywhere.
   */
  async authorize(params: AuthorizeParams): Promise<string> {
    const client = params.client_id
      ? this.#clients.get(params.client_id)
      : undefined;
    if (!client || client.clientId === SIGNIN_PAGE_CLIENT) {
      throw new InputError(`Unknown client_id ${params.client_id ?? ''}`);
    }
    const redirectUri = params.redirect_uri ?? client.redirectUris[0];
    if (!client.redirectUris.includes(redirectUri)) {
      throw new InputError(
        `redirect_uri is not one registered for ${client.clientId}`,
      );
    }
    const back = (error: string, description: string) =>
      withParams(redirectUri, {
        error,
        error_description: description,
        state: params.state,
        iss: this.options.issuer,
      });
    if (params.response_type !== 'code') {
      return back(
        'unsupported_response_type',
        'Only the authorization code flow (response_type=code) is supported',
      );
    }
    const scopes = (params.scope ?? '').split(' ').filter(Boolean);
    if (!scopes.includes('openid')) {
      return back('invalid_scope', 'The scope must include openid');
    }
    if (params.prompt?.split(' ').includes('none')) {
      // The login page keeps no session of its own to answer silently.
      return back('login_required', 'The user must sign in');
    }
    if (params.code_challenge !== undefined) {
      if ((params.code_challenge_method ?? 'plain') !== 'S256') {
        return back('invalid_request', 'code_challenge_method must be S256');
      }
      if (!PKCE_CHALLENGE.test(params.code_challenge)) {
        return back('invalid_request', 'code_challenge is not an S256 hash');
      }
    } else if (!client.clientSecret) {
      return back(
        'invalid_request',
        'A public client must send a PKCE code_challenge (S256)',
      );
    }
    const id = newToken();
    const now = this.#now();
    await this.options.stores.oidc.insertRequest(
      id,
      {
        clientId: client.clientId,
        redirectUri,
        scope: scopes.join(' '),
        state: params.state,
        nonce: params.nonce,
        codeChallenge: params.code_challenge,
        tenantHint: params.tenant,
        loginHint: params.login_hint,
      },
      {
        now: now.toISOString(),
        expiresAt: new Date(now.getTime() + REQUEST_TTL_MS).toISOString(),
      },
    );
    return withParams(this.signinPageUrl, { request: id });
  }

  /** What the login page shows of a pending request: who asks, for whom. */
  async describeRequest(id: string) {
    const request = await this.options.stores.oidc.request(id);
    if (!request || request.codeHash || request.expiresAt <= this.#nowIso()) {
      throw new InputError(
        'This sign-in request expired or was already used: start again from the application',
      );
    }
    return {
      client: this.#clients.get(request.clientId)?.name ?? request.clientId,
      tenant: request.tenantHint,
      loginHint: request.loginHint,
    };
  }

  #nowIso() {
    return this.#now().toISOString();
  }

  /**
   * Where the browser goes once a sign-in completed in it (password page,
   * second factor, SSO callback): the client's redirect URI with an
   * authorization code when `authorizationRequest` names a pending
   * request; without one (an SSO sign-in started on the login page), the
   * login page with a code of its own.
   */
  async completeBrowserSignin(
    tokens: TokenResponse,
    authorizationRequest: string | undefined,
  ): Promise<string> {
    let id = authorizationRequest;
    if (id === undefined) {
      id = newToken();
      const now = this.#now();
      await this.options.stores.oidc.insertRequest(
        id,
        {
          clientId: SIGNIN_PAGE_CLIENT,
          redirectUri: this.signinPageUrl,
          scope: 'openid',
        },
        {
          now: now.toISOString(),
          expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
        },
      );
    }
    const request = await this.options.stores.oidc.request(id);
    const code = newToken();
    const now = this.#now();
    const sessionId = sessionOf(tokens.access_token);
    const attached =
      request &&
      (await this.options.stores.oidc.attachCode(id, {
        code,
        sessionId,
        tokensEncrypted: this.options.cipher.encrypt(
          JSON.stringify(tokens),
          `oidc-code:${request.idHash}`,
        ),
        authTime: now.toISOString(),
        expiresAt: new Date(now.getTime() + CODE_TTL_MS).toISOString(),
        now: now.toISOString(),
      }));
    if (!request || !attached) {
      // The session just started has no one to go to.
      await this.options.stores.sessions.revoke(
        sessionId,
        'authorization-request-expired',
        now,
      );
      throw new InputError(
        'This sign-in request expired or was already used: start again from the application',
      );
    }
    return withParams(request.redirectUri, {
      code,
      state: request.state,
      iss: this.options.issuer,
    });
  }

  /**
   * The token endpoint: an authorization code (once, by its client, with
   * its redirect URI and PKCE verifier) or a refresh token (of a session
   * issued to this client) for tokens and an ID token.
   */
  async token(
    params: TokenParams,
    authorization: string | undefined,
    context: RequestContext,
  ): Promise<OidcTokenSet> {
    const client = this.#authenticateClient(params, authorization);
    if (params.grant_type === 'authorization_code') {
      return this.#redeemCode(client, params);
    }
    if (params.grant_type === 'refresh_token') {
      if (!params.refresh_token) {
        throw new OAuthError('invalid_request', 'refresh_token is required');
      }
      const refreshed = await this.options.signin
        .refresh(params.refresh_token, context, { clientId: client.clientId })
        .catch(error => {
          throw new OAuthError('invalid_grant', (error as Error).message);
        });
      return this.#tokenSet(client.clientId, refreshed.result, {});
    }
    throw new OAuthError(
      'unsupported_grant_type',
      'grant_type must be authorization_code or refresh_token',
    );
  }

  /**
   * Token revocation (RFC 7009): a refresh token of a session issued to
   * the authenticated client ends that session (the application signed
   * the user out). Any other token changes nothing; the answer is the
   * same either way. Answers the ended session, for the audit record.
   */
  async revoke(
    params: TokenParams & { token?: string },
    authorization: string | undefined,
  ): Promise<{ sessionId: string; userId: string } | undefined> {
    const client = this.#authenticateClient(params, authorization);
    if (!params.token)
      throw new OAuthError('invalid_request', 'token is required');
    const session = await this.options.stores.sessions.byRefreshToken(
      params.token,
    );
    if (!session || session.clientId !== client.clientId) return undefined;
    const revoked = await this.options.stores.sessions.revoke(
      session.id,
      'signed-out',
      this.#now(),
    );
    return revoked
      ? { sessionId: session.id, userId: session.userId }
      : undefined;
  }

  /** The claims of the userinfo endpoint for a verified access token. */
  async userinfo(access: TenantAccess) {
    const account = await this.options.stores.signin.accountById(access.userId);
    if (!account) throw new OAuthError('invalid_token', 'Unknown user', 401);
    return {
      sub: account.user.id,
      email: account.user.email,
      email_verified: true,
      name: account.user.display_name ?? account.user.email,
      tenant: account.tenant.name,
      tenant_id: account.tenant.id,
      role: account.user.role as TenantUserRole,
    };
  }

  #authenticateClient(
    params: TokenParams,
    authorization: string | undefined,
  ): OidcClient {
    let clientId = params.client_id;
    let secret = params.client_secret;
    const basic = /^Basic\s+(\S+)$/i.exec(authorization ?? '');
    if (basic) {
      const decoded = Buffer.from(basic[1], 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) {
        throw new OAuthError(
          'invalid_client',
          'Malformed Basic credentials',
          401,
        );
      }
      try {
        clientId = decodeURIComponent(decoded.slice(0, colon));
        secret = decodeURIComponent(decoded.slice(colon + 1));
      } catch {
        throw new OAuthError(
          'invalid_client',
          'Malformed Basic credentials',
          401,
        );
      }
    }
    const client = clientId ? this.#clients.get(clientId) : undefined;
    if (!client) {
      throw new OAuthError('invalid_client', 'Unknown client', 401);
    }
    if (client.clientSecret) {
      if (!secret || !secretMatches(client.clientSecret, secret)) {
        throw new OAuthError(
          'invalid_client',
          'The client failed to authenticate',
          401,
        );
      }
    } else if (secret) {
      throw new OAuthError(
        'invalid_client',
        'This public client has no secret',
        401,
      );
    }
    return client;
  }

  async #redeemCode(client: OidcClient, params: TokenParams) {
    if (!params.code)
      throw new OAuthError('invalid_request', 'code is required');
    const now = this.#now();
    const found = await this.options.stores.oidc.redeemCode(
      params.code,
      now.toISOString(),
    );
    const invalid = () =>
      new OAuthError(
        'invalid_grant',
        'The authorization code is unknown, expired or already used',
      );
    if (!found) throw invalid();
    const { row, redeemed } = found;
    if (!redeemed) {
      // A code redeemed twice was intercepted, or the client retried:
      // the session it began ends either way (RFC 6749 §4.1.2).
      if (row.sessionId) {
        await this.options.stores.sessions.revoke(
          row.sessionId,
          'authorization-code-reuse',
          now,
        );
        throw new CodeReuseError(row.sessionId);
      }
      throw invalid();
    }
    if (
      !row.tokensEncrypted ||
      !row.codeExpiresAt ||
      row.codeExpiresAt <= now.toISOString() ||
      row.clientId !== client.clientId ||
      (params.redirect_uri !== undefined &&
        params.redirect_uri !== row.redirectUri)
    ) {
      throw invalid();
    }
    if (row.codeChallenge) {
      if (
        !params.code_verifier ||
        !PKCE_VERIFIER.test(params.code_verifier) ||
        s256(params.code_verifier) !== row.codeChallenge
      ) {
        throw new OAuthError(
          'invalid_grant',
          'The code_verifier does not match the code_challenge',
        );
      }
    }
    const tokens = JSON.parse(
      this.options.cipher.decrypt(
        row.tokensEncrypted,
        `oidc-code:${row.idHash}`,
      ),
    ) as TokenResponse;
    if (client.clientId !== SIGNIN_PAGE_CLIENT) {
      await this.options.stores.oidc.bindSessionToClient(
        row.sessionId!,
        client.clientId,
      );
    }
    return this.#tokenSet(client.clientId, tokens, {
      nonce: row.nonce,
      authTime: row.authTime,
      scope: row.scope,
    });
  }

  async #tokenSet(
    clientId: string,
    tokens: TokenResponse,
    extra: { nonce?: string; authTime?: string; scope?: string },
  ): Promise<OidcTokenSet> {
    const { user } = tokens;
    const idToken = await this.options.keys.sign(
      {
        sub: user.id,
        email: user.email,
        email_verified: true,
        name: user.name,
        tenant: user.tenant,
        tenant_id: user.organization_id,
        role: user.role,
        sid: sessionOf(tokens.access_token),
        ...(extra.nonce ? { nonce: extra.nonce } : {}),
        ...(extra.authTime
          ? { auth_time: Math.floor(Date.parse(extra.authTime) / 1000) }
          : {}),
      },
      { audience: clientId, expiresInSeconds: this.options.idTokenTtlSeconds },
    );
    return {
      access_token: tokens.access_token,
      token_type: 'Bearer',
      expires_in: tokens.expires_in,
      refresh_token: tokens.refresh_token,
      id_token: idToken,
      scope: extra.scope ?? 'openid email profile',
    };
  }
}

/** The session id of an access token this server signed a moment ago. */
function sessionOf(accessToken: string): string {
  const { sid } = decodeJwt(accessToken);
  if (typeof sid !== 'string') throw new Error('Access token without sid');
  return sid;
}
