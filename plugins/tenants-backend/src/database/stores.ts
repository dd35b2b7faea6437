import { DatabaseService } from '@backstage/backend-plugin-api';
import {
  bindStores,
  connectStores,
  Stores,
} from '@controlplane/backend-common';
import { Knex } from 'knex';
import { MfaStore } from './MfaStore';
import { OidcStore } from './OidcStore';
import { SessionStore } from './SessionStore';
import { SigninStore } from './SigninStore';
import { SigningKeyStore } from './SigningKeyStore';
import { SsoStateStore } from './SsoStateStore';
import { migrateTenantsDatabase, TenantsStore } from './TenantsStore';
import { WebauthnStore } from './WebauthnStore';

/** The stores of the tenants plugin, on one connection or transaction. */
export interface TenantsStoreSet {
  tenants: TenantsStore;
  sessions: SessionStore;
  signin: SigninStore;
  mfa: MfaStore;
  signingKeys: SigningKeyStore;
  ssoStates: SsoStateStore;
  oidc: OidcStore;
  webauthn: WebauthnStore;
}

/**
 * The plugin's stores with `transaction(s => ...)`, which hands the same
 * stores bound to one transaction.
 */
export type TenantsStores = Stores<TenantsStoreSet>;

const bind = (db: Knex): TenantsStoreSet => ({
  tenants: new TenantsStore(db),
  sessions: new SessionStore(db),
  signin: new SigninStore(db),
  mfa: new MfaStore(db),
  signingKeys: new SigningKeyStore(db),
  ssoStates: new SsoStateStore(db),
  oidc: new OidcStore(db),
  webauthn: new WebauthnStore(db),
});

/** The stores on a migrated knex client (tests, scripts). */
export function bindTenantsStores(db: Knex): TenantsStores {
  return bindStores(db, bind);
}

/** Connects to the plugin's database, runs its migrations, binds the stores. */
export function connectTenantsStores(
  database: DatabaseService,
): Promise<TenantsStores> {
  return connectStores({ database, migrate: migrateTenantsDatabase, bind });
}
