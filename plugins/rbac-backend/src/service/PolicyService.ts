import {
  evaluate,
  Explanation,
  PolicySnapshot,
  PolicySubject,
} from '@controlplane/plugin-rbac-common';
import { RbacStores } from '../database/stores';
import { validatePermissionName } from './validation';

/**
 * The policy as the permission policy module reads it: every role's grants
 * and members at one revision, and the decisions made from it, explained.
 */
export class PolicyService {
  constructor(private readonly stores: RbacStores) {}

  async snapshot(): Promise<PolicySnapshot> {
    return this.stores.rbac.readSnapshot();
  }

  /** Cheap check for pollers: the revision only, no roles. */
  async revision(): Promise<number> {
    return this.stores.rbac.getRevision();
  }

  /** Why `subject` is allowed or denied a permission, from the roles now. */
  async explain(
    subject: PolicySubject,
    permissionName: string,
  ): Promise<Explanation> {
    validatePermissionName(permissionName);
    return evaluate(await this.snapshot(), subject, permissionName);
  }
}
