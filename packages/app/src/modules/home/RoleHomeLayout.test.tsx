import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { renderTestApp } from '@backstage/frontend-test-utils';
import { createFrontendPlugin } from '@backstage/frontend-plugin-api';
import { createPermission } from '@backstage/plugin-permission-common';
import homePlugin from '@backstage/plugin-home/alpha';
import { createHomeCard } from '@controlplane/frontend-common';
import { homeModule } from '.';
import { navModule } from '../nav';
import { fakeBackend, json } from '../../testing/fakeBackend';

const card = (name: string, permission: string, order: number) =>
  createHomeCard({
    name,
    widgetName: `Card${name}`,
    title: `Card ${name}`,
    description: `The ${name} card`,
    permission: createPermission({ name: permission, attributes: {} }),
    order,
    loader: async () => <p>content of {name}</p>,
  });

/** A domain plugin contributing three cards for three permissions. */
const cardsPlugin = createFrontendPlugin({
  pluginId: 'cards',
  extensions: [
    card('waiting', 'demo.request.approve', 0),
    card('risk', 'demo.tenant.read', 100),
    card('audit', 'demo.audit.read', 200),
  ],
});

/** The RBAC plugin's answer: which of the asked permissions are held. */
const holding = (held: string[]) =>
  fakeBackend({
    '/api/notifications/status': () => json({ unread: 0, read: 0 }),
    '/api/rbac/access': ({ url }: { url: string }) =>
      json({
        holds: Object.fromEntries(
          new URL(url).searchParams
            .getAll('permission')
            .map(name => [name, held.includes(name)]),
        ),
      }),
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
  });
});
