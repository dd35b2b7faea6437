import { createHash, timingSafeEqual } from 'node:crypto';
import { Config } from '@backstage/config';

/** An application registered to sign tenant users in through OIDC. */
export interface OidcClient {
  clientId: string;
  name: string;
  /** Absent for a public client, which must use PKCE instead. */
  clientSecret?: string;
  /** Exact matches only: no prefixes, no wildcards. */
  redirectUris: string[];
}

const CLIENT_ID = /^[A-Za-z0-9._-]{1,100}$/;

/**
 * The clients of `tenants.signin.clients`, checked at startup: an id of
 * letters, digits, `.`, `_` and `-`; at least one absolute http(s)
 * redirect URI without a fragment; a secret of at least 16 characters
 * when one is set.
 */
export function readOidcClients(config: Config): OidcClient[] {
  const clients = (
    config.getOptionalConfigArray('tenants.signin.clients') ?? []
  ).map(entry => {
    const clientId = entry.getString('clientId');
    if (!CLIENT_ID.test(clientId)) {
      throw new Error(
        `tenants.signin.clients: "${clientId}" is not a client id (letters, digits, ".", "_", "-")`,
      );
    }
    const clientSecret = entry.getOptionalString('clientSecret');
    if (clientSecret !== undefined && clientSecret.length < 16) {
      throw new Error(
        `tenants.signin.clients: the secret of ${clientId} is shorter than 16 characters`,
      );
    }
    const redirectUris = entry.getStringArray('redirectUris');
    if (redirectUris.length === 0) {
      throw new Error(
        `tenants.signin.clients: ${clientId} has no redirectUris`,
      );
    }
    for (const uri of redirectUris) {
      let url: URL;
      try {
        url = new URL(uri);
      } catch {
        throw new Error(
          `tenants.signin.clients: ${clientId}'s redirect URI ${uri} is not a URL`,
        );
      }
      if (!['http:', 'https:'].includes(url.protocol) || url.hash) {
        throw new Error(
          `tenants.signin.clients: ${clientId}'s redirect URI ${uri} must be http(s) without a fragment`,
        );
      }
    }
    return {
      clientId,
      name: entry.getOptionalString('name') ?? clientId,
      clientSecret,
      redirectUris,
    };
  });
  const ids = new Set<string>();
  for (const { clientId } of clients) {
    if (ids.has(clientId)) {
      throw new Error(`tenants.signin.clients: ${clientId} is listed twice`);
    }
    ids.add(clientId);
  }
  return clients;
}

/** Compares secrets in constant time (hashes first: any lengths). */
export function secretMatches(expected: string, given: string): boolean {
  const digest = (value: string) =>
    createHash('sha256').update(value, 'utf8').digest();
  return timingSafeEqual(digest(expected), digest(given));
}
