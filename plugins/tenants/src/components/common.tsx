import {
  StatusError,
  StatusOK,
  StatusWarning,
} from '@backstage/core-components';
import { usePermission } from '@backstage/plugin-permission-react';
import {
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConfirmDialog,
  formatTime,
  MIN_REASON_LENGTH,
} from '@controlplane/frontend-common';
import { TenantStatus } from '@controlplane/plugin-tenants-common';

/** Whether the user may do this, for one tenant when the permission is a resource one. */
export function useTenantPermission(
  permission: BasicPermission | ResourcePermission,
  tenant?: string,
): boolean {
  const { allowed } = usePermission(
    permission.type === 'resource'
      ? { permission, resourceRef: tenant }
      : { permission },
  );
  return allowed;
}

/** A tenant's status with the portal's status colours. */
export const TenantStatusView = (props: { status: TenantStatus }) => {
  switch (props.status) {
    case 'active':
      return <StatusOK>active</StatusOK>;
    case 'suspended':
      return <StatusWarning>suspended</StatusWarning>;
    default:
      return <StatusError>{props.status}</StatusError>;
  }
};

export { formatTime };

/** The backend's shortest accepted reason. */
export const MIN_REASON = MIN_REASON_LENGTH;

/**
 * Asks to confirm an action; with `reasonLabel`, a reason of at least
 * MIN_REASON characters is required and passed to `onConfirm`.
 */
export const ConfirmDialog = createConfirmDialog({
  reasonId: 'tenants-confirm-reason',
});
