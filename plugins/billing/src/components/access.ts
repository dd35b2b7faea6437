import { usePageAccess } from '@controlplane/frontend-common';
import {
  billingAdjustmentCreatePermission,
  billingBudgetUpdatePermission,
  billingQuotaUpdatePermission,
} from '@controlplane/plugin-billing-common';

const NAMES = [
  billingQuotaUpdatePermission.name,
  billingBudgetUpdatePermission.name,
  billingAdjustmentCreatePermission.name,
];

/** What the user may change in billing; all false until the answer arrives. */
export interface BillingAccess {
  /** Holds billing.quota.update for some tenant (the backend decides which). */
  quotaUpdate: boolean;
  /** Holds billing.budget.update for some tenant. */
  budgetUpdate: boolean;
  /** May credit or charge tenants (platform admins). */
  adjustmentCreate: boolean;
}

/** Which billing changes the user may make, in one question. */
export function useBillingAccess(): BillingAccess {
  const access = usePageAccess(NAMES);
  const holds = (name: string) => !access.loading && access.holds(name);
  return {
    quotaUpdate: holds(billingQuotaUpdatePermission.name),
    budgetUpdate: holds(billingBudgetUpdatePermission.name),
    adjustmentCreate: holds(billingAdjustmentCreatePermission.name),
  };
}
