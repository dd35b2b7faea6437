import { render, screen, within } from '@testing-library/react';
import { createApp } from '@backstage/frontend-defaults';
import { mockApis } from '@backstage/frontend-test-utils';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import { navModule } from './modules/nav';
import { signInModule } from './modules/signIn';
import { fakeBackend, json, session } from './testing/fakeBackend';

/**
 * Operators remove a frontend plugin with `app.packages` in app-config, no
 * code change. These tests run the real discovery of `createApp`: the list
 * the CLI bundles into `window['__@backstage/discovered__']` (one entry per
 * package export, as the generated list has), filtered by that config.
 */
const discovered = {
  modules: [
    // Main entry points without a default export; discovery skips them.
    { name: '@backstage/plugin-notifications', default: undefined },
    { name: '@backstage/plugin-notifications', default: notificationsPlugin },
    { name: '@backstage/plugin-search', default: undefined },
    { name: '@backstage/plugin-search', default: searchPlugin },
  ],
};

type PackagesConfig = 'all' | { include?: string[]; exclude?: string[] };

function renderPortal(packages: PackagesConfig, path: string) {
  (window as any)['__@backstage/discovered__'] = discovered;
  window.history.replaceState({}, '', path);
  const app = createApp({
    // The shell modules of App.tsx; plugins only come from discovery.
    features: [navModule, signInModule],
    advanced: {
      configLoader: async () => ({
        config: mockApis.config({
          data: {
            app: {
              title: 'Control Plane Portal',
              baseUrl: 'http://localhost:3000',
              packages,
            },
            backend: { baseUrl: 'http://localhost:7007' },
            portal: { signIn: 'demo' },
          },
        }),
      }),
    },
  });
  return render(app.createRoot());
}

const sidebar = async () =>
  within(await screen.findByRole('navigation', { name: 'sidebar nav' }));

describe('removing frontend plugins through app.packages', () => {
  let fetchMock: jest.SpyInstance;

  beforeEach(() => {
    // Signed in as a demo user chosen earlier in this tab.
    window.sessionStorage.setItem('controlplane.demoUser', 'ada');
    fetchMock = fakeBackend({
      '/api/auth/demo/refresh': () => session('ada', 'Ada Admin'),
      '/api/notifications/status': () => json({ unread: 0, read: 0 }),
      '/api/notifications/notifications': () =>
        json({ notifications: [], totalCount: 0 }),
    });
  });

  afterEach(() => {
    fetchMock.mockRestore();
    delete (window as any)['__@backstage/discovered__'];
  });

  it('loads every discovered plugin with `packages: all`', async () => {
    renderPortal('all', '/notifications');

    const nav = await sidebar();
    expect(
      await nav.findByRole('link', { name: /Notifications/ }),
    ).toHaveAttribute('href', '/notifications');
    expect(nav.getByRole('button', { name: 'Search' })).toBeInTheDocument();

    // The notifications page itself is served.
    expect(
      await screen.findByRole('heading', { name: 'Notifications' }),
    ).toBeInTheDocument();
    expect(screen.queryByText(/PAGE NOT FOUND/)).not.toBeInTheDocument();
  });

  it('drops an excluded plugin: no nav entry, its page is not found', async () => {
    renderPortal(
      { exclude: ['@backstage/plugin-notifications'] },
      '/notifications',
    );

    expect(await screen.findByText(/PAGE NOT FOUND/)).toBeInTheDocument();
    const nav = await sidebar();
    // The rest of the portal is still there.
    expect(nav.getByRole('link', { name: 'Home' })).toBeInTheDocument();
    expect(nav.getByRole('button', { name: 'Search' })).toBeInTheDocument();
    expect(
      nav.queryByRole('link', { name: /Notifications/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Error in extension/)).not.toBeInTheDocument();
  });

  it('loads only the listed plugins with an include list', async () => {
    renderPortal({ include: ['@backstage/plugin-notifications'] }, '/');

    const nav = await sidebar();
    expect(
      await nav.findByRole('link', { name: /Notifications/ }),
    ).toBeInTheDocument();
    expect(
      nav.queryByRole('button', { name: 'Search' }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Error in extension/)).not.toBeInTheDocument();
  });
});
