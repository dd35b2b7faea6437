import { isKnownScope } from './scopes';
import { AppEnvironment, RateLimitRule } from './generated';
import { APP_ENVIRONMENTS } from './types';

/** App names, as catalog entity names: `billing-sync`. */
export const APP_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** Why `name` is not an app name, or undefined. */
export function appNameProblem(name: string): string | undefined {
  return APP_NAME_PATTERN.test(name)
    ? undefined
    : `"${name}" is not an app name: lower-case letters, digits and dashes, at most 63 characters`;
}

/** Whether `value` is one of {@link APP_ENVIRONMENTS}. */
export function isAppEnvironment(value: string): value is AppEnvironment {
  return (APP_ENVIRONMENTS as readonly string[]).includes(value);
}

export function environmentProblem(environment: string): string | undefined {
  return isAppEnvironment(environment)
    ? undefined
    : `"${environment}" is not an environment: one of ${APP_ENVIRONMENTS.join(
        ', ',
      )}`;
}

/** Why `scopes` cannot be granted, or undefined. */
export function scopesProblem(scopes: string[]): string | undefined {
  if (scopes.length === 0) return 'A credential needs at least one scope';
  const unknown = scopes.filter(scope => !isKnownScope(scope));
  return unknown.length
    ? `Unknown scope${unknown.length > 1 ? 's' : ''}: ${unknown.join(', ')}`
    : undefined;
}

const ROUTE_PATTERN = /^\/api\/[a-z0-9-]+(\/[A-Za-z0-9._~-]+)*(\/\*)?$/;

/**
 * The largest `limitPerMinute` and `burst` (as the API contract says): far
 * above any real limit, far below what the integer columns hold.
 */
export const MAX_RATE_LIMIT_VALUE = 1_000_000;

/** Why a set of rate limit rules is invalid, or undefined. */
export function rateLimitsProblem(rules: RateLimitRule[]): string | undefined {
  const seen = new Set<string>();
  for (const rule of rules) {
    if (!ROUTE_PATTERN.test(rule.routePattern)) {
      return `"${rule.routePattern}" is not a route pattern like /api/audit/* or /api/flags/flags`;
    }
    if (seen.has(rule.routePattern)) {
      return `The route pattern ${rule.routePattern} appears twice`;
    }
    seen.add(rule.routePattern);
    for (const field of ['limitPerMinute', 'burst'] as const) {
      const value = rule[field];
      if (
        !Number.isInteger(value) ||
        value < 1 ||
        value > MAX_RATE_LIMIT_VALUE
      ) {
        return `${field} of ${rule.routePattern} must be a whole number from 1 to ${MAX_RATE_LIMIT_VALUE}`;
      }
    }
  }
  return undefined;
}

/**
 * The rule for a request path among `rules`: the longest pattern that
 * matches; `*` at the end matches any rest of the path.
 */
export function matchRateLimit(
  rules: readonly RateLimitRule[],
  path: string,
): RateLimitRule | undefined {
  let best: RateLimitRule | undefined;
  for (const rule of rules) {
    const pattern = rule.routePattern;
    const matches = pattern.endsWith('/*')
      ? path === pattern.slice(0, -2) || path.startsWith(pattern.slice(0, -1))
      : path === pattern;
    if (matches && (!best || pattern.length > best.routePattern.length)) {
      best = rule;
    }
  }
  return best;
}
