import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAuditApi, record, renderWithApis } from '../__testUtils__';
import { AuditRecordsTable } from './AuditRecordsTable';

const renderTable = (onOpen: (id: string) => void) =>
  renderWithApis(
    <AuditRecordsTable
      label="Records"
      records={[
        record({
          id: 'by-app',
          action: 'billing.usage-report',
          source: 'app:billing-sync',
          actorId: 'app:billing-sync',
          actorType: 'app',
        }),
        record({
          id: 'by-tenant-user',
          action: 'tenants.password-change',
          source: 'plugin:tenants',
          actorId: 'tenant-user:acme/u-17',
        }),
        record({ id: 'by-ada', action: 'rbac.role-grant' }),
      ]}
      hasMore={false}
      loadingMore={false}
      onLoadMore={jest.fn()}
      onOpen={onOpen}
      emptyMessage="No records"
    />,
    { api: fakeAuditApi() },
  );

const rowOf = async (action: string) =>
  (await screen.findByText(action)).closest('tr')!;

describe('AuditRecordsTable', () => {
  it('names each actor: catalog entities by name with a link, other actors in words', async () => {
    const onOpen = jest.fn();
    await renderTable(onOpen);

    const ada = await rowOf('rbac.role-grant');
    expect(
      within(ada).getByRole('link', { name: 'Ada Admin' }),
    ).toHaveAttribute('href', '/catalog/default/user/ada');
    // The portal's own plugins are not named as the source.
    expect(ada).not.toHaveTextContent('from');

    const app = await rowOf('billing.usage-report');
    const appLinks = within(app).getAllByRole('link', { name: 'billing-sync' });
    // The app as actor and as the source of the event.
    expect(appLinks).toHaveLength(2);
    for (const link of appLinks) {
      expect(link).toHaveAttribute('href', '/catalog/default/app/billing-sync');
    }

    const tenantUser = await rowOf('tenants.password-change');
    expect(
      within(tenantUser).getByText('u-17 (acme tenant user)'),
    ).toBeVisible();
    expect(within(tenantUser).queryByRole('link', { name: /u-17/ })).toBeNull();
    expect(onOpen).not.toHaveBeenCalled();
  });

  it('opens the record from its row, not from the link to the actor', async () => {
    const onOpen = jest.fn();
    await renderTable(onOpen);
    // The actor's link first, then the row of another record: the table
    // calls back for clicks in order, so only the second one may open.
    await userEvent.click(
      within(await rowOf('rbac.role-grant')).getByRole('link', {
        name: 'Ada Admin',
      }),
    );
    await userEvent.click(await screen.findByText('tenants.password-change'));
    await waitFor(() => expect(onOpen).toHaveBeenCalled());
    expect(onOpen.mock.calls).toEqual([['by-tenant-user']]);
  });
});
