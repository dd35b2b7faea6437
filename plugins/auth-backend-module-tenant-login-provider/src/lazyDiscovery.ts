import { Config } from '@backstage/config';
import { ServiceUnavailableError } from '@backstage/errors';
import {
  createOAuthAuthenticator,
  OAuthAuthenticator,
} from '@backstage/plugin-auth-node';

/** An authenticator's context, made on first use. */
export interface LazyContext<TContext> {
  /** The context once its discovery succeeded; a failure is retried next time. */
  get(): Promise<TContext>;
}

/**
 * Wraps an OpenID Connect authenticator (the oidc module's, whose context
 * holds the `promise` of its issuer discovery) so discovery runs on first
 * use instead of at startup, and runs again after a failure.
 *
 * Why: the tenant login issuer is the tenants plugin of this same backend.
 * At startup it may not answer yet, and the oidc authenticator discovers
 * once in `initialize`: a failure there would stay rejected until a restart.
 * Configuration errors still show at startup, since the required keys are
 * read there.
 */
export function withLazyDiscovery<
  TContext extends { promise: Promise<unknown> },
  TProfile,
>(
  authenticator: OAuthAuthenticator<TContext, TProfile>,
): OAuthAuthenticator<LazyContext<TContext>, TProfile> {
  return createOAuthAuthenticator<LazyContext<TContext>, TProfile>({
    defaultProfileTransform: authenticator.defaultProfileTransform,
    scopes: authenticator.scopes,
    shouldPersistScopes: authenticator.shouldPersistScopes,
    initialize(options: { callbackUrl: string; config: Config }) {
      for (const key of ['metadataUrl', 'clientId', 'clientSecret']) {
        options.config.getString(key);
      }
      let pending: Promise<TContext> | undefined;
      return {
        get() {
          if (!pending) {
            const context = authenticator.initialize(options);
            // Callers share one attempt; a failed one is forgotten, so the
            // next sign-in discovers again.
            pending = context.promise.then(
              () => context,
              error => {
                pending = undefined;
                throw new ServiceUnavailableError(
                  'The OpenID Connect issuer could not be discovered; try again shortly',
                  error,
                );
              },
            );
          }
          return pending;
        },
      };
    },
    async start(input, lazy) {
      return authenticator.start(input, await lazy.get());
    },
    async authenticate(input, lazy) {
      return authenticator.authenticate(input, await lazy.get());
    },
    async refresh(input, lazy) {
      return authenticator.refresh(input, await lazy.get());
    },
    async logout(input, lazy) {
      return authenticator.logout?.(input, await lazy.get());
    },
  });
}
