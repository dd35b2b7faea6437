import { grantMatches } from './grants';
import { Explanation } from './types';

/**
 * Everything the policy needs to decide: each role's grants and members.
 * The RBAC backend serves it to the permission policy module.
 */
export interface PolicySnapshot {
  /** Increases with every change, so caches can tell they are current. */
  revision: number;
  roles: { name: string; grants: string[]; members: string[] }[];
}

/** Who asks: the user's entity ref and every ref they own through (groups). */
export interface PolicySubject {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * Decides a permission for a subject: allowed when any role the subject is a
 * member of (directly or through a group) has a grant matching it. Returns
 * every match so the decision can be explained.
 */
export function evaluate(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): Explanation {
  const identities = new Set([
    subject.userEntityRef,
    ...subject.ownershipEntityRefs,
  ]);
  const matches: Explanation['matches'] = [];
  for (const role of snapshot.roles) {
    const via = role.members.find(member => identities.has(member));
    if (!via) continue;
    for (const grant of role.grants) {
      if (grantMatches(grant, permissionName)) {
        matches.push({ role: role.name, grant, via });
      }
    }
  }
  const allowed = matches.length > 0;
  return {
    user: subject.userEntityRef,
    permission: permissionName,
    result: allowed ? 'ALLOW' : 'DENY',
    matches,
    reason: allowed
      ? matches
          .map(
            m => `role ${m.role} (member through ${m.via}) grants ${m.grant}`,
          )
          .join('; ')
      : `no role of ${subject.userEntityRef} grants ${permissionName}`,
  };
}

type RoleGrants = { name: string; grants: string[] };

// Per snapshot, the roles of each member, so a decision looks only at the
// caller's own roles. Snapshots are immutable; a new revision is a new object.
const rolesByMemberCache = new WeakMap<
  PolicySnapshot,
  Map<string, RoleGrants[]>
>();

function rolesByMember(snapshot: PolicySnapshot): Map<string, RoleGrants[]> {
  let index = rolesByMemberCache.get(snapshot);
  if (!index) {
    index = new Map();
    for (const role of snapshot.roles) {
      for (const member of role.members) {
        const roles = index.get(member) ?? [];
        roles.push(role);
        index.set(member, roles);
      }
    }
    rolesByMemberCache.set(snapshot, index);
  }
  return index;
}

/**
 * The decision of {@link evaluate} without its explanation: the policy's hot
 * path, which only needs yes or no.
 */
export function isAllowed(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): boolean {
  const index = rolesByMember(snapshot);
  for (const identity of [
    subject.userEntityRef,
    ...subject.ownershipEntityRefs,
  ]) {
    for (const role of index.get(identity) ?? []) {
      if (role.grants.some(grant => grantMatches(grant, permissionName))) {
        return true;
      }
    }
  }
  return false;
}
