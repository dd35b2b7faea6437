import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { promotionsRequestReadPermission } from '@controlplane/plugin-promotions-common';
import {
  fakePromotionsBackend,
  renderPromotions,
  rule,
} from '../__testUtils__';
import { PromotionsPage } from './PromotionsPage';

jest.setTimeout(30_000);

const renderRules = (backend = fakePromotionsBackend(), held?: string[]) =>
  renderPromotions(<PromotionsPage />, {
    backend,
    held,
    path: '/promotions/rules',
    mountPath: '/promotions/*',
  });

describe('rules and policies', () => {
  it('lists the rules with their conditions, and the policies', async () => {
    await renderRules();
    const rules = await screen.findByRole('table', { name: 'Rules' });
    const row = (
      await within(rules).findByText('green builds to staging')
    ).closest('tr')!;
    expect(row).toHaveTextContent('development → staging');
    expect(row).toHaveTextContent('tests pass, coverage ≥ 80%');
    expect(
      within(row).getByRole('link', { name: 'Agents team' }),
    ).toHaveAttribute('href', '/catalog/default/group/team-agents');
    const policies = screen.getByRole('table', { name: 'Policies' });
    const production = (
      await within(policies).findByText('production')
    ).closest('tr')!;
    expect(production).toHaveTextContent('Release approvers');
    expect(production).toHaveTextContent('72 h');
  });

  it('creates a rule with its conditions', async () => {
    const backend = fakePromotionsBackend({ rules: [] });
    await renderRules(backend);
    await userEvent.click(
      await screen.findByRole('button', { name: 'New rule' }),
    );
    const dialog = await screen.findByRole('dialog');
    await userEvent.type(
      within(dialog).getByLabelText(/^Name/),
      'to production',
    );
    await userEvent.click(
      within(dialog).getByRole('button', { name: /From environment/ }),
    );
    await userEvent.click(
      await screen.findByRole('option', { name: 'staging' }),
    );
    expect(
      within(dialog).getByText('Promotions to production'),
    ).toBeInTheDocument();
    await userEvent.type(
      within(dialog).getByLabelText(/^Minimum coverage/),
      '90',
    );
    await userEvent.click(
      within(dialog).getByLabelText(
        'Approve automatically when the conditions hold',
      ),
    );
    await userEvent.type(
      within(dialog).getByLabelText(/^Notify/),
      'group:default/release-managers, user:default/april',
    );
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('POST', '/rules')[0].body).toEqual({
      name: 'to production',
      sourceEnvironment: 'staging',
      targetEnvironment: 'production',
      conditions: {
        allTestsPassed: true,
        minCodeCoverage: 90,
        noCriticalVulnerabilities: true,
      },
      autoApprove: false,
      notify: ['group:default/release-managers', 'user:default/april'],
      active: true,
    });
    expect(
      await within(screen.getByRole('table', { name: 'Rules' })).findByText(
        'to production',
      ),
    ).toBeInTheDocument();
  });

  it('turns a rule off, and refuses a coverage over 100', async () => {
    const existing = rule();
    const backend = fakePromotionsBackend({ rules: [existing] });
    await renderRules(backend);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Edit rule green builds to staging',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const coverage = within(dialog).getByLabelText(/^Minimum coverage/);
    expect(coverage).toHaveValue('80');
    await userEvent.clear(coverage);
    await userEvent.type(coverage, '101');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'Minimum coverage must be a number from 0 to 100',
      ),
    ).toBeInTheDocument();
    expect(backend.requestsTo('PUT', `/rules/${existing.id}`)).toHaveLength(0);

    await userEvent.clear(coverage);
    await userEvent.click(within(dialog).getByLabelText('Active'));
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(
      backend.requestsTo('PUT', `/rules/${existing.id}`)[0].body,
    ).toMatchObject({
      conditions: { allTestsPassed: true, noCriticalVulnerabilities: false },
      active: false,
    });
  });

  it('changes a policy within its bounds', async () => {
    const backend = fakePromotionsBackend();
    await renderRules(backend);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Edit the policy of production',
      }),
    );
    const dialog = await screen.findByRole('dialog');
    const approvals = within(dialog).getByLabelText(/^Approvals required/);
    await userEvent.clear(approvals);
    await userEvent.type(approvals, '6');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    expect(
      await within(dialog).findByText(
        'Approvals required must be a whole number from 0 to 5',
      ),
    ).toBeInTheDocument();
    await userEvent.clear(approvals);
    await userEvent.type(approvals, '2');
    await userEvent.click(within(dialog).getByRole('button', { name: 'Save' }));
    await waitFor(() => expect(screen.queryByRole('dialog')).toBeNull());
    expect(backend.requestsTo('PUT', '/policies/production')[0].body).toEqual({
      approvalsRequired: 2,
      approverGroups: ['group:default/approvers'],
      expiresAfterHours: 72,
    });
  });

  it('offers no changes to those who may only read', async () => {
    const { access } = await renderRules(fakePromotionsBackend(), [
      promotionsRequestReadPermission.name,
    ]);
    await screen.findByText('green builds to staging');
    await waitFor(() => expect(access.reach).toHaveBeenCalled());
    expect(screen.queryByRole('button', { name: 'New rule' })).toBeNull();
    expect(screen.queryByRole('button', { name: /^Edit/ })).toBeNull();
  });
});
