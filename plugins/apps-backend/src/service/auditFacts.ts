import { JsonObject } from '@backstage/types';
import { AppCredential, ManagedApp } from '@controlplane/plugin-apps-common';

/*
 * What the audit events of the apps plugin record about an app or a
 * credential: names, tenants and the values that may change, never a secret
 * or a hash.
 */

/** The tenant facts of an app's audit events: `tenant` when there is one. */
function tenantFacts(tenants: string[]): JsonObject {
  return {
    tenants,
    ...(tenants.length === 1 ? { tenant: tenants[0] } : {}),
  };
}

/** Names the app an audit event is about. */
export function appFacts(app: ManagedApp): JsonObject {
  return {
    resourceType: 'app',
    resourceId: app.id,
    app: app.name,
    ...tenantFacts(app.tenants),
  };
}

/** The audit view of an app: what may change, nothing secret. */
export function appState(app: ManagedApp): JsonObject {
  return {
    title: app.title ?? null,
    description: app.description ?? null,
    owner: app.owner,
    tenants: app.tenants,
    status: app.status,
    disabledReason: app.disabledReason ?? null,
  };
}

/** Names the credential (and its app) an audit event is about. */
export function credentialFacts(
  credential: AppCredential,
  app: ManagedApp,
): JsonObject {
  return {
    resourceType: 'app-credential',
    resourceId: credential.id,
    appId: app.id,
    app: app.name,
    clientId: credential.clientId,
    ...tenantFacts(app.tenants),
  };
}
