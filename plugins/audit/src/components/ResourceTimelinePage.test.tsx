import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { fakeAuditApi, record, renderWithApis } from '../__testUtils__';
import { rootRouteRef } from '../routes';
import { AuditPage } from './AuditPage';

const render = (api: ReturnType<typeof fakeAuditApi>, path: string) =>
  renderWithApis(<AuditPage />, {
    api,
    mountPath: '/audit/*',
    initialRouteEntries: [path],
    mountedRoutes: { '/audit': rootRouteRef },
  });

jest.setTimeout(30_000);

describe('ResourceTimelinePage', () => {
  it("shows a resource's history, newest first, and opens an entry", async () => {
    const api = fakeAuditApi({
      records: [
        record({
          id: 'r2',
          action: 'rbac.role-member-add',
          actorId: 'user:default/ada',
          resourceType: 'rbac-role',
          resourceId: 'operator',
          metadata: { before: ['a'], after: ['a', 'b'] },
        }),
        record({
          id: 'r1',
          action: 'rbac.role-create',
          actorId: 'user:default/root',
          resourceType: 'rbac-role',
          resourceId: 'operator',
        }),
        record({ id: 'r0', resourceType: 'rbac-role', resourceId: 'other' }),
      ],
    });
    render(api, '/audit/resource?type=rbac-role&id=operator');
    expect(
      await screen.findByRole('heading', {
        name: 'History of rbac-role operator',
      }),
    ).toBeInTheDocument();
    const timeline = await screen.findByRole('table', {
      name: 'resource timeline',
    });
    const entries = await within(timeline).findAllByRole('button');
    expect(entries.map(e => e.getAttribute('aria-label'))).toEqual([
      'rbac.role-member-add by Ada Admin',
      'rbac.role-create by root',
    ]);
    expect(api.getResourceTimeline).toHaveBeenCalledWith(
      'rbac-role',
      'operator',
      { limit: 50, cursor: undefined },
    );

    await userEvent.click(entries[0]);
    expect(
      await screen.findByRole('dialog', {
        name: 'Audit record: rbac.role-member-add',
      }),
    ).toBeInTheDocument();
  });

  it('says when a resource has no history', async () => {
    render(fakeAuditApi(), '/audit/resource?type=tenant&id=ghost');
    expect(await screen.findByText('No history')).toBeInTheDocument();
  });
});
