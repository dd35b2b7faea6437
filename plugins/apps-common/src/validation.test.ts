import { scopeAllows } from './scopes';
import { parseAppToken } from './token';
import {
  appNameProblem,
  matchRateLimit,
  MAX_RATE_LIMIT_VALUE,
  rateLimitsProblem,
  scopesProblem,
} from './validation';

describe('apps-common validation', () => {
  it('accepts catalog-style app names only', () => {
    expect(appNameProblem('billing-sync')).toBeUndefined();
    expect(appNameProblem('Billing Sync')).toMatch(/not an app name/);
  });

  it('knows the scopes and domain wildcards', () => {
    expect(scopesProblem(['audit:write', 'billing:*'])).toBeUndefined();
    expect(scopesProblem([])).toMatch(/at least one scope/);
    expect(scopesProblem(['audit:delete', 'nope:*'])).toBe(
      'Unknown scopes: audit:delete, nope:*',
    );
    expect(scopeAllows(['billing:*'], 'billing:write')).toBe(true);
    expect(scopeAllows(['billing:read'], 'billing:write')).toBe(false);
    expect(scopeAllows(['flags:read'], 'audit:write')).toBe(false);
  });

  it('parses only well-formed tokens', () => {
    const secret = 'a'.repeat(43);
    expect(parseAppToken(`cp_live_abcdefghijklmnop.${secret}`)).toEqual({
      clientId: 'cp_live_abcdefghijklmnop',
      secret,
    });
    expect(
      parseAppToken(`cp_live_abcdefghijklmnop.${secret}x`),
    ).toBeUndefined();
    expect(parseAppToken(`cp_prod_abcdefghijklmnop.${secret}`)).toBeUndefined();
  });

  it('validates rate limit rules and picks the most specific', () => {
    const rules = [
      { routePattern: '/api/audit/*', limitPerMinute: 100, burst: 150 },
      { routePattern: '/api/audit/events', limitPerMinute: 10, burst: 5 },
    ];
    expect(rateLimitsProblem(rules)).toBeUndefined();
    expect(matchRateLimit(rules, '/api/audit/events')).toBe(rules[1]);
    expect(matchRateLimit(rules, '/api/audit/logs/1')).toBe(rules[0]);
    expect(matchRateLimit(rules, '/api/auditx')).toBeUndefined();
    expect(
      rateLimitsProblem([
        { routePattern: 'audit', limitPerMinute: 1, burst: 1 },
      ]),
    ).toMatch(/not a route pattern/);
    expect(
      rateLimitsProblem([
        { routePattern: '/api/flags/*', limitPerMinute: 0, burst: 1 },
      ]),
    ).toMatch(/limitPerMinute/);
    // Values the integer columns cannot hold, or not whole numbers.
    for (const value of [2 ** 53, 1e308, 1.5, MAX_RATE_LIMIT_VALUE + 1]) {
      expect(
        rateLimitsProblem([
          { routePattern: '/api/flags/*', limitPerMinute: 1, burst: value },
        ]),
      ).toMatch(/burst of \/api\/flags\/\* must be a whole number from 1 to/);
    }
    expect(
      rateLimitsProblem([
        {
          routePattern: '/api/flags/*',
          limitPerMinute: MAX_RATE_LIMIT_VALUE,
          burst: MAX_RATE_LIMIT_VALUE,
        },
      ]),
    ).toBeUndefined();
  });
});
