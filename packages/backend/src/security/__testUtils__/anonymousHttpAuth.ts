import {
  coreServices,
  createServiceFactory,
  HttpAuthService,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';

/**
 * The test backend's httpAuth with two changes that make it answer like the
 * portal: a request without a token is anonymous (the mock's default is a
 * signed-in user), and a service token on behalf of a user keeps its actor
 * (the permission backend answers conditional decisions only to such
 * callers, as with real tokens).
 */
export function anonymousWithoutTokenHttpAuth() {
  return createServiceFactory({
    service: coreServices.httpAuth,
    deps: { plugin: coreServices.pluginMetadata },
    factory({ plugin }): HttpAuthService {
      const inner = mockServices.httpAuth({
        pluginId: plugin.getId(),
        defaultCredentials: mockCredentials.none(),
      });
      return {
        async credentials(req, options) {
          const credentials: any = await inner.credentials(req, options);
          const token =
            req.headers.authorization?.match(/^Bearer (\S+)$/i)?.[1];
          if (
            credentials.principal.type === 'user' &&
            token?.startsWith('mock-service-token:')
          ) {
            return {
              ...credentials,
              principal: {
                ...credentials.principal,
                actor: { type: 'service', subject: 'plugin:on-behalf-of' },
              },
            };
          }
          return credentials;
        },
        issueUserCookie: (res, options) => inner.issueUserCookie(res, options),
      };
    },
  });
}
