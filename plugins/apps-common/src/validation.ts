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
    if (!Number.isInteger(rule.limitPerMinute) || rule.limitPerMinute < 1) {
      return `limitPerMinute of ${rule.routePattern} must be a whole number of at least 1`;
    }
    if (!Number.isInteger(rule.burst) || rule.burst < 1) {
      return `burst of ${rule.routePattern} must be a whole number of at least 1`;
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
