// A real OpenID provider (oidc-provider) for the SSO tests. It is
// ESM-only, so it runs in its own process: see oidcProvider.ts.
//
// Input: OIDC_TEST_PROVIDER (JSON): { clientId, clientSecret, redirectUri,
// accounts: [{ email, email_verified? }], emailInIdToken? }. Output: one line
// `OIDC_ISSUER=<issuer URL>` on stdout once it listens on 127.0.0.1.
//
// Sign-in needs no page: the interaction logs in the account whose e-mail
// address the authorization request's `login_hint` names, and answers
// `access_denied` for any other (the real code flow otherwise).
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import Provider from 'oidc-provider';

const input = JSON.parse(process.env.OIDC_TEST_PROVIDER ?? '{}');
const accounts = new Map(
  input.accounts.map(account => [account.email, account]),
);

const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
const signingKey = {
  ...privateKey.export({ format: 'jwk' }),
  kid: 'test-key',
  use: 'sig',
  alg: 'RS256',
};

const server = createServer();
server.listen(0, '127.0.0.1', () => {
  const issuer = `http://127.0.0.1:${server.address().port}`;
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: input.clientId,
        client_secret: input.clientSecret,
        redirect_uris: [input.redirectUri],
        response_types: ['code'],
        grant_types: ['authorization_code'],
        token_endpoint_auth_method: 'client_secret_basic',
      },
    ],
    jwks: { keys: [signingKey] },
    conformIdTokenClaims: !input.emailInIdToken,
    cookies: { keys: [randomBytes(32).toString('hex')] },
    claims: {
      openid: ['sub'],
      email: ['email', 'email_verified'],
      profile: ['name'],
    },
    features: { devInteractions: { enabled: false } },
    interactions: {
      url: (_ctx, interaction) => `/interaction/${interaction.uid}`,
    },
    findAccount: (_ctx, id) => {
      const account = accounts.get(id);
      if (!account) return undefined;
      return {
        accountId: id,
        claims: () => ({
          sub: id,
          email: account.email,
          email_verified: account.email_verified ?? true,
          name: account.email,
        }),
      };
    },
    // First-party client: consent is implied, as a company IdP would.
    loadExistingGrant: async ctx => {
      const grantId =
        ctx.oidc.result?.consent?.grantId ??
        ctx.oidc.session.grantIdFor(ctx.oidc.client.clientId);
      if (grantId) return ctx.oidc.provider.Grant.find(grantId);
      const grant = new ctx.oidc.provider.Grant({
        clientId: ctx.oidc.client.clientId,
        accountId: ctx.oidc.session.accountId,
      });
      grant.addOIDCScope('openid email profile');
      await grant.save();
      return grant;
    },
  });
  const oidc = provider.callback();
  server.on('request', async (req, res) => {
    if (req.method === 'GET' && req.url?.startsWith('/interaction/')) {
      try {
        const { params } = await provider.interactionDetails(req, res);
        const result = accounts.has(params.login_hint)
          ? { login: { accountId: params.login_hint } }
          : {
              error: 'access_denied',
              error_description: 'Unknown test account',
            };
        await provider.interactionFinished(req, res, result, {
          mergeWithLastSubmission: false,
        });
      } catch (error) {
        res.statusCode = 500;
        res.end(String(error));
      }
      return;
    }
    oidc(req, res);
  });
  process.stdout.write(`OIDC_ISSUER=${issuer}\n`);
});
