import { grantMatches, parseGrant, ParsedGrant } from './grants';
import { parseRoleMember, tenantLoginMembership } from './members';
import { requiresSeparationOfDuties } from './scoping';
import { Explanation, GrantScope, PolicySnapshot } from './generated';

/** Who asks: the user's entity ref and every ref they own through (groups). */
export interface PolicySubject {
  userEntityRef: string;
  ownershipEntityRefs: string[];
}

/**
 * The policy's answer before the permission framework's types: allowed
 * everywhere, allowed only within some scopes (any one of them suffices), or
 * denied. A scope (the contract's `GrantScope`) is the resources of some
 * tenants (a tenant-scoped membership), the resources the caller owns (an
 * `@owned` grant), or the owned resources of some tenants (both).
 */
export type ScopedDecision =
  | { result: 'ALLOW' }
  | { result: 'DENY' }
  | { result: 'SCOPED'; scopes: GrantScope[] };

type RoleGrants = { role: string; grants: ParsedGrant[] };
type Membership = { role: RoleGrants; tenant?: string };
type MemberIndex = {
  byMember: Map<string, Membership[]>;
  byRole: Map<string, RoleGrants>;
};

// Per snapshot, the roles of each member ref, so a decision looks only at the
// caller's own roles. Snapshots are immutable; a new revision is a new object.
const memberIndexCache = new WeakMap<PolicySnapshot, MemberIndex>();

function memberIndex(snapshot: PolicySnapshot): MemberIndex {
  let index = memberIndexCache.get(snapshot);
  if (!index) {
    index = { byMember: new Map(), byRole: new Map() };
    for (const role of snapshot.roles) {
      const grants = { role: role.name, grants: role.grants.map(parseGrant) };
      index.byRole.set(role.name, grants);
      for (const member of role.members) {
        const { ref, tenant } = parseRoleMember(member);
        const entries = index.byMember.get(ref) ?? [];
        entries.push({ role: grants, tenant });
        index.byMember.set(ref, entries);
      }
    }
    memberIndexCache.set(snapshot, index);
  }
  return index;
}

/**
 * The memberships the subject holds through `identity`: the stored ones, and
 * the implicit tenant-scoped one of a tenant login principal (see
 * {@link tenantLoginMembership}).
 */
function membershipsOf(
  index: MemberIndex,
  subject: PolicySubject,
  identity: string,
): Membership[] {
  const stored = index.byMember.get(identity) ?? [];
  const implicit = tenantLoginMembership(subject.userEntityRef, identity);
  const role = implicit && index.byRole.get(implicit.role);
  return role ? [...stored, { role, tenant: implicit.tenant }] : stored;
}

function identitiesOf(subject: PolicySubject): string[] {
  return [...new Set([subject.userEntityRef, ...subject.ownershipEntityRefs])];
}

/**
 * The refs that own resources for the subject: their own user ref and every
 * ref they own through (their groups), the parameters of OWNER_RULE.
 */
export function ownerRefsOf(subject: PolicySubject): string[] {
  return identitiesOf(subject);
}

const sortedList = (values: Set<string>) => [...values].sort();

/**
 * The decision alone, from the snapshot the RBAC backend serves to the
 * permission policy (each role's grants and members, members possibly
 * tenant-scoped, see {@link RoleMember}; grants possibly owner-scoped, see
 * {@link parseGrant}): the policy's hot path. A plain grant through an
 * unscoped membership allows everywhere and wins over everything else; the
 * other matches each allow within a scope, and the scopes are alternatives.
 */
export function decide(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): ScopedDecision {
  const index = memberIndex(snapshot);
  const tenants = new Set<string>();
  const ownedTenants = new Set<string>();
  let ownedAnywhere = false;
  for (const identity of identitiesOf(subject)) {
    for (const { role, tenant } of membershipsOf(index, subject, identity)) {
      for (const grant of role.grants) {
        if (!grantMatches(grant.pattern, permissionName)) continue;
        if (!tenant && !grant.owned) return { result: 'ALLOW' };
        if (!grant.owned) tenants.add(tenant!);
        else if (!tenant) ownedAnywhere = true;
        else ownedTenants.add(tenant);
      }
    }
  }
  const scopes: GrantScope[] = [];
  if (tenants.size > 0) scopes.push({ tenants: sortedList(tenants) });
  if (ownedAnywhere) {
    // Owned resources anywhere include the owned ones of any tenant.
    scopes.push({ owned: true });
  } else if ([...ownedTenants].some(tenant => !tenants.has(tenant))) {
    // Owned resources of tenants already allowed whole add nothing.
    scopes.push({ owned: true, tenants: sortedList(ownedTenants) });
  }
  return scopes.length > 0 ? { result: 'SCOPED', scopes } : { result: 'DENY' };
}

/** A scope in words, for explanations. */
export function describeScope(scope: GrantScope): string {
  const tenants = scope.tenants
    ? `of tenant ${scope.tenants.join(', ')}`
    : undefined;
  if (scope.owned && tenants)
    return `owned by the user or their groups, ${tenants}`;
  if (scope.owned) return 'owned by the user or their groups';
  return tenants ?? 'everywhere';
}

/**
 * Decides a permission for a subject and says why: every role, grant and
 * membership that matched, and for a scoped decision the scopes (any one of
 * them allows).
 */
export function evaluate(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): Explanation {
  const identities = new Set(identitiesOf(subject));
  const matches: Explanation['matches'] = [];
  const addMatches = (
    role: PolicySnapshot['roles'][number],
    via: string,
    tenant?: string,
  ) => {
    for (const grant of role.grants) {
      if (grantMatches(grant, permissionName)) {
        matches.push({
          role: role.name,
          grant,
          via,
          ...(tenant ? { tenant } : {}),
          ...(parseGrant(grant).owned ? { owned: true } : {}),
        });
      }
    }
  };
  for (const role of snapshot.roles) {
    for (const member of role.members) {
      const { ref, tenant } = parseRoleMember(member);
      if (identities.has(ref)) addMatches(role, ref, tenant);
    }
    // A tenant login principal's implicit membership.
    for (const identity of identities) {
      const implicit = tenantLoginMembership(subject.userEntityRef, identity);
      if (implicit?.role === role.name) {
        addMatches(role, identity, implicit.tenant);
      }
    }
  }
  const decision = decide(snapshot, subject, permissionName);
  const describeMatch = (m: Explanation['matches'][number]) =>
    `role ${m.role} (member through ${m.via}${
      m.tenant ? `, only in tenant ${m.tenant}` : ''
    }) grants ${m.grant}${m.owned ? ' (only resources they own)' : ''}`;
  let reason = `no role of ${subject.userEntityRef} grants ${permissionName}`;
  if (decision.result === 'ALLOW') {
    reason = matches
      .filter(m => !m.tenant && !m.owned)
      .map(describeMatch)
      .join('; ');
  } else if (decision.result === 'SCOPED') {
    reason = `allowed only for resources ${decision.scopes
      .map(describeScope)
      .join(' or ')}: ${matches.map(describeMatch).join('; ')}`;
  }
  const tenantScope =
    decision.result === 'SCOPED'
      ? decision.scopes.find(scope => scope.tenants && !scope.owned)
      : undefined;
  return {
    user: subject.userEntityRef,
    permission: permissionName,
    result: decision.result === 'SCOPED' ? 'CONDITIONAL' : decision.result,
    matches,
    ...(decision.result === 'SCOPED' ? { scopes: decision.scopes } : {}),
    ...(tenantScope?.tenants ? { tenants: tenantScope.tenants } : {}),
    ...(requiresSeparationOfDuties(permissionName)
      ? { separationOfDuties: true }
      : {}),
    reason,
  };
}

/** Whether the permission is allowed everywhere (no tenant or owner scope). */
export function isAllowed(
  snapshot: PolicySnapshot,
  subject: PolicySubject,
  permissionName: string,
): boolean {
  return decide(snapshot, subject, permissionName).result === 'ALLOW';
}
