import { screen } from '@testing-library/react';
import { fakeTenantsApi, renderWithApis } from '../__testUtils__';
import { AuditTab } from './AuditTab';

describe('AuditTab', () => {
  it("lists the tenant's audit records", async () => {
    const api = fakeTenantsApi();
    api.listAuditRecords.mockResolvedValue([
      {
        id: 'r1',
        timestamp: '2026-06-01T10:00:00Z',
        actorId: 'user:default/oscar',
        action: 'tenants.tenant-suspended',
        outcome: 'success',
        resourceType: 'tenants-tenant',
        resourceId: 'acme',
      },
    ]);
    await renderWithApis(<AuditTab tenant="acme" />, { api });
    expect(await screen.findByText('tenants.tenant-suspended')).toBeVisible();
    expect(
      screen.getByRole('link', { name: 'Oscar Operator' }),
    ).toHaveAttribute('href', '/catalog/default/user/oscar');
    expect(api.listAuditRecords).toHaveBeenCalledWith('acme');
  });

  it('says so when the audit trail cannot be read', async () => {
    const api = fakeTenantsApi();
    api.listAuditRecords.mockRejectedValue(new Error('audit is not installed'));
    await renderWithApis(<AuditTab tenant="acme" />, { api });
    expect(await screen.findByRole('alert')).toHaveTextContent(
      'The audit trail is not available: audit is not installed',
    );
  });
});
