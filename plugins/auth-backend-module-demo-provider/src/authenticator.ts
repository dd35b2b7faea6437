import { Config } from '@backstage/config';
import { isIP } from 'node:net';
import {
  AuthenticationError,
  InputError,
  NotAllowedError,
} from '@backstage/errors';
import { createProxyAuthenticator } from '@backstage/plugin-auth-node';

/** Header that carries the demo user's name on `/api/auth/demo/refresh`. */
export const DEMO_USER_HEADER = 'x-controlplane-demo-user';

/** What the authenticator hands to the sign-in resolver. */
export type DemoAuthResult = { userName: string };

// Catalog entity names: letters, digits and [-_.], at most 63 characters.
const USER_NAME_PATTERN = /^(?=.{1,63}$)[A-Za-z0-9]+([-_.][A-Za-z0-9]+)*$/;

const developmentEnvironments = ['development', 'test'];

/** Annotation on a catalog User naming the role it demonstrates. */
export const DEMO_ROLE_ANNOTATION = 'controlplane.io/demo-role';

/**
 * The socket's peer is this machine: 127.0.0.0/8, ::1, or an IPv4 loopback
 * address mapped into IPv6 (::ffff:127.x.y.z).
 */
export function isLoopbackAddress(address: string | undefined): boolean {
  if (!address || isIP(address) === 0) return false;
  const ipv4 = address.toLowerCase().replace(/^::ffff:/, '');
  return ipv4.startsWith('127.') || address === '::1';
}

/** The provider config is `auth.providers.demo`. */
export function isDemoSignInAllowed(providerConfig: Config): boolean {
  return (
    developmentEnvironments.includes(process.env.NODE_ENV ?? '') ||
    providerConfig.getOptionalBoolean('dangerouslyAllowOutsideDevelopment') ===
      true
  );
}

/**
 * Trusts the user name given in a request header. That is only acceptable on
 * a developer's own machine, so the provider refuses to start elsewhere
 * unless explicitly allowed.
 */
export const demoAuthenticator = createProxyAuthenticator({
  defaultProfileTransform: async (result: DemoAuthResult) => ({
    profile: { displayName: result.userName },
  }),
  initialize({ config }) {
    if (!isDemoSignInAllowed(config)) {
      throw new Error(
        'The demo sign-in provider trusts a request header and is only for local development; ' +
          'configure OIDC for this environment (see app-config.production.yaml).',
      );
    }
    return undefined;
  },
  async authenticate({ req }) {
    // The socket's address, never X-Forwarded-For: anyone can send that.
    if (!isLoopbackAddress(req.socket?.remoteAddress)) {
      throw new NotAllowedError(
        'Demo sign-in is only available from the machine the portal runs on',
      );
    }
    const userName = req.header(DEMO_USER_HEADER);
    if (!userName) {
      throw new AuthenticationError(
        `Choose a demo user: send the ${DEMO_USER_HEADER} header`,
      );
    }
    if (!USER_NAME_PATTERN.test(userName)) {
      throw new InputError(`"${userName}" is not a valid user name`);
    }
    return { result: { userName } };
  },
});
