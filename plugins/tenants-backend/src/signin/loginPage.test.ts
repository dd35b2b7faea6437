import { createPortalTestDatabases } from '@controlplane/test-utils';
import { startTenantsBackend } from '../__testUtils__/harness';
import { signinFixtures } from '../__testUtils__/signin';

jest.setTimeout(60_000);

const pathOf = (url: string) => {
  const parsed = new URL(url);
  return `${parsed.pathname}${parsed.search}`;
};

/**
 * The universal login page as served: its policy headers, the tenant's
 * branding (escaped), its files, the SSO discovery that reveals no
 * accounts, the reset page, and the local dev inbox.
 */
describe('the universal login page', () => {
  const databases = createPortalTestDatabases();
  let ctx: Awaited<ReturnType<typeof startTenantsBackend>>;
  const fixtures = signinFixtures(() => ctx.server);
  const { api, ada } = fixtures;

  beforeAll(async () => {
    ctx = await startTenantsBackend(databases, 'SQLITE_3', {
      signin: {
        clients: [
          {
            clientId: 'example-app',
            name: 'Example <app>',
            clientSecret: 'example-app-secret-0123456789',
            redirectUris: ['http://127.0.0.1:7010/callback'],
          },
        ],
      },
    });
    await fixtures.provision('acme');
    await ada(
      api()
        .patch('/api/tenants/tenants/acme')
        .send({ displayName: 'Acme <script>alert(1)</script>' }),
    ).expect(200);
    await ada(
      api()
        .put('/api/tenants/tenants/acme/organization')
        .send({ settings: { logoUrl: 'https://cdn.acme.example/logo.png' } }),
    ).expect(200);
  });
  afterAll(async () => {
    await ctx?.backend.stop();
  });

  it('serves the page with its own policy and the escaped branding of the tenant', async () => {
    const res = await api().get('/api/tenants/auth/signin?tenant=acme');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    expect(res.headers['content-security-policy']).toContain(
      "script-src 'self'",
    );
    expect(res.headers['content-security-policy']).toContain(
      "frame-ancestors 'none'",
    );
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.text).toContain(
      'Sign in to Acme &lt;script&gt;alert(1)&lt;/script&gt;',
    );
    expect(res.text).not.toContain('<script>alert(1)');
    expect(res.text).toContain('src="https://cdn.acme.example/logo.png"');
    expect(res.text).toContain('data-api="/api/tenants/auth"');
    expect(res.text).toContain('data-tenant="acme"');
  });

  it('refuses a logo that is not https', async () => {
    const res = await ada(
      api()
        .put('/api/tenants/tenants/acme/organization')
        .send({ settings: { logoUrl: 'http://cdn.acme.example/logo.png' } }),
    );
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/logoUrl: must be an https URL/);
  });

  it('names the application of a pending request, and says when a request is gone', async () => {
    const started = await api().get('/api/tenants/auth/authorize').query({
      client_id: 'example-app',
      redirect_uri: 'http://127.0.0.1:7010/callback',
      response_type: 'code',
      scope: 'openid',
      tenant: 'acme',
      login_hint: 'someone@acme.example',
    });
    const page = await api().get(pathOf(started.headers.location));
    expect(page.text).toContain('to continue to Example &lt;app&gt;');
    expect(page.text).toContain('data-login-hint="someone@acme.example"');
    expect(page.text).toContain('data-tenant="acme"');

    const gone = await api().get('/api/tenants/auth/signin?request=nope');
    expect(gone.status).toBe(200);
    expect(gone.text).toContain('expired or was already used');
    expect(gone.text).not.toContain('signin.js');
  });

  it('serves its two files and nothing else', async () => {
    const script = await api().get('/api/tenants/auth/signin/assets/signin.js');
    expect(script.status).toBe(200);
    expect(script.headers['content-type']).toMatch(/javascript/);
    expect(script.text).toContain('authorization_request');
    const styles = await api().get(
      '/api/tenants/auth/signin/assets/signin.css',
    );
    expect(styles.headers['content-type']).toMatch(/text\/css/);
    for (const name of ['package.json', '..%2F..%2Fpackage.json', 'x.js']) {
      const res = await api().get(`/api/tenants/auth/signin/assets/${name}`);
      expect(res.status).toBe(404);
    }
  });

  it('tells SSO organizations apart by domain only, never by account', async () => {
    const discover = (email: string, tenant?: string) =>
      api()
        .post('/api/tenants/auth/signin/discover')
        .send({ email, ...(tenant ? { tenant } : {}) });
    expect((await discover('nobody@acme.example')).body).toEqual({
      sso: false,
    });
    expect((await discover('x@unknown.example')).body).toEqual({ sso: false });
    const bad = await discover('x'.repeat(400));
    expect(bad.status).toBe(400);
  });

  it('sends invitation links to the login page, where the invitee sets a password', async () => {
    const invited = await ada(
      api()
        .post('/api/tenants/tenants/acme/invitations')
        .send({ email: 'newcomer@acme.example', role: 'user' }),
    );
    expect(invited.status).toBe(201);
    const link = new URL(invited.body.acceptUrl);
    expect(link.pathname).toBe('/api/tenants/auth/signin/invitation');
    const token = link.searchParams.get('token')!;
    const page = await api().get(
      `/api/tenants/auth/signin/invitation?token=${token}`,
    );
    expect(page.status).toBe(200);
    expect(page.text).toContain(`data-invitation-token="${token}"`);
    expect(page.text).toContain('id="invitation-password"');
  });

  it('shows the reset page with its token, and the dev inbox with the mail', async () => {
    const { email } = await fixtures.userWithPassword('acme');
    await api()
      .post('/api/tenants/auth/password/reset-request')
      .send({ email })
      .expect(202);
    const inbox = await api().get('/api/tenants/auth/dev-inbox');
    expect(inbox.status).toBe(200);
    expect(inbox.text).toContain(email);
    const link = /href="([^"]*\/auth\/signin\/reset\?token=[^"]+)"/
      .exec(inbox.text)![1]
      .replace(/&amp;/g, '&');
    const page = await api().get(pathOf(link));
    expect(page.status).toBe(200);
    const token = new URL(link).searchParams.get('token')!;
    expect(page.text).toContain(`data-reset-token="${token}"`);
  });
});
