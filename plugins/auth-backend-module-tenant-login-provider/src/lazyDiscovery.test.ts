import { ConfigReader } from '@backstage/config';
import {
  createOAuthAuthenticator,
  OAuthAuthenticatorStartInput,
} from '@backstage/plugin-auth-node';
import { withLazyDiscovery } from './lazyDiscovery';

/**
 * An authenticator shaped like the oidc module's: `initialize` starts the
 * issuer's discovery and keeps its promise in the context. Discovery fails
 * while `issuerUp` is false.
 */
function discoveringAuthenticator() {
  const state = { issuerUp: false, discoveries: 0 };
  const authenticator = createOAuthAuthenticator({
    defaultProfileTransform: async () => ({ profile: {} }),
    initialize({ callbackUrl }) {
      state.discoveries += 1;
      const promise = state.issuerUp
        ? Promise.resolve({ authorizeUrl: 'http://issuer/authorize' })
        : Promise.reject(new Error('connect ECONNREFUSED'));
      return { promise, callbackUrl };
    },
    async start(_input, ctx) {
      const { authorizeUrl } = await ctx.promise;
      return { url: `${authorizeUrl}?redirect_uri=${ctx.callbackUrl}` };
    },
    async authenticate() {
      throw new Error('not used');
    },
    async refresh() {
      throw new Error('not used');
    },
  });
  return { state, authenticator };
}

const config = new ConfigReader({
  metadataUrl: 'http://issuer/.well-known/openid-configuration',
  clientId: 'portal',
  clientSecret: 'secret',
});
const startInput = {} as OAuthAuthenticatorStartInput;

describe('withLazyDiscovery', () => {
  it('discovers on first use, not at initialization', async () => {
    const { state, authenticator } = discoveringAuthenticator();
    state.issuerUp = true;
    const lazy = withLazyDiscovery(authenticator);
    const ctx = lazy.initialize({ config, callbackUrl: 'http://portal/cb' });
    expect(state.discoveries).toBe(0);

    await expect(lazy.start(startInput, ctx)).resolves.toEqual({
      url: 'http://issuer/authorize?redirect_uri=http://portal/cb',
    });
    await lazy.start(startInput, ctx);
    expect(state.discoveries).toBe(1);
  });

  it('discovers again after a failure, once the issuer answers', async () => {
    const { state, authenticator } = discoveringAuthenticator();
    const lazy = withLazyDiscovery(authenticator);
    const ctx = lazy.initialize({ config, callbackUrl: 'http://portal/cb' });

    const unavailable = {
      name: 'ServiceUnavailableError',
      cause: expect.objectContaining({ message: 'connect ECONNREFUSED' }),
    };
    await expect(lazy.start(startInput, ctx)).rejects.toMatchObject(
      unavailable,
    );
    await expect(lazy.start(startInput, ctx)).rejects.toMatchObject(
      unavailable,
    );
    expect(state.discoveries).toBe(2);

    state.issuerUp = true;
    await expect(lazy.start(startInput, ctx)).resolves.toMatchObject({
      url: expect.stringContaining('http://issuer/authorize'),
    });
    await lazy.start(startInput, ctx);
    expect(state.discoveries).toBe(3);
  });

  it('shares one discovery between concurrent sign-ins', async () => {
    const { state, authenticator } = discoveringAuthenticator();
    state.issuerUp = true;
    const lazy = withLazyDiscovery(authenticator);
    const ctx = lazy.initialize({ config, callbackUrl: 'http://portal/cb' });
    await Promise.all([1, 2, 3].map(() => lazy.start(startInput, ctx)));
    expect(state.discoveries).toBe(1);
  });

  it('refuses a configuration without the client or issuer at startup', () => {
    const { authenticator } = discoveringAuthenticator();
    const lazy = withLazyDiscovery(authenticator);
    expect(() =>
      lazy.initialize({
        config: new ConfigReader({
          metadataUrl: 'http://issuer/x',
          clientId: 'portal',
        }),
        callbackUrl: 'http://portal/cb',
      }),
    ).toThrow(/clientSecret/);
  });
});
