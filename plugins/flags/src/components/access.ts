import { usePageAccess } from '@controlplane/frontend-common';
import {
  flagsFlagCreatePermission,
  flagsFlagKillPermission,
  flagsFlagReadPermission,
  flagsFlagUpdatePermission,
  flagsTenantReadPermission,
  flagsTenantUpdatePermission,
} from '@controlplane/plugin-flags-common';

const NAMES = [
  flagsFlagReadPermission.name,
  flagsFlagCreatePermission.name,
  flagsFlagUpdatePermission.name,
  flagsFlagKillPermission.name,
  flagsTenantReadPermission.name,
  flagsTenantUpdatePermission.name,
];

/** What the user may do with flags; all false until the answer arrives. */
export interface FlagsAccess {
  loading: boolean;
  read: boolean;
  create: boolean;
  update: boolean;
  kill: boolean;
  /** Holds flags.tenant.read for some tenant. */
  tenantRead: boolean;
  /** Holds flags.tenant.update for some tenant. */
  tenantUpdate: boolean;
}

/**
 * Which flag permissions the user holds (tenant ones for some tenant at
 * least), in one question; the backend stays the guard.
 */
export function useFlagsAccess(): FlagsAccess {
  const access = usePageAccess(NAMES);
  const holds = (name: string) => !access.loading && access.holds(name);
  return {
    loading: access.loading,
    read: holds(flagsFlagReadPermission.name),
    create: holds(flagsFlagCreatePermission.name),
    update: holds(flagsFlagUpdatePermission.name),
    kill: holds(flagsFlagKillPermission.name),
    tenantRead: holds(flagsTenantReadPermission.name),
    tenantUpdate: holds(flagsTenantUpdatePermission.name),
  };
}
