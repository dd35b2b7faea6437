import { screen, within } from '@testing-library/react';
import { Settings } from 'luxon';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
} from '@controlplane/plugin-promotions-common';
import {
  errorResponse,
  fakePromotionsBackend,
  hoursAgo,
  promotionRequest,
  renderPromotions,
  renderPromotionsWidget,
} from '../__testUtils__';
import { waitingForMyDecisionCard } from '../plugin';
import { WaitingForMyDecisionCard } from './WaitingForMyDecisionCard';

jest.setTimeout(30_000);

const DEVELOPER = [
  promotionsRequestReadPermission.name,
  promotionsRequestCreatePermission.name,
];

const minutesAgo = (n: number) => hoursAgo(n / 60);

describe('the "Waiting for my decision" home card', () => {
  it('lists the requests the user may decide, oldest first, with age, agent or app, environments and tenant, each linked to its page', async () => {
    const newer = promotionRequest({
      target: 'app:default/billing-sync',
      tenant: 'globex',
      version: '2.0.0',
      sourceEnvironment: 'development',
      targetEnvironment: 'staging',
      requestedAt: minutesAgo(12),
    });
    const older = promotionRequest({ requestedAt: hoursAgo(3.5) });
    const notMine = promotionRequest({
      target: 'agent:default/invoice-extractor',
    });
    const backend = fakePromotionsBackend({
      requests: [newer, older, notMine],
      decidable: [newer.id, older.id],
    });
    await renderPromotions(<WaitingForMyDecisionCard />, { backend });

    const first = await screen.findByRole('link', {
      name: 'support-triage 1.4.2',
    });
    expect(first).toHaveAttribute('href', `/promotions/requests/${older.id}`);
    expect(first.closest('li')).toHaveTextContent(
      'acme · staging → production · waiting 3 hours',
    );
    const second = screen.getByRole('link', {
      name: 'billing-sync 2.0.0',
    });
    expect(second).toHaveAttribute('href', `/promotions/requests/${newer.id}`);
    expect(second.closest('li')).toHaveTextContent(
      'globex · development → staging · waiting 12 minutes',
    );
    // Oldest first, as the backend answers; nothing else.
    expect(
      first.compareDocumentPosition(second) & Node.DOCUMENT_POSITION_FOLLOWING,
    ).toBeTruthy();
    expect(screen.queryByText(/invoice-extractor/)).toBeNull();
    expect(
      screen.getByRole('link', { name: 'Open the inbox' }),
    ).toHaveAttribute('href', '/promotions/inbox');

    const [waiting] = backend
      .requestsTo('GET', '/requests')
      .filter(r => r.query.get('decidable') === 'true');
    expect(waiting.query.get('limit')).toBe('5');
  });

  describe("today's decisions", () => {
    // Noon of the user's day, so "today" holds every time below.
    const noon = new Date();
    noon.setHours(12, 0, 0, 0);
    const minutesBeforeNoon = (n: number) =>
      new Date(noon.getTime() - n * 60_000).toISOString();
    beforeEach(() => {
      Settings.now = () => noon.getTime();
    });
    afterEach(() => {
      Settings.now = () => Date.now();
    });

    it("counts today's decisions of the requests in reach and shows the latest with their outcome", async () => {
      const approved = promotionRequest({
        target: 'agent:default/invoice-extractor',
        version: '0.9.0',
        status: 'applied',
        decidedAt: minutesBeforeNoon(30),
      });
      const rejected = promotionRequest({
        status: 'rejected',
        decidedAt: minutesBeforeNoon(5),
      });
      const yesterday = promotionRequest({
        target: 'app:default/billing-sync',
        status: 'approved',
        decidedAt: minutesBeforeNoon(13 * 60),
      });
      const withdrawn = promotionRequest({
        target: 'agent:default/sales-assistant',
        status: 'withdrawn',
        decidedAt: minutesBeforeNoon(1),
      });
      const backend = fakePromotionsBackend({
        requests: [approved, rejected, yesterday, withdrawn],
        decidable: [],
      });
      await renderPromotions(<WaitingForMyDecisionCard />, { backend });

      expect(
        await screen.findByText('Nothing waits for your decision.'),
      ).toBeInTheDocument();
      expect(
        screen.getByRole('heading', { name: 'Decided today: 2' }),
      ).toBeInTheDocument();
      const latest = screen.getByRole('link', {
        name: 'support-triage 1.4.2',
      });
      expect(latest).toHaveAttribute(
        'href',
        `/promotions/requests/${rejected.id}`,
      );
      const latestItem = latest.closest('li')!;
      expect(latestItem).toHaveTextContent('decided 5 minutes ago');
      expect(within(latestItem).getByText('rejected')).toBeInTheDocument();
      const earlier = screen.getByRole('link', {
        name: 'invoice-extractor 0.9.0',
      });
      expect(earlier.closest('li')).toHaveTextContent('applied');
      expect(screen.queryByText(/billing-sync|sales-assistant/)).toBeNull();

      // One question: the outcomes of decisions since the start of the day.
      const [decided] = backend
        .requestsTo('GET', '/requests')
        .filter(r => r.query.has('decidedSince'));
      expect(decided.query.get('status')).toBe('approved,applied,rejected');
      const since = new Date(decided.query.get('decidedSince')!);
      const midnight = new Date(noon);
      midnight.setHours(0, 0, 0, 0);
      expect(since.getTime()).toBe(midnight.getTime());
    });
  });

  it('says when nothing was decided today', async () => {
    await renderPromotions(<WaitingForMyDecisionCard />, {
      backend: fakePromotionsBackend({ requests: [] }),
    });
    expect(
      await screen.findByText('Nothing waits for your decision.'),
    ).toBeInTheDocument();
    expect(
      screen.getByRole('heading', { name: 'Decided today: 0' }),
    ).toBeInTheDocument();
    expect(screen.getByText('Nothing decided today yet.')).toBeInTheDocument();
  });

  it('offers more in the inbox when more requests wait than it shows', async () => {
    const many = Array.from({ length: 7 }, (_, i) =>
      promotionRequest({ requestedAt: hoursAgo(10 - i) }),
    );
    await renderPromotions(<WaitingForMyDecisionCard />, {
      backend: fakePromotionsBackend({ requests: many }),
    });
    expect(
      await screen.findByRole('link', { name: 'More in the inbox' }),
    ).toHaveAttribute('href', '/promotions/inbox');
    expect(
      screen.getAllByRole('link', { name: 'support-triage 1.4.2' }),
    ).toHaveLength(5);
  });

  it("shows the backend's error", async () => {
    const backend = fakePromotionsBackend();
    backend.respond('GET /requests', () =>
      errorResponse(503, 'ServiceUnavailableError', 'database unavailable'),
    );
    await renderPromotions(<WaitingForMyDecisionCard />, { backend });
    expect(
      await screen.findByText(/database unavailable \(503\)/),
    ).toBeInTheDocument();
  });

  describe('as a home card', () => {
    const widget = () =>
      createExtensionTester(waitingForMyDecisionCard).get(
        HomePageWidgetBlueprint.dataRefs.widget,
      );

    it('is for those who may approve, first among the work waiting for the user', () => {
      const tester = createExtensionTester(waitingForMyDecisionCard);
      const placement = tester.get(homeCardPlacementDataRef);
      expect(placement.permissions).toEqual(['promotions.request.approve']);
      expect(placement.order).toBeLessThan(100);
      expect(widget()).toMatchObject({
        name: 'PromotionsWaitingForMyDecision',
        title: 'Waiting for my decision',
      });
    });

    it('asks the backend nothing for a user who may not approve', async () => {
      const backend = fakePromotionsBackend({
        requests: [promotionRequest()],
      });
      await renderPromotionsWidget(widget().component, {
        backend,
        held: DEVELOPER,
      });
      expect(
        await screen.findByText(/promotions\.request\.approve/),
      ).toBeInTheDocument();
      expect(backend.requests).toHaveLength(0);
    });

    it('shows the requests to an approver', async () => {
      const backend = fakePromotionsBackend({
        requests: [promotionRequest()],
      });
      await renderPromotionsWidget(widget().component, { backend });
      expect(
        await screen.findByRole('link', {
          name: 'support-triage 1.4.2',
        }),
      ).toBeInTheDocument();
    });
  });
});
