import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { usePermission } from '@backstage/plugin-permission-react';
import { auditChainVerifyPermission } from '@controlplane/plugin-audit-common';
import { fakeAuditApi, renderWithApis } from '../__testUtils__';
import { ChainStatusCard } from './ChainStatusCard';

jest.setTimeout(30_000);

/** Says when the decision on audit.chain.verify, which the card asks too, is in. */
const PermissionDecided = () => {
  const { loading } = usePermission({
    permission: auditChainVerifyPermission,
  });
  return loading ? null : <p>audit.chain.verify decided</p>;
};

describe('ChainStatusCard', () => {
  it('reports an intact chain with its anchor, purged content and checkpoints', async () => {
    const api = fakeAuditApi({
      verification: {
        ok: true,
        checked: 1,
        contentPurged: 3,
        anchor: {
          status: 'checkpoint-verified',
          seq: 100,
          hash: 'a'.repeat(64),
        },
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
        signingKey: { keyId: 'key-1', publicKey: 'PEM', ephemeral: true },
      },
    });
    await renderWithApis(<ChainStatusCard onOpenRecord={jest.fn()} />, {
      api,
    });
    expect(
      await screen.findByText('Chain intact: 1 record verified'),
    ).toBeInTheDocument();
    expect(
      screen.getByText(
        'from a verified retention checkpoint · 3 past retention (links only) · 2 checkpoints verified',
      ),
    ).toBeInTheDocument();
    expect(
      await screen.findByText(/Latest signed checkpoint: record #2000/),
    ).toHaveTextContent('2026-03-03 12:00:00 UTC (key key-1)');
    expect(screen.getByText(/signing key is ephemeral/)).toBeInTheDocument();
    expect(api.listCheckpoints).toHaveBeenCalledWith({ limit: 1 });

    await userEvent.click(screen.getByRole('button', { name: 'Verify again' }));
    await waitFor(() => expect(api.verifyChain).toHaveBeenCalledTimes(2));
    expect(
      await screen.findByText('Chain intact: 1 record verified'),
    ).toBeInTheDocument();
  });

  it('reports a missing record (no id to open) and an invalid checkpoint', async () => {
    await renderWithApis(<ChainStatusCard onOpenRecord={jest.fn()} />, {
      api: fakeAuditApi({
        verification: {
          ok: false,
          checked: 41,
          firstBroken: { seq: 42, id: '', reason: 'missing-record' },
          checkpoints: {
            checked: 1,
            invalid: 1,
            firstInvalid: { seq: 40, reason: 'bad signature' },
          },
        },
      }),
    });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent(
      'First broken link at record #42: missing-record',
    );
    expect(alert).toHaveTextContent(
      'First invalid checkpoint at #40: bad signature',
    );
    expect(alert).toHaveTextContent('41 records checked.');
    expect(
      screen.queryByRole('button', { name: 'Open record' }),
    ).not.toBeInTheDocument();
  });

  it('shows nothing without audit.chain.verify', async () => {
    const api = fakeAuditApi();
    await renderWithApis(
      <>
        <ChainStatusCard onOpenRecord={jest.fn()} />
        <PermissionDecided />
      </>,
      { api, deny: ['audit.chain.verify'] },
    );
    await screen.findByText('audit.chain.verify decided');
    expect(screen.queryByText('Hash chain')).not.toBeInTheDocument();
    expect(api.verifyChain).not.toHaveBeenCalled();
  });

  it('lists every broken range and acknowledges one with a reason', async () => {
    const api = fakeAuditApi({
      verification: {
        ok: false,
        checked: 20,
        firstBroken: { seq: 12, id: 'r12', reason: 'metadata-altered' },
        brokenRanges: [
          {
            fromSeq: 7,
            toSeq: 7,
            reasons: ['content-altered'],
            acknowledged: true,
            acknowledgementId: 'ack-0',
          },
          {
            fromSeq: 12,
            toSeq: 14,
            reasons: ['metadata-altered', 'broken-link'],
            acknowledged: false,
          },
        ],
      },
    });
    await renderWithApis(<ChainStatusCard onOpenRecord={jest.fn()} />, {
      api,
    });
    const list = await screen.findByRole('list', { name: 'broken ranges' });
    expect(list).toHaveTextContent('#7: content-altered (acknowledged)');
    expect(list).toHaveTextContent('#12 to #14: metadata-altered, broken-link');
    const acknowledge = await screen.findByRole('button', {
      name: 'Acknowledge',
    });
    expect(acknowledge).toBeDisabled();
    await userEvent.type(
      screen.getByLabelText('Reason for #12 to #14'),
      'Incident 43',
    );
    await userEvent.click(acknowledge);
    await waitFor(() =>
      expect(api.acknowledgeBrokenRange).toHaveBeenCalledWith({
        fromSeq: 12,
        toSeq: 14,
        reason: 'Incident 43',
      }),
    );
    // Verified again after the acknowledgement.
    await waitFor(() => expect(api.verifyChain).toHaveBeenCalledTimes(2));
  });

  it('offers no Acknowledge action without audit.chain.acknowledge', async () => {
    await renderWithApis(
      <>
        <ChainStatusCard onOpenRecord={jest.fn()} />
        <PermissionDecided />
      </>,
      {
        api: fakeAuditApi({
          verification: {
            ok: false,
            brokenRanges: [
              {
                fromSeq: 3,
                toSeq: 3,
                reasons: ['hash-altered'],
                acknowledged: false,
              },
            ],
          },
        }),
        deny: ['audit.chain.acknowledge'],
      },
    );
    expect(
      await screen.findByRole('list', { name: 'broken ranges' }),
    ).toHaveTextContent('#3: hash-altered');
    await screen.findByText('audit.chain.verify decided');
    expect(
      screen.queryByRole('button', { name: 'Acknowledge' }),
    ).not.toBeInTheDocument();
  });
});
