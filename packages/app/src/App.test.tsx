import {
  fireEvent,
  render,
  screen,
  waitFor,
  within,
} from '@testing-library/react';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import App from './App';
import { callsTo, fakeBackend, json, session } from './testing/fakeBackend';

const displayNames: Record<string, string> = {
  ada: 'Ada Admin',
  oscar: 'Oscar Operator',
};

/** The user a Backstage token was issued to. */
const tokenSubject = (authorization: string | null) => {
  const [, payload] = (authorization ?? '').replace(/^Bearer /, '').split('.');
  return payload
    ? JSON.parse(atob(payload.replace(/-/g, '+').replace(/_/g, '/'))).sub
    : undefined;
};

// The portal as index.tsx starts it: config from the page (where the app
// backend injects it), plugins from the discovered list, the shell modules of
// App.tsx.
jest.setTimeout(60_000);

describe('App', () => {
  let fetchMock: jest.SpyInstance;
  let configScript: HTMLScriptElement;

  beforeEach(() => {
    configScript = document.createElement('script');
    configScript.type = 'backstage.io/config';
    configScript.textContent = JSON.stringify([
      {
        context: 'app-config.yaml',
        data: {
          app: {
            title: 'Control Plane Portal',
            baseUrl: 'http://localhost:3000',
            packages: 'all',
          },
          backend: { baseUrl: 'http://localhost:7007' },
          portal: { signIn: 'demo' },
        },
      },
    ]);
    document.head.appendChild(configScript);
    (window as any)['__@backstage/discovered__'] = {
      modules: [
        { name: '@backstage/plugin-catalog', default: catalogPlugin },
        {
          name: '@backstage/plugin-user-settings',
          default: userSettingsPlugin,
        },
      ],
    };
    window.sessionStorage.clear();
    window.history.replaceState({}, '', '/settings');
    fetchMock = fakeBackend({
      '/api/auth/demo-users': () =>
        json({
          items: [
            {
              name: 'ada',
              displayName: displayNames.ada,
              role: 'platform-admin',
            },
            {
              name: 'oscar',
              displayName: displayNames.oscar,
              role: 'operator',
            },
          ],
        }),
      '/api/auth/demo/refresh': ({ headers }) => {
        const name = headers.get('x-controlplane-demo-user')!;
        return session(name, displayNames[name]);
      },
    });
  });

  afterEach(() => {
    fetchMock.mockRestore();
    configScript.remove();
    delete (window as any)['__@backstage/discovered__'];
  });

  it('lets a local user pick a demo user and signs them in as that user', async () => {
    render(App.createRoot());

    // Signed out: the demo sign-in, not the portal.
    // The first render loads every plugin of the app; allow a busy machine.
    const users = await screen.findByRole(
      'list',
      { name: 'demo users' },
      { timeout: 15_000 },
    );
    expect(
      screen.queryByRole('navigation', { name: 'sidebar nav' }),
    ).not.toBeInTheDocument();

    fireEvent.click(
      within(users).getByRole('button', { name: /Oscar Operator/ }),
    );

    // Signed in: the portal shell, and the page asked for, as Oscar.
    expect(
      await screen.findByRole(
        'navigation',
        { name: 'sidebar nav' },
        { timeout: 15_000 },
      ),
    ).toBeInTheDocument();
    expect(await screen.findByText('Oscar Operator')).toBeInTheDocument();
    expect(screen.getByText('oscar@controlplane.example')).toBeInTheDocument();
    expect(screen.queryByText('Ada Admin')).not.toBeInTheDocument();

    const refreshes = callsTo(fetchMock, '/api/auth/demo/refresh');
    expect(refreshes).toHaveLength(1);
    expect(refreshes[0].headers.get('x-controlplane-demo-user')).toBe('oscar');
    expect(window.sessionStorage.getItem('controlplane.demoUser')).toBe(
      'oscar',
    );

    // Plugins call the backend with Oscar's token.
    await waitFor(() =>
      expect(callsTo(fetchMock, '/api/catalog/').length).toBeGreaterThan(0),
    );
    for (const { headers } of callsTo(fetchMock, '/api/catalog/')) {
      expect(tokenSubject(headers.get('authorization'))).toBe(
        'user:default/oscar',
      );
    }
  });
});
