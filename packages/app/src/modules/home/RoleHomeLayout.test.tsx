import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { createPermission } from '@backstage/plugin-permission-common';
import homePlugin from '@backstage/plugin-home/alpha';
import {
  createHomeCard,
  HomeCardAudience,
} from '@controlplane/frontend-common';
import { homeModule } from '.';
import { navModule } from '../nav';
import { fakeBackend, json, rbacAccess } from '../../testing/fakeBackend';

const card = (
  name: string,
  permission: string,
  order: number,
  audience?: HomeCardAudience,
) =>
  createHomeCard({
    name,
    widgetName: `Card${name}`,
    title: `Card ${name}`,
    description: `The ${name} card`,
    permission: createPermission({ name: permission, attributes: {} }),
    audience,
    order,
    loader: async () => <p>content of {name}</p>,
  });

/**
 * A domain plugin contributing cards for three permissions; two of them for
 * the holders of one permission, platform-wide or in their own tenant.
 */
const cardsPlugin = createFrontendPlugin({
  pluginId: 'cards',
  extensions: [
    card('waiting', 'demo.request.approve', 0),
    card('risk', 'demo.tenant.read', 100, 'platform'),
    card('mine', 'demo.tenant.read', 150, 'scoped'),
    card('audit', 'demo.audit.read', 200),
  ],
});

/** The RBAC plugin's answer: which of the asked permissions are held. */
const holding = (held: string[], onlySome: string[] = []) =>
  fakeBackend({
    '/api/notifications/status': () => json({ unread: 0, read: 0 }),
    ...rbacAccess(held, onlySome),
  });

const renderHome = () =>
  renderTestApp({
    features: [homePlugin, homeModule, navModule, cardsPlugin],
    initialRouteEntries: ['/home'],
  });

describe('RoleHomeLayout', () => {
  let fetchMock: jest.SpyInstance;
  let offsetWidth: jest.SpyInstance;
  // The grid renders its cards once it has measured a width; jsdom lays
  // nothing out, so every element is given one.
  beforeEach(() => {
    offsetWidth = jest
      .spyOn(HTMLElement.prototype, 'offsetWidth', 'get')
      .mockReturnValue(1200);
  });
  afterEach(() => {
    fetchMock.mockRestore();
    offsetWidth.mockRestore();
  });

  it('shows only the cards of permissions the user holds, with their content', async () => {
    fetchMock = holding(['demo.request.approve', 'demo.audit.read']);
    renderHome();

    expect(await screen.findByText('content of waiting')).toBeInTheDocument();
    expect(await screen.findByText('content of audit')).toBeInTheDocument();
    expect(screen.getByText('Card waiting')).toBeInTheDocument();
    expect(screen.queryByText('Card risk')).not.toBeInTheDocument();
  });

  it('does not offer a card the user may not see under "Add widget"', async () => {
    fetchMock = holding(['demo.tenant.read']);
    renderHome();

    expect(await screen.findByText('content of risk')).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /edit/i }));
    await userEvent.click(
      await screen.findByRole('button', { name: /add widget/i }),
    );
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('Card risk');
    expect(dialog).not.toHaveTextContent('Card waiting');
    expect(dialog).not.toHaveTextContent('Card audit');
    expect(dialog).not.toHaveTextContent('Card mine');
  });

  it('gives a card for the platform to platform-wide holders, and one for their own tenant to tenant-scoped holders', async () => {
    fetchMock = holding(['demo.tenant.read']);
    const { unmount } = renderHome();
    expect(await screen.findByText('content of risk')).toBeInTheDocument();
    expect(screen.queryByText('Card mine')).not.toBeInTheDocument();
    unmount();
    fetchMock.mockRestore();

    fetchMock = holding(['demo.tenant.read'], ['demo.tenant.read']);
    renderHome();
    expect(await screen.findByText('content of mine')).toBeInTheDocument();
    expect(screen.queryByText('Card risk')).not.toBeInTheDocument();
  });
});
