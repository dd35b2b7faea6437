import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { useLocation } from 'react-router-dom';
import { createExtensionTester } from '@backstage/frontend-test-utils';
import { homeCardPlacementDataRef } from '@controlplane/frontend-common';
import { fakeAuditApi, renderWithApis } from '../__testUtils__';
import { auditChainCard } from '../plugin';
import { rootRouteRef } from '../routes';
import { AuditChainCard } from './AuditChainCard';

jest.setTimeout(30_000);

/** Where the card led: path and query. */
const Location = () => {
  const { pathname, search } = useLocation();
  return <div data-testid="location">{`${pathname}${search}`}</div>;
};

const render = (api: ReturnType<typeof fakeAuditApi>) =>
  renderWithApis(
    <>
      <AuditChainCard />
      <Location />
    </>,
    { api, mountedRoutes: { '/audit': rootRouteRef } },
  );

describe('the "Audit chain" home card', () => {
  it('shows the verified chain, when it was verified and the latest checkpoint', async () => {
    const api = fakeAuditApi({
      verification: {
        ok: true,
        checked: 3,
        checkpoints: { checked: 2, invalid: 0 },
      },
      checkpoints: {
        checkpoints: [
          {
            seq: 2000,
            hash: 'c'.repeat(64),
            signature: 'sig',
            keyId: 'key-1',
            publicKey: 'PEM',
            kind: 'interval',
            createdAt: '2026-03-03T12:00:00.000Z',
          },
        ],
        signingKey: { keyId: 'key-1', publicKey: 'PEM', ephemeral: false },
      },
    });
    await render(api);
    expect(
      await screen.findByText('Chain intact: 3 records verified'),
    ).toBeInTheDocument();
    expect(screen.getByText(/2 checkpoints verified/)).toBeInTheDocument();
    expect(
      screen.getByText(/^Last verified \d{4}-\d\d-\d\d /),
    ).toHaveTextContent(/UTC$/);
    expect(
      await screen.findByText(/Latest signed checkpoint: record #2000/),
    ).toHaveTextContent('2026-03-03 12:00:00 UTC (key key-1)');
    expect(
      screen.getByRole('link', { name: 'Open the audit trail' }),
    ).toHaveAttribute('href', '/audit');

    await userEvent.click(screen.getByRole('button', { name: 'Verify again' }));
    await waitFor(() => expect(api.verifyChain).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByText('Chain intact: 3 records verified'),
    ).toBeInTheDocument();
  });

  it('opens the first broken record on the audit page', async () => {
    await render(
      fakeAuditApi({
        verification: {
          ok: false,
          checked: 8,
          firstBroken: { seq: 9, id: 'rec-9', reason: 'hash-mismatch' },
        },
      }),
    );
    expect(await screen.findByText('Chain broken')).toBeInTheDocument();
    expect(
      screen.getByText(
        /First broken link at record #9 \(rec-9\): hash-mismatch/,
      ),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Open record' }));
    expect(await screen.findByTestId('location')).toHaveTextContent(
      '/audit?record=rec-9',
    );
  });

  it("shows the backend's error", async () => {
    const api = fakeAuditApi();
    api.verifyChain.mockRejectedValue(new Error('verification unavailable'));
    await render(api);
    expect(
      (await screen.findAllByText(/verification unavailable/)).length,
    ).toBeGreaterThan(0);
    expect(screen.queryByText(/Last verified/)).toBeNull();
  });

  it('is a home card for holders of audit.chain.verify, among what is at risk', () => {
    const placement = createExtensionTester(auditChainCard).get(
      homeCardPlacementDataRef,
    );
    expect(placement.permissions).toEqual(['audit.chain.verify']);
    expect(placement.order).toBeGreaterThanOrEqual(100);
    expect(placement.order).toBeLessThan(200);
  });
});
