jest.setTimeout(30_000);

import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  fakeTenantsApi,
  invitation,
  renderWithApis,
  responseError,
  tenant,
} from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { TenantsPage } from './TenantsPage';

const render = (api = fakeTenantsApi()) => {
  renderWithApis(<TenantsPage />, {
    api,
    mountPath: '/tenants/*',
    initialRouteEntries: ['/tenants'],
    mountedRoutes: { '/tenants': rootRouteRef },
  });
  return api;
};

const openWizard = async () => {
  await userEvent.click(
    await screen.findByRole('button', { name: /provision tenant/i }),
  );
  return screen.getByRole('dialog');
};

const fillDetails = async (dialog: HTMLElement) => {
  await userEvent.type(within(dialog).getByLabelText(/^Name/), 'umbrella');
  await userEvent.type(
    within(dialog).getByLabelText(/^Domain/),
    'umbrella.example',
  );
  await userEvent.click(within(dialog).getByRole('button', { name: /Plan/ }));
  await userEvent.click(screen.getByRole('option', { name: 'professional' }));
};

describe('ProvisionWizard', () => {
  it('validates each step with clear messages', async () => {
    const api = render();
    const dialog = await openWizard();
    const next = within(dialog).getByRole('button', { name: 'Next' });

    await userEvent.click(next);
    expect(within(dialog).getByText('Enter a name')).toBeVisible();
    expect(within(dialog).getByText('Enter a domain')).toBeVisible();
    expect(within(dialog).getByText('Choose a plan')).toBeVisible();

    await userEvent.type(within(dialog).getByLabelText(/^Name/), 'Not Valid');
    await userEvent.type(within(dialog).getByLabelText(/^Domain/), 'nodots');
    await userEvent.click(next);
    expect(
      within(dialog).getByText(/Use lower-case letters, digits and dashes/),
    ).toBeVisible();
    expect(
      within(dialog).getByText(/Enter a lower-case domain name/),
    ).toBeVisible();
    // Still on the first step.
    expect(within(dialog).getByLabelText(/^Name/)).toBeVisible();

    await userEvent.clear(within(dialog).getByLabelText(/^Name/));
    await userEvent.clear(within(dialog).getByLabelText(/^Domain/));
    await fillDetails(dialog);
    await userEvent.click(next);

    const email = within(dialog).getByLabelText(/^Owner email/);
    await userEvent.type(email, 'not-an-email');
    await userEvent.click(next);
    expect(
      within(dialog).getByText('Enter a valid email address'),
    ).toBeVisible();
    await userEvent.clear(email);
    await userEvent.type(email, 'owner@umbrella.example');
    await userEvent.click(next);

    await userEvent.type(
      within(dialog).getByLabelText(/^Applications/),
      'Bad App',
    );
    await userEvent.click(next);
    expect(
      within(dialog).getByText(/"Bad" is not a valid application id/),
    ).toBeVisible();
    expect(api.provisionTenant).not.toHaveBeenCalled();
  });

  it('submits the reviewed tenant, opens it and shows the invitation link', async () => {
    const api = render();
    api.provisionTenant.mockResolvedValue({
      tenant: tenant('umbrella', { plan: 'professional' }),
      invitation: invitation('owner@umbrella.example', {
        role: 'owner',
        acceptUrl: 'http://localhost:3000/invitations/accept?token=abc',
      }),
    });
    api.getTenant.mockResolvedValue(tenant('umbrella'));
    const dialog = await openWizard();
    await fillDetails(dialog);
    await userEvent.type(
      within(dialog).getByLabelText(/^Display name/),
      'Umbrella Corp',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner email/),
      'owner@umbrella.example',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await userEvent.type(
      within(dialog).getByLabelText(/^Applications/),
      'support-triage, invoice-extractor',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));

    const review = within(dialog).getByLabelText('Review');
    expect(review).toHaveTextContent('Name: umbrella');
    expect(review).toHaveTextContent('Owner: owner@umbrella.example');
    expect(review).toHaveTextContent(
      'Applications: support-triage, invoice-extractor',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Provision' }),
    );
    expect(review).toHaveTextContent('Display name: Umbrella Corp');
    expect(api.provisionTenant).toHaveBeenCalledWith({
      name: 'umbrella',
      displayName: 'Umbrella Corp',
      domain: 'umbrella.example',
      plan: 'professional',
      ownerEmail: 'owner@umbrella.example',
      applications: ['support-triage', 'invoice-extractor'],
    });

    // The tenant page opens with the owner's invitation link.
    expect(
      await screen.findByRole('heading', { name: 'umbrella Corp' }),
    ).toBeVisible();
    expect(api.getTenant).toHaveBeenCalledWith('umbrella');
    expect(
      screen.getByRole('link', { name: /Owner invitation link/ }),
    ).toHaveAttribute(
      'href',
      'http://localhost:3000/invitations/accept?token=abc',
    );
    // Its organization settings load last; the wizard has closed.
    expect(
      await screen.findByLabelText('Session timeout (minutes)'),
    ).toHaveValue('480');
    expect(screen.queryByRole('dialog')).not.toBeInTheDocument();
  });

  it("shows the server's error and stays open", async () => {
    const api = render();
    api.provisionTenant.mockRejectedValue(
      await responseError(
        409,
        'a tenant with the domain umbrella.example exists',
      ),
    );
    const dialog = await openWizard();
    await fillDetails(dialog);
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await userEvent.type(
      within(dialog).getByLabelText(/^Owner email/),
      'owner@umbrella.example',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Next' }));
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Provision' }),
    );
    expect(
      await within(dialog).findByText(
        /a tenant with the domain umbrella\.example exists/,
      ),
    ).toBeVisible();
    expect(within(dialog).getByText(/Provisioning failed/)).toBeVisible();
    expect(screen.getByRole('dialog')).toBeVisible();
  });
});
