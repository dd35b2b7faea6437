import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeFlagsBackend, renderFlags } from '../__testUtils__';
import { FlagsMatrix } from './FlagsMatrix';

jest.setTimeout(30_000);

describe('FlagsMatrix', () => {
  it("shows each tenant's variant and the deciding layer in one environment", async () => {
    const backend = fakeFlagsBackend({
      matrix: {
        environment: 'production',
        flags: [
          {
            key: 'dark-mode',
            type: 'boolean',
            lifecycle: 'active',
            killed: false,
          },
          {
            key: 'payments',
            type: 'boolean',
            lifecycle: 'active',
            killed: true,
          },
        ],
        rows: [
          {
            tenant: 'acme',
            plan: 'enterprise',
            status: 'active',
            cells: {
              'dark-mode': { variant: 'on', layer: 'tenant' },
              payments: { variant: 'off', layer: 'kill-switch' },
            },
          },
        ],
      },
    });
    await renderFlags(<FlagsMatrix />, { backend });
    const table = await screen.findByRole('table', {
      name: 'Flags per tenant in production',
    });
    expect(
      await within(table).findByLabelText('acme dark-mode'),
    ).toHaveTextContent('ontenant');
    expect(within(table).getByLabelText('acme payments')).toHaveTextContent(
      'offkill-switch',
    );
    expect(within(table).getByText('payments (killed)')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: /Environment/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'staging' }),
    );
    await waitFor(() =>
      expect(
        backend
          .requestsTo('GET', '/matrix')
          .map(r => r.query.get('environment')),
      ).toEqual(['production', 'staging']),
    );
    await screen.findByRole('table', { name: 'Flags per tenant in staging' });
  });
});
