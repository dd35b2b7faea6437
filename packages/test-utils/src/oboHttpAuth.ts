import {
  BackstageCredentials,
  BackstagePrincipalTypes,
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

const MOCK_SERVICE_TOKEN_PREFIX = 'mock-service-token:';

/**
 * The mock httpAuth of `startTestBackend`, except that a service token issued
 * on behalf of a user keeps its `actor`, as real tokens do. The permission
 * backend only answers conditional decisions for resource permissions to
 * such on-behalf-of callers (plugins), never to users directly; the plain
 * mock drops the actor and makes every conditional flow a 400.
 */
export function httpAuthKeepingOboActor(
  behaviour: {
    /**
     * A request without a token is anonymous, as in the portal (the mock's
     * default is a signed-in user), so "no token → 401" can be tested.
     */
    anonymousWithoutToken?: boolean;
  } = {},
) {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }): HttpAuthService {
      const inner = mockServices.httpAuth({
        pluginId: plugin.getId(),
        ...(behaviour.anonymousWithoutToken
          ? { defaultCredentials: mockCredentials.none() }
          : {}),
      });
      return {
        async credentials(req, options) {
          const credentials = (await inner.credentials(
            req,
            options,
          )) as BackstageCredentials<BackstagePrincipalTypes['unknown']>;
          const principal = credentials.principal as { type: string };
          const token =
            req.headers.authorization?.match(/^Bearer (\S+)$/i)?.[1];
          if (
            principal.type === 'user' &&
            token?.startsWith(MOCK_SERVICE_TOKEN_PREFIX)
          ) {
            return {
              ...credentials,
              principal: {
                ...principal,
                actor: { type: 'service', subject: 'plugin:on-behalf-of' },
              },
            } as any;
          }
          return credentials as any;
        },
        issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
      };
    },
  });
}
