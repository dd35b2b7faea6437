import { screen, within } from '@testing-library/react';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  createFrontendPlugin,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import { navModule } from '.';
import { fakeBackend, json } from '../../testing/fakeBackend';

/** A plugin with one page, as the control-plane domain plugins will have. */
const pagePlugin = (pluginId: string, title: string) =>
  createFrontendPlugin({
    pluginId,
    title,
    icon: <span />,
    extensions: [
      PageBlueprint.make({
        params: {
          path: `/${pluginId}`,
          routeRef: createRouteRef(),
          loader: async () => <h1>{title} page</h1>,
        },
      }),
    ],
  });

const renderNav = (...plugins: ReturnType<typeof pagePlugin>[]) =>
  renderTestApp({ features: [navModule, ...plugins] });

const navLinks = async () =>
  within(await screen.findByRole('navigation', { name: 'sidebar nav' }));

describe('Sidebar', () => {
  let fetchMock: jest.SpyInstance;
  beforeEach(() => {
    fetchMock = fakeBackend({
      '/api/notifications/status': () => json({ unread: 0, read: 0 }),
    });
  });
  afterEach(() => fetchMock.mockRestore());

  it('lists home and catalog, then the control-plane pages in their fixed order, then the rest by title', async () => {
    renderNav(
      pagePlugin('zz-cost', 'Cost explorer'),
      pagePlugin('rbac', 'Access control'),
      pagePlugin('catalog', 'Catalog'),
      pagePlugin('api-playground', 'Api playground'),
      pagePlugin('billing', 'Billing'),
      pagePlugin('home', 'Home'),
      pagePlugin('tenants', 'Tenants'),
    );

    const nav = await navLinks();
    await nav.findByRole('link', { name: 'Tenants' });
    const titles = nav
      .getAllByRole('link')
      .map(link => link.getAttribute('aria-label') ?? link.textContent);
    const order = [
      'Catalog',
      'Tenants',
      'Billing',
      'Access control',
      'Api playground',
      'Cost explorer',
    ];
    expect(titles.filter(t => order.includes(t!))).toEqual(order);
    // Home comes first among the pages (after the logo, which also says Home).
    expect(titles.indexOf('Home', 1)).toBeLessThan(titles.indexOf('Catalog'));
    expect(nav.getByRole('link', { name: 'Tenants' })).toHaveAttribute(
      'href',
      '/tenants',
    );
  });

  it('has no search or notifications entries when those plugins are not installed', async () => {
    renderNav(pagePlugin('tenants', 'Tenants'));

    const nav = await navLinks();
    expect(
      await nav.findByRole('link', { name: 'Tenants' }),
    ).toBeInTheDocument();
    expect(
      nav.queryByRole('button', { name: 'Search' }),
    ).not.toBeInTheDocument();
    expect(
      nav.queryByRole('link', { name: /Notifications/ }),
    ).not.toBeInTheDocument();
    expect(screen.queryByText(/Error in extension/)).not.toBeInTheDocument();
  });

  it('shows search as a modal and notifications with their badge, once each', async () => {
    renderTestApp({
      features: [navModule, searchPlugin, notificationsPlugin],
    });

    const nav = await navLinks();
    expect(
      await nav.findByRole('button', { name: 'Search' }),
    ).toBeInTheDocument();
    expect(nav.queryByRole('link', { name: 'Search' })).not.toBeInTheDocument();
    const notifications = await nav.findAllByRole('link', {
      name: /Notifications/,
    });
    expect(notifications).toHaveLength(1);
    expect(notifications[0]).toHaveAttribute('href', '/notifications');
  });
});
