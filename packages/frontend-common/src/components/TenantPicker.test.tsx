import { render, screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { TenantPicker } from './TenantPicker';

describe('TenantPicker', () => {
  it('offers the tenants in reach to choose from', async () => {
    const onChange = jest.fn();
    render(
      <TenantPicker
        id="tenant"
        tenants={['acme', 'globex']}
        value="acme"
        onChange={onChange}
      />,
    );
    await userEvent.click(screen.getByRole('button', { name: /Tenant/ }));
    await userEvent.click(
      await screen.findByRole('option', { name: 'globex' }),
    );
    expect(onChange).toHaveBeenCalledWith('globex');
  });

  it('passes a typed tenant on, trimmed, once typing pauses', async () => {
    const onChange = jest.fn();
    render(
      <TenantPicker id="tenant" tenants={[]} value="" onChange={onChange} />,
    );
    expect(screen.getByText('One of your tenants, e.g. acme')).toBeVisible();
    await userEvent.type(screen.getByLabelText('Tenant'), ' acme ');
    await waitFor(() => expect(onChange).toHaveBeenCalled());
    expect(onChange.mock.calls).toEqual([['acme']]);
  });
});
