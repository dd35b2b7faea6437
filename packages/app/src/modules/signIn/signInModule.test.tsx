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

  it('offers single sign-on when portal.signIn is oidc', async () => {
    renderSignedOutApp({ signIn: 'oidc' });

    expect(await screen.findByText('Single sign-on')).toBeInTheDocument();
    expect(
      screen.getByText('Sign in with your company account'),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Sign In' })).toBeInTheDocument();
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

  it('falls back to the demo users when portal.signIn is not set', async () => {
    renderSignedOutApp(undefined);

    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    expect(screen.queryByText('Single sign-on')).not.toBeInTheDocument();
  });
});
