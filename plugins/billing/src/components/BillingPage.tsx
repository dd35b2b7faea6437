import { Route, Routes } from 'react-router-dom';
import { BillingHome } from './BillingHome';
import { TenantBilling } from './TenantBilling';

/**
 * The billing page: every tenant in reach at `/billing`, one tenant's
 * usage, quotas, budget, periods and credits at `/billing/tenants/:tenant`.
 */
export const BillingPage = () => (
  <Routes>
    <Route path="/" element={<BillingHome />} />
    <Route path="/tenants/:tenant" element={<TenantBilling />} />
  </Routes>
);
