import { AppEnvironment } from './generated';

/**
 * An app authenticates with `Authorization: Bearer <clientId>.<secret>`.
 * The client id is public and names the credential: `cp_live_` for
 * production apps, `cp_test_` otherwise, then 16 lower-case base32
 * characters. The secret is 43 base64url characters (32 random bytes).
 */
export const CLIENT_ID_PATTERN = /^cp_(live|test)_[a-z2-7]{16}$/;
const TOKEN_PATTERN = /^(cp_(?:live|test)_[a-z2-7]{16})\.([A-Za-z0-9_-]{43})$/;

/** How many characters of the client id lists show, e.g. `cp_live_4k9x`. */
export const CLIENT_ID_PREFIX_LENGTH = 12;

export function clientIdPrefixFor(environment: AppEnvironment) {
  return environment === 'production' ? 'cp_live_' : 'cp_test_';
}

/** Whether a bearer token is meant as an app credential (by its shape). */
export function looksLikeAppToken(token: string): boolean {
  return token.startsWith('cp_live_') || token.startsWith('cp_test_');
}

/** The client id and secret of a well-formed token, or undefined. */
export function parseAppToken(
  token: string,
): { clientId: string; secret: string } | undefined {
  const match = TOKEN_PATTERN.exec(token);
  return match ? { clientId: match[1], secret: match[2] } : undefined;
}

export function formatAppToken(clientId: string, secret: string): string {
  return `${clientId}.${secret}`;
}
