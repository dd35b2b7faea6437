import { screen, within } from '@testing-library/react';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { HomePageWidgetBlueprint } from '@backstage/plugin-home-react/alpha';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import {
  promotionsRequestApprovePermission,
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
import { myPendingPromotionsCard } from '../plugin';
import { MyPendingPromotionsCard } from './MyPendingPromotionsCard';

jest.setTimeout(30_000);

const APPROVER = [
  promotionsRequestReadPermission.name,
  promotionsRequestApprovePermission.name,
];

describe('the "My pending promotions" home card', () => {
  it("lists the user's open requests with their status, each linked to its page", async () => {
    const waiting = promotionRequest({
      requestedAt: hoursAgo(26),
      approvalsRequired: 2,
      approvals: 1,
    });
    const held = promotionRequest({
      target: 'app:default/billing-sync',
      version: '2.0.0',
      tenant: 'globex',
      status: 'approved',
      approvals: 1,
      requestedAt: hoursAgo(2),
    });
    const done = promotionRequest({
      target: 'agent:default/invoice-extractor',
      status: 'applied',
    });
    const someoneElses = promotionRequest({
      target: 'agent:default/sales-assistant',
      requestedBy: 'user:default/dora',
    });
    const backend = fakePromotionsBackend({
      requests: [waiting, held, done, someoneElses],
    });
    await renderPromotions(<MyPendingPromotionsCard />, { backend });

    const first = await screen.findByRole('link', {
      name: 'support-triage 1.4.2',
    });
    expect(first).toHaveAttribute('href', `/promotions/requests/${waiting.id}`);
    const firstItem = first.closest('li')!;
    expect(firstItem).toHaveTextContent(
      'acme · staging → production · requested 1 day ago · 1 / 2 approvals',
    );
    expect(within(firstItem).getByText('requested')).toBeInTheDocument();
    const second = screen.getByRole('link', { name: 'billing-sync 2.0.0' });
    expect(second).toHaveAttribute('href', `/promotions/requests/${held.id}`);
    expect(within(second.closest('li')!).getByText('approved')).toBeVisible();
    expect(screen.queryByText(/invoice-extractor|sales-assistant/)).toBeNull();
    expect(screen.getByRole('link', { name: 'All requests' })).toHaveAttribute(
      'href',
      '/promotions/requests',
    );

    const [asked] = backend.requestsTo('GET', '/requests');
    expect(asked.query.get('mine')).toBe('true');
    expect(asked.query.get('status')).toBe('requested,approved');
  });

  it('says when the user has no open request', async () => {
    await renderPromotions(<MyPendingPromotionsCard />, {
      backend: fakePromotionsBackend({
        requests: [promotionRequest({ status: 'applied' })],
      }),
    });
    expect(
      await screen.findByText('You have no open promotion requests.'),
    ).toBeInTheDocument();
  });

  it("shows the backend's error", async () => {
    const backend = fakePromotionsBackend();
    backend.respond('GET /requests', () =>
      errorResponse(
        403,
        'NotAllowedError',
        'promotions.request.read is needed',
      ),
    );
    await renderPromotions(<MyPendingPromotionsCard />, { backend });
    expect(
      await screen.findByText(/promotions\.request\.read is needed \(403\)/),
    ).toBeInTheDocument();
  });

  describe('as a home card', () => {
    const tester = () => createExtensionTester(myPendingPromotionsCard);

    it('is for those who ask for promotions, among the work waiting for the user', () => {
      const placement = tester().get(homeCardPlacementDataRef);
      expect(placement.permissions).toEqual(['promotions.request.create']);
      expect(placement.order).toBeLessThan(100);
    });

    it('asks the backend nothing for a user who does not ask for promotions', async () => {
      const backend = fakePromotionsBackend({
        requests: [promotionRequest()],
      });
      await renderPromotionsWidget(
        tester().get(HomePageWidgetBlueprint.dataRefs.widget).component,
        { backend, held: APPROVER },
      );
      expect(
        await screen.findByText(/promotions\.request\.create/),
      ).toBeInTheDocument();
      expect(backend.requests).toHaveLength(0);
    });
  });
});
