import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeIncidentsBackend, renderIncidents } from '../__testUtils__';
import { IncidentsPage } from './IncidentsPage';

jest.setTimeout(30_000);

const openDialog = async (backend = fakeIncidentsBackend()) => {
  await renderIncidents(<IncidentsPage />, {
    backend,
    path: '/incidents',
    mountPath: '/incidents/*',
  });
  await userEvent.click(
    await screen.findByRole('button', { name: 'New incident' }),
  );
  return screen.findByRole('dialog');
};

const choose = async (dialog: HTMLElement, label: string, option: RegExp) => {
  await userEvent.click(within(dialog).getByLabelText(label));
  await userEvent.click(await screen.findByRole('option', { name: option }));
};

describe('the create dialog', () => {
  it('needs a title, and refuses a bad tenant, entity or assignee before sending', async () => {
    const backend = fakeIncidentsBackend();
    const dialog = await openDialog(backend);
    const submit = within(dialog).getByRole('button', {
      name: 'Open incident',
    });
    expect(submit).toBeDisabled();
    await userEvent.type(within(dialog).getByLabelText(/^Title/), '   ');
    expect(submit).toBeDisabled();

    await userEvent.type(within(dialog).getByLabelText(/^Title/), 'Slow');
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'Acme Inc');
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText(/"Acme Inc" is not a tenant name/),
    ).toBeInTheDocument();

    await userEvent.clear(within(dialog).getByLabelText(/^Tenant/));
    await userEvent.type(
      within(dialog).getByLabelText(/^Affected entities/),
      'support triage',
    );
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText(
        /"support triage" is not a catalog entity/,
      ),
    ).toBeInTheDocument();

    // The typed entity became a chip; Backspace in the empty field removes it.
    await userEvent.type(
      within(dialog).getByLabelText(/^Affected entities/),
      '{backspace}',
    );
    expect(within(dialog).queryByText('support triage')).toBeNull();
    await userEvent.type(within(dialog).getByLabelText(/^Assignee/), 'a b');
    await userEvent.click(submit);
    expect(
      await within(dialog).findByText(/"a b" is not a user/),
    ).toBeInTheDocument();
    expect(backend.requestsTo('POST', '/incidents')).toHaveLength(0);
  });

  it('opens the incident with severity apart from priority, and shows its page', async () => {
    const backend = fakeIncidentsBackend();
    const dialog = await openDialog(backend);
    await userEvent.type(
      within(dialog).getByLabelText(/^Title/),
      'Checkout fails for acme',
    );
    await choose(dialog, 'Severity', /^SEV1/);
    await choose(dialog, 'Priority', /^High$/);
    await choose(dialog, 'Category', /^billing$/);
    await userEvent.type(within(dialog).getByLabelText(/^Tenant/), 'acme');
    await userEvent.type(
      within(dialog).getByLabelText(/^Affected tenants/),
      'globex, acme',
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Affected entities/),
      'agent:support-triage, app:default/billing-sync',
    );
    await userEvent.type(within(dialog).getByLabelText(/^Assignee/), 'sam');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Open incident' }),
    );

    expect(
      await screen.findByRole('heading', { name: 'Checkout fails for acme' }),
    ).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('POST', '/incidents')[0].body).toEqual({
      title: 'Checkout fails for acme',
      severity: 'SEV1',
      priority: 'high',
      category: 'billing',
      tenant: 'acme',
      affectedTenants: ['globex', 'acme'],
      entities: ['agent:default/support-triage', 'app:default/billing-sync'],
      assignee: 'user:default/sam',
    });
    expect(screen.getByLabelText('Severity')).toHaveTextContent('SEV1');
    expect(screen.getByLabelText('Priority')).toHaveTextContent('High');
  });
});
