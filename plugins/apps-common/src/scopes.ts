/**
 * What an app's credential may do on the portal's REST APIs. A route that
 * accepts apps names the scope it needs; `<domain>:*` grants every scope of
 * the domain.
 */
export const APP_SCOPES = {
  'flags:read': 'Read the feature flags of the tenants the app serves',
  'billing:read': 'Read usage and invoices of the tenants the app serves',
  'billing:write': 'Report billable events for the tenants the app serves',
  'audit:write': 'Send audit events for the tenants the app serves',
  'promotions:write':
    'Ask for promotions and add evidence (CI), for the tenants the app serves',
  'promotions:report':
    'Report the version an agent or app runs, for the tenants the app serves',
} as const;

export type AppScope = keyof typeof APP_SCOPES;

export const APP_SCOPE_NAMES = Object.keys(APP_SCOPES) as AppScope[];

/** Whether a credential with `granted` scopes may use a route needing `needed`. */
export function scopeAllows(granted: readonly string[], needed: string) {
  const [domain] = needed.split(':');
  return granted.includes(needed) || granted.includes(`${domain}:*`);
}

/** Whether `scope` is a known scope or a known domain's wildcard. */
export function isKnownScope(scope: string): boolean {
  if (scope in APP_SCOPES) return true;
  const match = /^([a-z-]+):\*$/.exec(scope);
  return (
    !!match && APP_SCOPE_NAMES.some(name => name.startsWith(`${match[1]}:`))
  );
}
