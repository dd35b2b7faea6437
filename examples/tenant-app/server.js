// An example managed application: it signs tenant users in through the
// portal's OpenID Connect issuer (authorization code flow with PKCE, with
// openid-client), then verifies the access token offline against the
// issuer's JWKS (with jose, as any API of the application would) and shows
// who signed in, their tenant, role and permissions.
//
//   ISSUER         the issuer, default http://localhost:7007/api/tenants/auth
//   CLIENT_ID      default example-app (registered in app-config.yaml)
//   CLIENT_SECRET  the client's secret (app-config.yaml's local one by default)
//   PORT           default 7010; the redirect URI is http://localhost:PORT/callback
//   AUDIENCE       the access tokens' aud, default controlplane-apps
'use strict';

const { randomBytes } = require('node:crypto');
const http = require('node:http');
const { Issuer, generators } = require('openid-client');
const { createRemoteJWKSet, jwtVerify } = require('jose');

const ISSUER = process.env.ISSUER ?? 'http://localhost:7007/api/tenants/auth';
const CLIENT_ID = process.env.CLIENT_ID ?? 'example-app';
const CLIENT_SECRET =
  process.env.CLIENT_SECRET ?? 'local-example-app-secret-not-for-production';
const PORT = Number(process.env.PORT ?? 7010);
const AUDIENCE = process.env.AUDIENCE ?? 'controlplane-apps';
const BASE_URL = `http://localhost:${PORT}`;
const REDIRECT_URI = `${BASE_URL}/callback`;

/** Sign-ins under way and signed-in users, by cookie (memory only). */
const pending = new Map();
const sessions = new Map();

const escape = value =>
  String(value).replace(
    /[&<>"']/g,
    char =>
      ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[
        char
      ]),
  );

const cookieOf = (req, name) =>
  (req.headers.cookie ?? '')
    .split(';')
    .map(part => part.trim().split('='))
    .find(([key]) => key === name)?.[1];

function page(res, status, body) {
  res.writeHead(status, {
    'content-type': 'text/html; charset=utf-8',
    'cache-control': 'no-store',
  });
  res.end(`<!doctype html><html lang="en"><head><meta charset="utf-8">
<title>Example tenant app</title></head><body><h1>Example tenant app</h1>${body}</body></html>`);
}

async function main() {
  const issuer = await Issuer.discover(ISSUER);
  const client = new issuer.Client({
    client_id: CLIENT_ID,
    client_secret: CLIENT_SECRET,
    redirect_uris: [REDIRECT_URI],
    response_types: ['code'],
    id_token_signed_response_alg: 'ES256',
  });
  // What every API of the application does with a bearer token: verify it
  // offline with the issuer's published keys (fetched once, then cached).
  const jwks = createRemoteJWKSet(new URL(issuer.metadata.jwks_uri));
  const verifyAccessToken = token =>
    jwtVerify(token, jwks, { issuer: ISSUER, audience: AUDIENCE });

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, BASE_URL);
    try {
      if (url.pathname === '/login') {
        const id = randomBytes(16).toString('hex');
        const checks = {
          state: generators.state(),
          nonce: generators.nonce(),
          codeVerifier: generators.codeVerifier(),
        };
        pending.set(id, checks);
        const params = {
          scope: 'openid email profile',
          state: checks.state,
          nonce: checks.nonce,
          code_challenge: generators.codeChallenge(checks.codeVerifier),
          code_challenge_method: 'S256',
        };
        const tenant = url.searchParams.get('tenant');
        if (tenant) params.tenant = tenant;
        res.writeHead(303, {
          location: client.authorizationUrl(params),
          'set-cookie': `signin=${id}; HttpOnly; SameSite=Lax; Path=/`,
        });
        res.end();
        return;
      }
      if (url.pathname === '/callback') {
        const checks = pending.get(cookieOf(req, 'signin'));
        if (!checks) return page(res, 400, '<p>No sign-in under way.</p>');
        pending.delete(cookieOf(req, 'signin'));
        const params = client.callbackParams(req);
        if (params.error) {
          return page(
            res,
            400,
            `<p>Sign-in refused: ${escape(
              params.error_description ?? params.error,
            )}</p>`,
          );
        }
        const tokens = await client.callback(REDIRECT_URI, params, {
          state: checks.state,
          nonce: checks.nonce,
          code_verifier: checks.codeVerifier,
        });
        const id = randomBytes(16).toString('hex');
        sessions.set(id, tokens);
        res.writeHead(303, {
          location: '/',
          'set-cookie': `session=${id}; HttpOnly; SameSite=Lax; Path=/`,
        });
        res.end();
        return;
      }
      if (url.pathname === '/logout') {
        sessions.delete(cookieOf(req, 'session'));
        res.writeHead(303, { location: '/' });
        res.end();
        return;
      }
      if (url.pathname !== '/') return page(res, 404, '<p>Not found.</p>');
      const tokens = sessions.get(cookieOf(req, 'session'));
      if (!tokens) {
        return page(res, 200, '<p><a href="/login">Sign in</a></p>');
      }
      const { payload, protectedHeader } = await verifyAccessToken(
        tokens.access_token,
      );
      const permissions = await fetch(`${ISSUER}/permissions`, {
        headers: { authorization: `Bearer ${tokens.access_token}` },
      }).then(r => r.json());
      return page(
        res,
        200,
        `<p>Signed in as <strong id="user">${escape(payload.name)}</strong>
(<span id="email">${escape(payload.email)}</span>)</p>
<p>Tenant <strong id="tenant">${escape(payload.tenant)}</strong>, role
<strong id="role">${escape(payload.role)}</strong></p>
<p id="verified">Access token verified with the issuer's JWKS (key ${escape(
          protectedHeader.kid,
        )}, expires ${escape(new Date(payload.exp * 1000).toISOString())})</p>
<p>Permissions: <span id="permissions">${escape(
          (permissions.permissions ?? []).join(', '),
        )}</span></p>
<p><a href="/logout">Sign out</a></p>`,
      );
    } catch (error) {
      page(res, 500, `<p>Error: ${escape(error.message)}</p>`);
    }
  });
  server.listen(PORT, () => {
    process.stdout.write(`Example tenant app at ${BASE_URL}\n`);
  });
}

main().catch(error => {
  process.stderr.write(`${error.stack ?? error}\n`);
  process.exit(1);
});
