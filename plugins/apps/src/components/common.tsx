import { ReactNode } from 'react';
import { Box, Chip, Tooltip } from '@material-ui/core';
import {
  StatusError,
  StatusOK,
  StatusPending,
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
import {
  APP_SCOPES,
  AppCredential,
  AppStatus,
} from '@controlplane/plugin-apps-common';

/**
 * The decision on a permission, on one app when it is a resource one:
 * `loading` until it is known, then whether it is `allowed`.
 */
export function useAppPermissionDecision(
  permission: BasicPermission | ResourcePermission,
  appId?: string,
): { loading: boolean; allowed: boolean } {
  const { loading, allowed } = usePermission(
    permission.type === 'resource'
      ? { permission, resourceRef: appId }
      : { permission },
  );
  return { loading, allowed };
}

/** Whether the user may do this, on one app when the permission is a resource one. */
export function useAppPermission(
  permission: BasicPermission | ResourcePermission,
  appId?: string,
): boolean {
  return useAppPermissionDecision(permission, appId).allowed;
}

export const AppStatusView = (props: { status: AppStatus }) =>
  props.status === 'active' ? (
    <StatusOK>active</StatusOK>
  ) : (
    <StatusWarning>{props.status}</StatusWarning>
  );

/** Whether a rotated credential's old secret still works. */
export function inGracePeriod(credential: AppCredential, now = Date.now()) {
  return (
    credential.status === 'active' &&
    !!credential.previousSecretValidUntil &&
    Date.parse(credential.previousSecretValidUntil) > now
  );
}

export const CredentialStatusView = (props: { credential: AppCredential }) => {
  const { credential } = props;
  switch (credential.status) {
    case 'active':
      return inGracePeriod(credential) ? (
        <StatusPending>rotating</StatusPending>
      ) : (
        <StatusOK>active</StatusOK>
      );
    case 'expired':
      return <StatusWarning>expired</StatusWarning>;
    default:
      return <StatusError>{credential.status}</StatusError>;
  }
};

export { formatTime };

/** Small chips in a row, e.g. an app's tenants or a credential's scopes. */
export const ChipList = (props: {
  values: string[];
  empty?: ReactNode;
  /** A tooltip per value. */
  describe?: (value: string) => string | undefined;
  onClick?: (value: string) => void;
  label?: (value: string) => string;
}) => {
  if (props.values.length === 0) return <>{props.empty ?? '—'}</>;
  return (
    <Box display="flex" flexWrap="wrap" style={{ gap: 4 }}>
      {props.values.map(value => {
        const chip = (
          <Chip
            key={value}
            size="small"
            label={value}
            clickable={!!props.onClick}
            aria-label={props.label?.(value)}
            onClick={props.onClick ? () => props.onClick!(value) : undefined}
          />
        );
        const description = props.describe?.(value);
        return description ? (
          <Tooltip key={value} title={description}>
            {chip}
          </Tooltip>
        ) : (
          chip
        );
      })}
    </Box>
  );
};

export const ScopeChips = (props: { scopes: string[] }) => (
  <ChipList
    values={props.scopes}
    describe={scope => APP_SCOPES[scope as keyof typeof APP_SCOPES]}
  />
);

/** The backend's shortest accepted reason. */
export const MIN_REASON = MIN_REASON_LENGTH;

/**
 * Asks to confirm an action; with `reasonLabel`, a reason of at least
 * MIN_REASON characters is required and passed to `onConfirm`.
 */
export const ConfirmDialog = createConfirmDialog({
  reasonId: 'apps-confirm-reason',
});
