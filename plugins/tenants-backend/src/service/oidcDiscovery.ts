import { InputError } from '@backstage/errors';

const LOOPBACK = new Set(['localhost', '127.0.0.1', '[::1]']);

/**
 * Checks an OIDC issuer URL before it is saved: it must be https (http only
 * for loopback hosts, for local identity providers and tests), and
 * `<issuer>/.well-known/openid-configuration` must answer JSON whose
 * `issuer` equals the configured issuer and that names an authorization and
 * a token endpoint. Any failure is an InputError (400) naming the reason.
 */
export async function verifyOidcIssuer(
  issuerUrl: string,
  options: { timeoutMs?: number; fetch?: typeof fetch } = {},
): Promise<{ authorizationEndpoint: string; tokenEndpoint: string }> {
  let url: URL;
  try {
    url = new URL(issuerUrl);
  } catch {
    throw new InputError(`issuerUrl "${issuerUrl}" is not a URL`);
  }
  if (
    url.protocol !== 'https:' &&
    !(url.protocol === 'http:' && LOOPBACK.has(url.hostname))
  ) {
    throw new InputError(
      `issuerUrl must use https (http is accepted for localhost only): ${issuerUrl}`,
    );
  }
  if (url.search || url.hash || url.username || url.password) {
    throw new InputError(
      'issuerUrl must not contain credentials, a query or a fragment',
    );
  }
  const discoveryUrl = `${issuerUrl.replace(
    /\/+$/,
    '',
  )}/.well-known/openid-configuration`;
  const doFetch = options.fetch ?? fetch;
  let response: Response;
  try {
    response = await doFetch(discoveryUrl, {
      headers: { accept: 'application/json' },
      redirect: 'error',
      signal: AbortSignal.timeout(options.timeoutMs ?? 5000),
    });
  } catch (error) {
    const cause = (error as { cause?: { code?: string } }).cause?.code;
    throw new InputError(
      `SSO issuer is unreachable: ${discoveryUrl} could not be fetched (${
        cause ?? (error as Error).name
      })`,
    );
  }
  if (!response.ok) {
    throw new InputError(
      `SSO issuer discovery failed: ${discoveryUrl} answered HTTP ${response.status}`,
    );
  }
  let document: Record<string, unknown>;
  try {
    const text = await response.text();
    document = JSON.parse(text);
    if (typeof document !== 'object' || document === null) throw new Error();
  } catch {
    throw new InputError(
      `SSO issuer discovery failed: ${discoveryUrl} did not answer a JSON object`,
    );
  }
  if (document.issuer !== issuerUrl) {
    throw new InputError(
      `SSO issuer mismatch: the discovery document names issuer "${String(
        document.issuer,
      )}", not "${issuerUrl}"`,
    );
  }
  const authorizationEndpoint = document.authorization_endpoint;
  const tokenEndpoint = document.token_endpoint;
  if (typeof authorizationEndpoint !== 'string' || !authorizationEndpoint) {
    throw new InputError(
      'SSO issuer discovery failed: the document has no authorization_endpoint',
    );
  }
  if (typeof tokenEndpoint !== 'string' || !tokenEndpoint) {
    throw new InputError(
      'SSO issuer discovery failed: the document has no token_endpoint',
    );
  }
  return { authorizationEndpoint, tokenEndpoint };
}
