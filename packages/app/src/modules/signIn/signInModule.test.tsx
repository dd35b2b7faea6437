import { render, screen } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import { signInModule } from '.';
import { fakeBackend, json } from '../../testing/fakeBackend';

// The app shell with only the sign-in module, signed out.
const renderSignedOutApp = (portal: { signIn: string } | undefined) => {
  const app = createApp({
    features: [signInModule],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: {
              title: 'Control Plane Portal',
              baseUrl: 'http://localhost:3000',
            },
            backend: { baseUrl: 'http://localhost:7007' },
            ...(portal && { portal }),
          },
        }),
      }),
    },
  });
  return render(app.createRoot());
};

describe('signInModule', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    window.sessionStorage.clear();
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () =>
        json({
          items: [
            { name: 'ada', displayName: 'Ada Admin', role: 'platform-admin' },
          ],
        }),
    });
  });

  afterEach(() => fetchMock.mockRestore());

  it('offers single sign-on and tenant login when portal.signIn is oidc', async () => {
    renderSignedOutApp({ signIn: 'oidc' });

    expect(await screen.findByText('Single sign-on')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your company account'),
    ).toBeInTheDocument();
    expect(screen.getByText('Your organization')).toBeInTheDocument();
    expect(
      screen.getByText(
        /Sign in with your organization: owners and administrators/,
      ),
    ).toBeInTheDocument();
    expect(screen.getAllByRole('button', { name: 'Sign In' })).toHaveLength(2);
    expect(
      screen.queryByText('Sign in as a demo user'),
    ).not.toBeInTheDocument();
    expect(
      fetchMock.mock.calls.some(([url]) => String(url).includes('demo-users')),
    ).toBe(false);
  });

  it('offers the demo users when portal.signIn is demo', async () => {
    renderSignedOutApp({ signIn: 'demo' });

    expect(
      await screen.findByText('Sign in as a demo user'),
    ).toBeInTheDocument();
    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on')).not.toBeInTheDocument();
  });

  it('offers tenant login next to the demo users', async () => {
    renderSignedOutApp({ signIn: 'demo' });

    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    expect(
      screen.getByRole('button', { name: 'Sign in with your organization' }),
    ).toBeInTheDocument();
  });

  describe('after a tenant login in this tab', () => {
    const tenantSession = () =>
      json({
        profile: { displayName: 'Tina Owner', email: 'tina@acme.example' },
        providerInfo: {
          accessToken: 'access',
          idToken: 'id',
          scope: 'openid profile email offline_access',
          expiresInSeconds: 900,
        },
        backstageIdentity: {
          token: `eyJhbGciOiJub25lIn0.${btoa(
            JSON.stringify({
              sub: 'user:tenant-acme/u-1',
              exp: Math.floor(Date.now() / 1000) + 3600,
            }),
          ).replace(/=+$/, '')}.signature`,
          identity: {
            type: 'user',
            userEntityRef: 'user:tenant-acme/u-1',
            ownershipEntityRefs: [
              'user:tenant-acme/u-1',
              'group:tenant-acme/org-owner',
            ],
          },
        },
      });

    it('signs in again without asking while the session lasts', async () => {
      window.sessionStorage.setItem('controlplane.tenantLogin', 'true');
      fetchMock.mockRestore();
      fetchMock = fakeBackend({
        '/api/auth/tenantLogin/refresh': tenantSession,
      });

      renderSignedOutApp({ signIn: 'demo' });

      // Signed in: the app itself (this test app has no pages but 404).
      expect(await screen.findByText(/page not found/i)).toBeInTheDocument();
      expect(
        screen.queryByText('Sign in as a demo user'),
      ).not.toBeInTheDocument();
      expect(
        fetchMock.mock.calls.filter(([url]) =>
          String(url).includes('/api/auth/tenantLogin/refresh'),
        ),
      ).toHaveLength(1);
      expect(
        fetchMock.mock.calls.some(([url]) =>
          String(url).includes('demo-users'),
        ),
      ).toBe(false);
    });

    it('shows the sign-in page again when the session is gone', async () => {
      window.sessionStorage.setItem('controlplane.tenantLogin', 'true');

      renderSignedOutApp({ signIn: 'demo' });

      expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
      expect(
        window.sessionStorage.getItem('controlplane.tenantLogin'),
      ).toBeNull();
    });
  });

  it('falls back to the demo users when portal.signIn is not set', async () => {
    renderSignedOutApp(undefined);

    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on')).not.toBeInTheDocument();
  });
});
