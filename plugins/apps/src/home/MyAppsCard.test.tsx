import { screen } from '@testing-library/react';
import { identityApiRef } from '@backstage/frontend-plugin-api';
import { mockApis } from '@backstage/frontend-test-utils';
import { renderWithApis } from '@controlplane/frontend-common/testUtils';
import { appsApiRef } from '../api';
import { rootRouteRef } from '../routes';
import {
  app,
  credential,
  fakeAppsBackend,
  FakeAppsBackend,
} from '../__testUtils__';
import { MyAppsCard } from './MyAppsCard';

const DAY_MS = 86_400_000;
const inDays = (days: number) =>
  new Date(Date.now() + days * DAY_MS).toISOString();

const render = (backend: FakeAppsBackend, ownershipEntityRefs: string[]) =>
  renderWithApis(<MyAppsCard />, {
    apis: [
      [appsApiRef, backend.api],
      [
        identityApiRef,
        mockApis.identity({
          userEntityRef: 'user:default/devon',
          ownershipEntityRefs,
        }),
      ],
    ],
    mountedRoutes: { '/apps': rootRouteRef },
  });

describe('MyAppsCard', () => {
  it("lists the apps the user's identity owns, those with credentials expiring soon first", async () => {
    const backend = fakeAppsBackend({
      apps: [
        app('alpha', { title: 'Alpha', owner: 'group:default/team-agents' }),
        app('beta', { owner: 'user:default/devon', tenants: [] }),
      ],
      credentials: [
        credential('ci', {
          appId: 'id-beta',
          appName: 'beta',
          expiresAt: inDays(5),
        }),
      ],
    });
    await render(backend, ['user:default/devon', 'group:default/team-agents']);
    const links = await screen.findAllByRole('link');
    expect(links.map(link => link.textContent)).toEqual(['beta', 'Alpha']);
    expect(links[0]).toHaveAttribute('href', '/apps/id-beta');
    expect(links[0].closest('li')).toHaveTextContent(/ci expires in (4|5) d/);
    expect(links[0].closest('li')).toHaveTextContent('1 expiring');
    expect(links[1].closest('li')).toHaveTextContent('staging · acme');
    expect(links[1].closest('li')).not.toHaveTextContent('expiring');
    // Both reads are of the identity's ownership refs.
    const [apps] = backend.requestsTo('GET', '/apps');
    expect(apps.query.get('owner')).toBe(
      'user:default/devon,group:default/team-agents',
    );
    const [keys] = backend.requestsTo('GET', '/api-keys');
    expect(keys.query.get('owner')).toBe(
      'user:default/devon,group:default/team-agents',
    );
    expect(keys.query.get('status')).toBe('active');
    const before = Date.parse(keys.query.get('expiresBefore')!);
    expect(before - Date.now()).toBeGreaterThan(29 * DAY_MS);
    expect(before - Date.now()).toBeLessThanOrEqual(30 * DAY_MS);
  });

  it('says when the user owns no app', async () => {
    const backend = fakeAppsBackend({ apps: [] });
    await render(backend, ['user:default/devon']);
    expect(
      await screen.findByText('You and your groups own no app.'),
    ).toBeInTheDocument();
  });

  it('asks nothing without ownership refs', async () => {
    const backend = fakeAppsBackend();
    await render(backend, []);
    expect(
      await screen.findByText('You and your groups own no app.'),
    ).toBeInTheDocument();
    expect(backend.requests).toHaveLength(0);
  });
});
