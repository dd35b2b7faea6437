import { grantMatches } from './grants';
import { parseRoleMember } from './members';
import { requiresSeparationOfDuties } from './scoping';
import { Explanation, PolicySnapshot } from './generated';

/** Who asks: the user's entity ref and every ref they own through (groups). */
export interface PolicySubject {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * The policy's answer before the permission framework's types: allowed
 * everywhere, allowed only for the resources of some tenants, or denied.
 */
export type ScopedDecision =
  | { result: 'ALLOW' }
  | { result: 'DENY' }
  | { result: 'TENANTS'; tenants: string[] };

type RoleGrant = { role: string; grants: string[] };
type MemberIndex = Map<string, { role: RoleGrant; tenant?: string }[]>;

// Per snapshot, the roles of each member ref, so a decision looks only at the
// caller's own roles. Snapshots are immutable; a new revision is a new object.
const memberIndexCache = new WeakMap<PolicySnapshot, MemberIndex>();

function memberIndex(snapshot: PolicySnapshot): MemberIndex {
  let index = memberIndexCache.get(snapshot);
  if (!index) {
    index = new Map();
    for (const role of snapshot.roles) {
      const grants = { role: role.name, grants: role.grants };
      for (const member of role.members) {
        const { ref, tenant } = parseRoleMember(member);
        const entries = index.get(ref) ?? [];
        entries.push({ role: grants, tenant });
        index.set(ref, entries);
      }
    }
    memberIndexCache.set(snapshot, index);
  }
  return index;
}

function identitiesOf(subject: PolicySubject): string[] {
  return [...new Set([subject.userEntityRef, ...subject.ownershipEntityRefs])];
}

/**
 * The decision alone, from the snapshot the RBAC backend serves to the
 * permission policy (each role's grants and members, members possibly
 * tenant-scoped, see {@link RoleMember}): the policy's hot path. A grant through an unscoped
 * membership allows everywhere; grants through tenant-scoped memberships
 * allow only within those tenants.
 */
export function decide(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): ScopedDecision {
  const index = memberIndex(snapshot);
  const tenants = new Set<string>();
  for (const identity of identitiesOf(subject)) {
    for (const { role, tenant } of index.get(identity) ?? []) {
      if (!role.grants.some(grant => grantMatches(grant, permissionName))) {
        continue;
      }
      if (!tenant) return { result: 'ALLOW' };
      tenants.add(tenant);
    }
  }
  return tenants.size > 0
    ? { result: 'TENANTS', tenants: [...tenants].sort() }
    : { result: 'DENY' };
}

/**
 * Decides a permission for a subject and says why: every role, grant and
 * membership that matched.
 */
export function evaluate(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): Explanation {
  const identities = new Set(identitiesOf(subject));
  const matches: Explanation['matches'] = [];
  for (const role of snapshot.roles) {
    for (const member of role.members) {
      const { ref, tenant } = parseRoleMember(member);
      if (!identities.has(ref)) continue;
      for (const grant of role.grants) {
        if (grantMatches(grant, permissionName)) {
          matches.push({
            role: role.name,
            grant,
            via: ref,
            ...(tenant ? { tenant } : {}),
          });
        }
      }
    }
  }
  const decision = decide(snapshot, subject, permissionName);
  const describeMatch = (m: Explanation['matches'][number]) =>
    `role ${m.role} (member through ${m.via}${
      m.tenant ? `, only in tenant ${m.tenant}` : ''
    }) grants ${m.grant}`;
  const result =
    decision.result === 'TENANTS' ? 'CONDITIONAL' : decision.result;
  let reason = `no role of ${subject.userEntityRef} grants ${permissionName}`;
  if (decision.result === 'ALLOW') {
    reason = matches
      .filter(m => !m.tenant)
      .map(describeMatch)
      .join('; ');
  } else if (decision.result === 'TENANTS') {
    reason = `allowed only for resources of tenant ${decision.tenants.join(
      ', ',
    )}: ${matches.map(describeMatch).join('; ')}`;
  }
  return {
    user: subject.userEntityRef,
    permission: permissionName,
    result,
    matches,
    ...(decision.result === 'TENANTS' ? { tenants: decision.tenants } : {}),
    ...(requiresSeparationOfDuties(permissionName)
      ? { separationOfDuties: true }
      : {}),
    reason,
  };
}

/** Whether the permission is allowed everywhere (no tenant restriction). */
export function isAllowed(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): boolean {
  return decide(snapshot, subject, permissionName).result === 'ALLOW';
}
