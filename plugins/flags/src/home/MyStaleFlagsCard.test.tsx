import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  errorResponse,
  fakeFlagsBackend,
  flag,
  renderFlags,
} from '../__testUtils__';
import { myStaleFlagsCard } from '../plugin';
import { MyStaleFlagsCard } from './MyStaleFlagsCard';

const DAY = 86_400_000;
const daysAgo = (days: number) =>
  new Date(Date.now() - days * DAY).toISOString();

const DEVON = ['user:default/devon', 'group:default/team-agents'];

const renderCard = (backend = fakeFlagsBackend(), ownership = DEVON) =>
  renderFlags(<MyStaleFlagsCard />, { backend, ownership });

describe('the "My stale flags" home card', () => {
  it("lists the stale and deprecated flags of the user's groups with lifecycle and age, each linked to its page", async () => {
    const backend = fakeFlagsBackend({
      flags: [
        flag('old-checkout', {
          owner: 'group:default/team-agents',
          potentiallyStale: true,
          updatedAt: daysAgo(40),
          lastEvaluatedAt: daysAgo(35),
        }),
        flag('legacy-banner', {
          owner: 'User:Default/Devon',
          lifecycle: 'deprecated',
          updatedAt: daysAgo(3),
        }),
        // Owned, but neither stale nor deprecated.
        flag('fresh', { owner: 'group:default/team-agents' }),
        // Stale, but another team's.
        flag('theirs', {
          owner: 'group:default/team-apps',
          potentiallyStale: true,
        }),
        // Archived: done with, not listed.
        flag('gone', {
          owner: 'group:default/team-agents',
          lifecycle: 'archived',
          potentiallyStale: true,
        }),
      ],
    });
    await renderCard(backend);

    const stale = await screen.findByRole('link', { name: 'old-checkout' });
    expect(stale).toHaveAttribute('href', '/flags/old-checkout');
    const staleItem = stale.closest('li')!;
    expect(staleItem).toHaveTextContent(
      'active · changed 40 d ago · last evaluated 35 d ago',
    );
    expect(
      within(staleItem).getByText('potentially stale'),
    ).toBeInTheDocument();

    const deprecated = screen.getByRole('link', { name: 'legacy-banner' });
    expect(deprecated).toHaveAttribute('href', '/flags/legacy-banner');
    expect(deprecated.closest('li')).toHaveTextContent(
      'deprecated · changed 3 d ago · never evaluated',
    );

    for (const key of ['fresh', 'theirs', 'gone']) {
      expect(screen.queryByText(key)).toBeNull();
    }
    expect(screen.getByRole('link', { name: 'Open flags' })).toHaveAttribute(
      'href',
      '/flags',
    );

    // Filtered by the backend: two pages with the user's ownership refs.
    const lists = backend.requestsTo('GET', '/flags');
    expect(lists).toHaveLength(2);
    for (const request of lists) {
      expect(request.query.get('owner')).toBe(DEVON.join(','));
    }
    expect(lists.map(r => r.query.get('stale'))).toContain('true');
    expect(lists.map(r => r.query.get('lifecycle'))).toContain('deprecated');
  });

  it('says so when none of the flags the user owns looks stale', async () => {
    await renderCard(
      fakeFlagsBackend({
        flags: [flag('fresh', { owner: 'group:default/team-agents' })],
      }),
    );
    expect(
      await screen.findByText(
        'None of the flags you or your groups own looks stale.',
      ),
    ).toBeInTheDocument();
  });

  it('asks nothing for a user who owns nothing', async () => {
    const backend = fakeFlagsBackend();
    await renderCard(backend, []);
    expect(
      await screen.findByText(
        'None of the flags you or your groups own looks stale.',
      ),
    ).toBeInTheDocument();
    expect(backend.requestsTo('GET', '/flags')).toHaveLength(0);
  });

  it("shows the backend's error", async () => {
    const backend = fakeFlagsBackend();
    backend.respond('GET /flags', () =>
      errorResponse(403, 'NotAllowedError', 'flags.flag.read is needed'),
    );
    await renderCard(backend);
    expect(
      await screen.findByText(/flags\.flag\.read is needed \(403\)/),
    ).toBeInTheDocument();
  });

  it('is a home card for readers of flags, among the work waiting for the user', () => {
    const placement = createExtensionTester(myStaleFlagsCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['flags.flag.read']);
    expect(placement.order).toBeLessThan(100);
  });
});
