import { InputError } from '@backstage/errors';
import { changeRoles, RbacStores } from '../database/stores';
import { SEED_ROLES } from './seedRoles';
import { checkAdminMember, normalizeMemberRef } from './validation';

/**
 * Creates the built-in roles on the very first start, with members from
 * config (`rbac.initialMembers`: role name to member refs). Runs under the
 * revision lock, so of several instances starting at once exactly one seeds
 * and the others see the roles and do nothing. Returns whether it seeded.
 */
export async function seedBuiltInRoles(
  stores: RbacStores,
  initialMembers: Record<string, string[]>,
): Promise<boolean> {
  const members = Object.entries(initialMembers).map(([role, refs]) => {
    if (!SEED_ROLES.some(r => r.name === role)) {
      throw new InputError(
        `rbac.initialMembers names the unknown role "${role}"; known roles: ${SEED_ROLES.map(
          r => r.name,
        ).join(', ')}`,
      );
    }
    const normalized = refs.map(normalizeMemberRef);
    normalized.forEach(ref => checkAdminMember(role, ref));
    return { role, refs: normalized };
  });
  return changeRoles(stores, async rbac => {
    if ((await rbac.countRoles()) > 0) return { value: false, changed: false };
    for (const role of SEED_ROLES) {
      await rbac.insertRole(role.name, role.description);
      for (const grant of role.grants) await rbac.addGrant(role.name, grant);
    }
    for (const { role, refs } of members) {
      for (const ref of refs) await rbac.addMember(role, ref);
    }
    return { value: true, changed: true };
  });
}
