import { TokenResponse } from '@controlplane/plugin-tenants-common';

/**
 * The OpenID Connect authorization server of tenant sign-in (issuer
 * `<tenants external base URL>/auth`). Work in progress: the lead writes it.
 */
export class AuthorizationServer {
  constructor(readonly options: { issuer: string }) {}

  /** The issuer URL, e.g. http://localhost:7007/api/tenants/auth. */
  get issuer(): string {
    return this.options.issuer;
  }

  /**
   * Where the browser goes once a sign-in completed in it (password page,
   * second factor, SSO callback): the client's redirect URI with an
   * authorization code when `authorizationRequest` names a pending
   * request, else the login page's signed-in view.
   */
  async completeBrowserSignin(
    _tokens: TokenResponse,
    _authorizationRequest: string | undefined,
  ): Promise<string> {
    return `${this.options.issuer}/signin`;
  }
}
