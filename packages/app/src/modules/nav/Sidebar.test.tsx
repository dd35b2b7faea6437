import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { SearchResultListItemBlueprint } from '@backstage/plugin-search-react/alpha';
import { renderTestApp } from '@backstage/frontend-test-utils';
import {
  createFrontendPlugin,
  FrontendFeature,
  createRouteRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import { createPermission } from '@backstage/plugin-permission-common';
import { createDomainPage } from '@controlplane/frontend-common';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import searchPlugin from '@backstage/plugin-search/alpha';
import platformHealthPlugin from '@controlplane/plugin-platform-health';
import { navModule } from '.';
import {
  callsTo,
  fakeBackend,
  json,
  rbacAccess,
} from '../../testing/fakeBackend';

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

/** A domain plugin whose page declares the permission(s) it needs. */
const guardedPlugin = (
  pluginId: string,
  title: string,
  permission: string | string[],
) =>
  createFrontendPlugin({
    pluginId,
    title,
    icon: <span />,
    extensions: [
      createDomainPage({
        path: `/${pluginId}`,
        title,
        icon: <span />,
        routeRef: createRouteRef(),
        permission: [permission]
          .flat()
          .map(name => createPermission({ name, attributes: {} })),
        loader: async () => <h1>{title} page</h1>,
      }),
    ],
  });

const renderNav = (...plugins: FrontendFeature[]) =>
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

  it("shows the search modal's results with the items their plugins contribute", async () => {
    fetchMock.mockRestore();
    fetchMock = fakeBackend({
      '/api/notifications/status': () => json({ unread: 0, read: 0 }),
      '/api/search/query': () =>
        json({
          results: [
            {
              type: 'tenant',
              document: {
                title: 'Acme Corp',
                text: 'acme.example',
                location: '/tenants/acme',
                plan: 'enterprise',
              },
            },
            {
              type: 'other',
              document: {
                title: 'Something else',
                text: 'plain',
                location: '/else',
              },
            },
          ],
        }),
    });
    // A domain plugin's item for its own documents, as the tenants plugin's.
    const tenantItems = createFrontendPlugin({
      pluginId: 'tenant-items',
      extensions: [
        SearchResultListItemBlueprint.make({
          name: 'tenant',
          params: {
            predicate: result => result.type === 'tenant',
            component: async () => props =>
              (
                <span>
                  Tenant {props.result?.title} on plan{' '}
                  {String((props.result as { plan?: string })?.plan)}
                </span>
              ),
          },
        }),
      ],
    });
    renderTestApp({
      features: [navModule, searchPlugin, notificationsPlugin, tenantItems],
    });

    const nav = await navLinks();
    await userEvent.click(await nav.findByRole('button', { name: 'Search' }));
    const modal = await screen.findByRole('dialog');
    await userEvent.type(within(modal).getByRole('textbox'), 'acme');
    expect(
      await within(modal).findByText('Tenant Acme Corp on plan enterprise'),
    ).toBeInTheDocument();
    // Others keep Backstage's default item.
    expect(within(modal).getByText('Something else')).toBeInTheDocument();
  });

  describe('pages that declare a permission', () => {
    const plugins = () => [
      guardedPlugin('tenants', 'Tenants', 'tenants.tenant.read'),
      guardedPlugin('rbac', 'Access control', 'rbac.role.read'),
      pagePlugin('zz-cost', 'Cost explorer'),
    ];
    /** The RBAC plugin's answer: which of the asked permissions are held. */
    const holding = (held: string[]) => rbacAccess(held);

    it('hides the entries of pages the user may not open (a developer)', async () => {
      fetchMock.mockRestore();
      fetchMock = fakeBackend(holding(['tenants.tenant.read']));
      renderNav(...plugins());

      const nav = await navLinks();
      expect(await nav.findByRole('link', { name: 'Tenants' })).toBeVisible();
      expect(nav.getByRole('link', { name: 'Cost explorer' })).toBeVisible();
      expect(
        nav.queryByRole('link', { name: 'Access control' }),
      ).not.toBeInTheDocument();
      // One question for all pages' permissions.
      expect(callsTo(fetchMock, '/api/rbac/access')).toHaveLength(1);
    });

    it('shows every page to a user who holds every permission (a platform admin)', async () => {
      fetchMock.mockRestore();
      fetchMock = fakeBackend(
        holding(['tenants.tenant.read', 'rbac.role.read']),
      );
      renderNav(...plugins());

      const nav = await navLinks();
      expect(
        await nav.findByRole('link', { name: 'Access control' }),
      ).toBeVisible();
      expect(nav.getByRole('link', { name: 'Tenants' })).toBeVisible();
    });

    it('shows a page of several permissions to a holder of any one (a tenant admin)', async () => {
      fetchMock.mockRestore();
      fetchMock = fakeBackend(holding(['flags.tenant.read']));
      renderNav(
        guardedPlugin('flags', 'Flags', [
          'flags.flag.read',
          'flags.tenant.read',
        ]),
        guardedPlugin('rbac', 'Access control', 'rbac.role.read'),
      );

      const nav = await navLinks();
      expect(await nav.findByRole('link', { name: 'Flags' })).toBeVisible();
      expect(
        nav.queryByRole('link', { name: 'Access control' }),
      ).not.toBeInTheDocument();
    });

    it('shows "Platform dashboard" only to holders of platform-health.dashboard.read', async () => {
      fetchMock.mockRestore();
      fetchMock = fakeBackend(holding(['tenants.tenant.read']));
      const { unmount } = renderNav(
        platformHealthPlugin,
        guardedPlugin('tenants', 'Tenants', 'tenants.tenant.read'),
      );
      let nav = await navLinks();
      expect(await nav.findByRole('link', { name: 'Tenants' })).toBeVisible();
      expect(
        nav.queryByRole('link', { name: 'Platform dashboard' }),
      ).not.toBeInTheDocument();
      unmount();

      fetchMock.mockRestore();
      fetchMock = fakeBackend(holding(['platform-health.dashboard.read']));
      renderNav(platformHealthPlugin);
      nav = await navLinks();
      expect(
        await nav.findByRole('link', { name: 'Platform dashboard' }),
      ).toHaveAttribute('href', '/platform');
    });

    it('shows every page when the RBAC plugin is not installed (the backends still guard)', async () => {
      renderNav(...plugins());

      const nav = await navLinks();
      expect(
        await nav.findByRole('link', { name: 'Access control' }),
      ).toBeVisible();
      expect(nav.getByRole('link', { name: 'Tenants' })).toBeVisible();
    });
  });
});
