import { InputError } from '@backstage/errors';
import { lookup as dnsLookup, LookupAddress } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import { isIP, LookupFunction } from 'node:net';
import { isPrivateAddress } from './privateAddress';

const MAX_DOCUMENT_BYTES = 1_000_000;

/** Refused connections name this, so the caller can say why. */
export class PrivateAddressError extends Error {
  name = 'PrivateAddressError';
}

/**
 * A DNS lookup that refuses private addresses. It runs when the connection
 * is made, so a name that resolves to a public address when checked and to
 * an internal one when connecting (DNS rebinding) is refused too.
 */
export const publicOnlyLookup: LookupFunction = (
  hostname,
  options,
  callback,
) => {
  dnsLookup(hostname, { ...options, all: true }, (error, addresses) => {
    if (error) {
      callback(error, '', 4);
      return;
    }
    const list = addresses as LookupAddress[];
    const refused = list.find(entry => isPrivateAddress(entry.address));
    if (refused || list.length === 0) {
      callback(
        new PrivateAddressError(
          `${hostname} resolves to ${refused?.address ?? 'nothing'}`,
        ),
        '',
        4,
      );
      return;
    }
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: LookupAddress[]) => void)(
        null,
        list,
      );
    } else {
      callback(null, list[0].address, list[0].family);
    }
  });
};

/**
 * GET `url` with no redirects, at most MAX_DOCUMENT_BYTES, through
 * `publicOnlyLookup` unless private addresses are allowed.
 */
function getDocument(
  url: URL,
  options: { timeoutMs: number; allowPrivateAddresses: boolean },
): Promise<{ status: number; body: string }> {
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const request = client.get(
      url,
      {
        headers: { accept: 'application/json' },
        timeout: options.timeoutMs,
        ...(options.allowPrivateAddresses ? {} : { lookup: publicOnlyLookup }),
      },
      response => {
        const chunks: Buffer[] = [];
        let size = 0;
        response.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_DOCUMENT_BYTES) {
            request.destroy(new Error('the document is too large'));
            return;
          }
          chunks.push(chunk);
        });
        response.on('end', () =>
          resolve({
            status: response.statusCode ?? 0,
            body: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        response.on('error', reject);
      },
    );
    request.on('timeout', () => request.destroy(new Error('timed out')));
    request.on('error', reject);
  });
}

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
  options: {
    timeoutMs?: number;
    /** For tests: fetch with this instead of the guarded request. */
    fetch?: typeof fetch;
    /**
     * Allow issuers on loopback and private networks (local identity
     * providers). Off in production, so that a tenant's SSO settings cannot
     * make the portal probe its internal network.
     */
    allowPrivateAddresses?: boolean;
  } = {},
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
  const allowPrivateAddresses = options.allowPrivateAddresses ?? false;
  const literal = url.hostname.replace(/^\[|\]$/g, '');
  if (
    !allowPrivateAddresses &&
    (LOOPBACK.has(url.hostname) ||
      (isIP(literal) !== 0 && isPrivateAddress(literal)))
  ) {
    throw new InputError(
      `issuerUrl must be on the public internet, not on a loopback or private address: ${issuerUrl}`,
    );
  }
  const discoveryUrl = `${issuerUrl.replace(
    /\/+$/,
    '',
  )}/.well-known/openid-configuration`;
  const timeoutMs = options.timeoutMs ?? 5000;
  let answer: { status: number; body: string };
  try {
    if (options.fetch) {
      const response = await options.fetch(discoveryUrl, {
        headers: { accept: 'application/json' },
        redirect: 'error',
        signal: AbortSignal.timeout(timeoutMs),
      });
      answer = { status: response.status, body: await response.text() };
    } else {
      answer = await getDocument(new URL(discoveryUrl), {
        timeoutMs,
        allowPrivateAddresses,
      });
    }
  } catch (error) {
    if (error instanceof PrivateAddressError) {
      throw new InputError(
        `issuerUrl must be on the public internet, not on a loopback or private address: ${error.message}`,
      );
    }
    const cause =
      (error as { code?: string }).code ??
      (error as { cause?: { code?: string } }).cause?.code;
    throw new InputError(
      `SSO issuer is unreachable: ${discoveryUrl} could not be fetched (${
        cause ?? (error as Error).message
      })`,
    );
  }
  if (answer.status < 200 || answer.status > 299) {
    throw new InputError(
      `SSO issuer discovery failed: ${discoveryUrl} answered HTTP ${answer.status}`,
    );
  }
  let document: Record<string, unknown>;
  try {
    document = JSON.parse(answer.body);
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
