import {
  ApiBlueprint,
  ApiRef,
  BackstageIdentityApi,
  configApiRef,
  createApiRef,
  discoveryApiRef,
  oauthRequestApiRef,
  OpenIdConnectApi,
  ProfileInfoApi,
  SessionApi,
} from '@backstage/frontend-plugin-api';
import { OAuth2 } from '@backstage/core-app-api';

/** What an OpenID Connect sign-in API offers the sign-in page. */
export type OidcSignInApi = OpenIdConnectApi &
  ProfileInfoApi &
  BackstageIdentityApi &
  SessionApi;

/**
 * The API extension of an OpenID Connect auth provider of the auth
 * backend (`auth.providers.<providerId>`). `offline_access` asks for a
 * refresh token, so the session outlives the provider's access tokens.
 */
export function oidcSignInApi(options: {
  name: string;
  apiRef: ApiRef<OidcSignInApi>;
  providerId: string;
  title: string;
}) {
  return ApiBlueprint.make({
    name: options.name,
    params: defineParams =>
      defineParams({
        api: options.apiRef,
        deps: {
          discoveryApi: discoveryApiRef,
          oauthRequestApi: oauthRequestApiRef,
          configApi: configApiRef,
        },
        factory: ({ discoveryApi, oauthRequestApi, configApi }) =>
          OAuth2.create({
            configApi,
            discoveryApi,
            oauthRequestApi,
            provider: {
              id: options.providerId,
              title: options.title,
              icon: () => null,
            },
            environment: configApi.getOptionalString('auth.environment'),
            defaultScopes: ['openid', 'profile', 'email', 'offline_access'],
          }),
      }),
  });
}

/** Sign-in through the company's OpenID Connect provider (production). */
export const oidcAuthApiRef = createApiRef<OidcSignInApi>({
  id: 'controlplane.auth.oidc',
});

export const oidcAuthApi = oidcSignInApi({
  name: 'oidc-auth',
  apiRef: oidcAuthApiRef,
  providerId: 'oidc',
  title: 'Single sign-on',
});
