import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { createRenderWithApi } from '@controlplane/frontend-common/testUtils';
import {
  GetNotificationsOptions,
  GetNotificationsResponse,
  NotificationsApi,
  notificationsApiRef,
} from '@backstage/plugin-notifications';
import userSettingsPlugin from '@backstage/plugin-user-settings/alpha';
import { TopicNotificationsPage } from './TopicNotificationsPage';
import { topicTitle } from './topics';

type Notification = GetNotificationsResponse['notifications'][number];

// The fake answers in a later task, as the notifications backend would.
const renderWithNotifications = createRenderWithApi(notificationsApiRef);

const notification = (
  id: string,
  topic: string,
  title: string,
  link: string,
): Notification => ({
  id,
  user: 'user:default/april',
  origin: 'plugin:promotions',
  created: new Date('2026-03-01T09:00:00Z'),
  payload: { title, description: `About ${title}`, link, topic },
});

const ALL = [
  notification(
    'n1',
    'promotion-waiting',
    'Promotion waiting: agent:default/support-triage 1.4.2 to production',
    '/promotions/requests/r1',
  ),
  notification(
    'n2',
    'budget-threshold',
    'acme reached 80 % of its monthly budget',
    '/billing/tenants/acme',
  ),
];

function fakeApi() {
  const calls: GetNotificationsOptions[] = [];
  const api: Partial<NotificationsApi> = {
    async getTopics() {
      return { topics: ['promotion-waiting', 'budget-threshold'] };
    },
    async getStatus() {
      return { unread: 2, read: 0 };
    },
    async getNotifications(options = {}) {
      calls.push(options);
      const notifications = ALL.filter(n => n.payload.topic === options.topic);
      return { notifications, totalCount: notifications.length };
    },
  };
  return { api: api as NotificationsApi, calls };
}

describe('TopicNotificationsPage', () => {
  it('groups the unread notifications by topic, each linking to where it is handled', async () => {
    const { api, calls } = fakeApi();
    renderWithNotifications(<TopicNotificationsPage />, {
      api,
      mountedRoutes: { '/settings': userSettingsPlugin.routes.root },
    });

    const waiting = await screen.findByRole('region', {
      name: 'Promotion waiting',
    });
    const budget = screen.getByRole('region', { name: 'Budget threshold' });
    // Sorted by name: budget first.
    expect(
      budget.compareDocumentPosition(waiting) &
        Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(
      await within(waiting).findByText('Promotion waiting (1)'),
    ).toBeInTheDocument();
    expect(
      await within(waiting).findByRole('link', {
        name: 'Promotion waiting: agent:default/support-triage 1.4.2 to production',
      }),
    ).toHaveAttribute('href', '/promotions/requests/r1');
    expect(
      await within(budget).findByRole('link', {
        name: 'acme reached 80 % of its monthly budget',
      }),
    ).toHaveAttribute('href', '/billing/tenants/acme');
    expect(
      within(budget).queryByText(/Promotion waiting:/),
    ).not.toBeInTheDocument();
    expect(calls).toEqual(
      expect.arrayContaining([
        { read: false, topic: 'promotion-waiting', limit: 5, offset: 0 },
        { read: false, topic: 'budget-threshold', limit: 5, offset: 0 },
      ]),
    );
    // Material UI's link button: a link with the button role.
    expect(screen.getByRole('button', { name: 'Mute topics' })).toHaveAttribute(
      'href',
      '/settings/notifications',
    );
  });

  it('shows all notifications, read ones too, when asked', async () => {
    const { api, calls } = fakeApi();
    renderWithNotifications(<TopicNotificationsPage />, {
      api,
      mountedRoutes: { '/settings': userSettingsPlugin.routes.root },
    });
    await screen.findByRole('region', { name: 'Promotion waiting' });
    fireEvent.mouseDown(screen.getByRole('button', { name: /Unread/ }));
    fireEvent.click(await screen.findByRole('option', { name: 'All' }));
    await waitFor(() =>
      expect(calls).toContainEqual({
        topic: 'promotion-waiting',
        limit: 5,
        offset: 0,
      }),
    );
    expect(
      await screen.findByRole('link', {
        name: 'acme reached 80 % of its monthly budget',
      }),
    ).toBeInTheDocument();
  });

  it('names topics from their ids', () => {
    expect(topicTitle('promotion-waiting')).toBe('Promotion waiting');
    expect(topicTitle('credential-expiring')).toBe('Credential expiring');
    expect(topicTitle('')).toBe('');
  });
});
