import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promotionsRequestReadPermission } from '@controlplane/plugin-promotions-common';
import {
  fakePromotionsBackend,
  promotionRequest,
  renderPromotions,
} from '../__testUtils__';
import { PromotionsPage } from './PromotionsPage';

jest.setTimeout(30_000);

const TARGET = 'agent:default/support-triage';

const renderPipeline = (
  backend = fakePromotionsBackend(),
  held?: string[],
  target: string | undefined = TARGET,
) =>
  renderPromotions(<PromotionsPage />, {
    backend,
    held,
    path: target
      ? `/promotions/pipeline?target=${encodeURIComponent(target)}`
      : '/promotions/pipeline',
    mountPath: '/promotions/*',
  });

describe('the pipeline', () => {
  it('shows the version and drift per tenant and environment', async () => {
    const backend = fakePromotionsBackend();
    await renderPipeline(backend);
    const grid = await screen.findByRole('table', {
      name: 'Deployments of support-triage',
    });
    const acme = await within(grid).findByLabelText('acme production');
    expect(acme).toHaveTextContent('1.4.1');
    expect(acme).toHaveTextContent('drifted: runs 1.3.9');
    expect(within(grid).getByLabelText('acme staging')).toHaveTextContent(
      /1\.4\.2\s*in sync/,
    );
    expect(within(grid).getByLabelText('acme development')).toHaveTextContent(
      /1\.5\.0-rc\.1\s*unknown/,
    );
    expect(within(grid).getByLabelText('globex production')).toHaveTextContent(
      'silent',
    );
    expect(within(grid).queryByLabelText('globex staging')).toBeNull();
    expect(
      backend
        .requestsTo('GET', '/deployments')
        .some(r => r.query.get('target') === TARGET),
    ).toBe(true);
  });

  it('lists the open requests and the history of the target', async () => {
    const backend = fakePromotionsBackend({
      requests: [
        promotionRequest({ version: '1.4.2' }),
        promotionRequest({ version: '1.4.1', status: 'applied' }),
        promotionRequest({
          target: 'app:default/billing-sync',
          version: '9.9.9',
        }),
      ],
    });
    await renderPipeline(backend);
    const open = await screen.findByRole('table', { name: 'Open requests' });
    expect(await within(open).findByText('1.4.2')).toBeInTheDocument();
    const history = screen.getByRole('table', { name: 'History' });
    expect(await within(history).findByText('1.4.1')).toBeInTheDocument();
    expect(screen.queryByText('9.9.9')).toBeNull();
    const statuses = backend
      .requestsTo('GET', '/requests')
      .map(r => r.query.get('status'));
    expect(statuses).toEqual(
      expect.arrayContaining(['requested,approved', 'applied,rejected']),
    );
  });

  it('asks for a rollback with a reason and opens the rollback request', async () => {
    const backend = fakePromotionsBackend();
    await renderPipeline(backend);
    const production = backend.deployments.find(
      d => d.tenant === 'acme' && d.environment === 'production',
    )!;
    const button = await screen.findByRole('button', {
      name: 'Roll back acme production to 1.4.0',
    });
    // Only deployments with a previous version can be rolled back.
    expect(screen.getAllByRole('button', { name: /^Roll back/ })).toHaveLength(
      1,
    );
    await userEvent.click(button);
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Reason/),
      'drift after deploy',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Request rollback' }),
    );
    expect(
      await screen.findByRole('heading', {
        name: 'support-triage 1.4.0 to production',
      }),
    ).toBeInTheDocument();
    expect(
      backend.requestsTo('POST', `/deployments/${production.id}/rollback`)[0]
        .body,
    ).toEqual({ reason: 'drift after deploy' });
  });

  it('offers no rollback without promotions.request.create', async () => {
    const { access } = await renderPipeline(fakePromotionsBackend(), [
      promotionsRequestReadPermission.name,
    ]);
    await screen.findByLabelText('acme production');
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: /^Roll back/ })).toBeNull();
  });

  it('picks the target among the deployed ones', async () => {
    const backend = fakePromotionsBackend();
    await renderPipeline(backend, undefined, '');
    expect(
      await screen.findByText(/Choose an agent or app to see/),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: /Agent or app/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'support-triage' }),
    );
    expect(await screen.findByLabelText('acme production')).toHaveTextContent(
      '1.4.1',
    );
  });
});
