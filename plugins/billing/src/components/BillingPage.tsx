import { Route, Routes } from 'react-router-dom';
import { BillingHome } from './BillingHome';

/**
 * The billing page: every tenant in reach at `/billing`, one tenant's
 * usage, quotas, budget, periods and credits at `/billing/tenants/:tenant`
 * (`/billing/tenants`: the first in reach, or one to type).
 */
export const BillingPage = () => (
  <Routes>
    <Route path="/" element={<BillingHome view="all" />} />
    <Route path="/tenants/:tenant?" element={<BillingHome view="tenant" />} />
  </Routes>
);
