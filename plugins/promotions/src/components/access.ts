import { usePageAccess } from '@controlplane/frontend-common';
import {
  promotionsFreezeManagePermission,
  promotionsPolicyUpdatePermission,
  promotionsRequestApprovePermission,
  promotionsRequestCreatePermission,
  promotionsRequestReadPermission,
  promotionsRuleManagePermission,
} from '@controlplane/plugin-promotions-common';

const NAMES = [
  promotionsRequestReadPermission.name,
  promotionsRequestCreatePermission.name,
  promotionsRequestApprovePermission.name,
  promotionsPolicyUpdatePermission.name,
  promotionsRuleManagePermission.name,
  promotionsFreezeManagePermission.name,
];

/** What the user may do with promotions; all false until the answer arrives. */
export interface PromotionsAccess {
  loading: boolean;
  /** Holds promotions.request.read for some tenant. */
  read: boolean;
  /** Holds promotions.request.create for some tenant. */
  create: boolean;
  /** Holds promotions.request.approve for some tenant: the inbox comes first. */
  approve: boolean;
  updatePolicy: boolean;
  manageRules: boolean;
  manageFreezes: boolean;
}

/**
 * Which promotions permissions the user holds (request ones for some tenant
 * at least), in one question; the backend stays the guard. What the user may
 * do with one request comes with it (`allowed`).
 */
export function usePromotionsAccess(): PromotionsAccess {
  const access = usePageAccess(NAMES);
  const holds = (name: string) => !access.loading && access.holds(name);
  return {
    loading: access.loading,
    read: holds(promotionsRequestReadPermission.name),
    create: holds(promotionsRequestCreatePermission.name),
    approve: holds(promotionsRequestApprovePermission.name),
    updatePolicy: holds(promotionsPolicyUpdatePermission.name),
    manageRules: holds(promotionsRuleManagePermission.name),
    manageFreezes: holds(promotionsFreezeManagePermission.name),
  };
}
