import {
  coreServices,
  createBackendModule,
} from '@backstage/backend-plugin-api';
import {
  authProvidersExtensionPoint,
  createProxyAuthProviderFactory,
} from '@backstage/plugin-auth-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  DemoAuthResult,
  demoAuthenticator,
  isDemoSignInAllowed,
} from './authenticator';
import { createDemoUsersRouter } from './demoUsersRouter';

/**
 * Registers the `demo` auth provider. Sign-in succeeds only for users that
 * exist in the catalog, so ownership and group membership are the catalog's.
 */
export const authModuleDemoProvider = createBackendModule({
  pluginId: 'auth',
  moduleId: 'demo-provider',
  register(reg) {
    reg.registerInit({
      deps: {
        providers: authProvidersExtensionPoint,
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        catalog: catalogServiceRef,
        auth: coreServices.auth,
      },
      async init({ providers, config, logger, httpRouter, catalog, auth }) {
        const providerConfig = config.getOptionalConfig('auth.providers.demo');
        if (!providerConfig) {
          return;
        }
        // Outside development the provider is not registered at all: the auth
        // backend fails to start when a configured provider refuses to
        // initialize (unless NODE_ENV=development), and app-config.yaml, which
        // production configs are layered on, configures this provider.
        if (!isDemoSignInAllowed(providerConfig)) {
          logger.warn(
            `Demo sign-in is disabled: NODE_ENV is '${process.env.NODE_ENV}'. ` +
              'Set auth.providers.demo.dangerouslyAllowOutsideDevelopment to enable it anyway.',
          );
          return;
        }

        providers.registerProvider({
          providerId: 'demo',
          factory: createProxyAuthProviderFactory<DemoAuthResult>({
            authenticator: demoAuthenticator,
            // Show the catalog's name and email for the user, not the login name.
            async profileTransform({ userName }, ctx) {
              const { entity } = await ctx.findCatalogUser({
                entityRef: { kind: 'User', name: userName },
              });
              const profile = (entity.spec?.profile ?? {}) as {
                displayName?: string;
                email?: string;
                picture?: string;
              };
              return {
                profile: {
                  displayName: profile.displayName ?? userName,
                  email: profile.email,
                  picture: profile.picture,
                },
              };
            },
            async signInResolver({ result }, ctx) {
              return ctx.signInWithCatalogUser({
                entityRef: { kind: 'User', name: result.userName },
              });
            },
          }),
        });

        httpRouter.use(createDemoUsersRouter({ catalog, auth }));
        httpRouter.addAuthPolicy({
          path: '/demo-users',
          allow: 'unauthenticated',
        });
      },
    });
  },
});
