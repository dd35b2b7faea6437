import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import { oidcAuthenticator } from '@backstage/plugin-auth-backend-module-oidc-provider';
import {
  authProvidersExtensionPoint,
  createOAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { withLazyDiscovery } from './lazyDiscovery';
import {
  tenantLoginProfileTransform,
  tenantLoginSignInResolver,
} from './resolver';

type ConfigData = NonNullable<ConstructorParameters<typeof ConfigReader>[0]>;

/** The auth provider id: `/api/auth/tenantLogin/...`. */
export const TENANT_LOGIN_PROVIDER_ID = 'tenantLogin';

/**
 * The authenticator of tenant login: Backstage's OpenID Connect one against
 * the tenants plugin's issuer, discovered on first use.
 */
export const tenantLoginAuthenticator = withLazyDiscovery(oidcAuthenticator);

/**
 * Registers the `tenantLogin` auth provider: a tenant's owners and
 * administrators sign into the portal with their tenant credentials, through
 * the tenants plugin's OpenID Connect issuer. Nothing is registered unless
 * `auth.providers.tenantLogin` is configured.
 */
export const authModuleTenantLoginProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'tenant-login-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        discovery: coreServices.discovery,
      },
      async init({ providers, config, logger, discovery }) {
        const key = `auth.providers.${TENANT_LOGIN_PROVIDER_ID}`;
        if (!config.has(key)) {
          return;
        }
        // Only the environment the portal runs in: production configs are
        // layered on app-config.yaml, whose development entry (the local
        // issuer, a public client secret) must not be usable there.
        const environment =
          config.getOptionalString('auth.environment') ?? 'development';
        const environmentConfig = config.getOptionalConfig(
          `${key}.${environment}`,
        );
        if (!environmentConfig) {
          logger.warn(
            `Tenant login is not offered: ${key} has no entry for the auth environment '${environment}'`,
          );
          return;
        }
        // openid-client keeps the PKCE verifier and nonce in the session,
        // which the auth backend sets up only with a session secret.
        if (!config.has('auth.session.secret')) {
          throw new Error(
            `${key} needs auth.session.secret (the sign-in session cookie's secret)`,
          );
        }
        // The issuer is the tenants plugin of this backend: found through
        // discovery unless configured.
        const metadataUrl =
          environmentConfig.getOptionalString('metadataUrl') ??
          `${await discovery.getExternalBaseUrl(
            'tenants',
          )}/auth/.well-known/openid-configuration`;
        const factory = createOAuthProviderFactory({
          authenticator: tenantLoginAuthenticator,
          profileTransform: tenantLoginProfileTransform,
          signInResolver: tenantLoginSignInResolver,
        });
        providers.registerProvider({
          providerId: TENANT_LOGIN_PROVIDER_ID,
          factory: options =>
            factory({
              ...options,
              config: new ConfigReader(
                {
                  [environment]: {
                    ...environmentConfig.get<ConfigData>(),
                    metadataUrl,
                  },
                },
                'tenant login',
                undefined,
                key,
              ),
            }),
        });
      },
    });
  },
});
