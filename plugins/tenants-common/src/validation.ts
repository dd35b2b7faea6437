import type { OrganizationSettings, PasswordPolicy } from './generated';
import { SESSION_TIMEOUT_BOUNDS } from './types';

/**
 * Tenant names, as in RBAC scoping and the catalog's Tenant entities:
 * `acme`, `globex-eu` (the same pattern as `TENANT_NAME_PATTERN` of
 * `@controlplane/plugin-rbac-common`).
 */
export const TENANT_NAME_PATTERN = /^[a-z0-9][a-z0-9-]{0,62}$/;

/** A DNS domain name: `acme.example`, `eu.globex.example`. */
const DOMAIN_PATTERN =
  /^(?=.{1,253}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]$/;

/** Why `name` is not a tenant name, or undefined. */
export function tenantNameProblem(name: string): string | undefined {
  return TENANT_NAME_PATTERN.test(name)
    ? undefined
    : `"${name}" is not a tenant name: lower-case letters, digits and dashes, at most 63 characters`;
}

/** Why `domain` is not a domain name, or undefined. */
export function domainProblem(domain: string): string | undefined {
  return DOMAIN_PATTERN.test(domain)
    ? undefined
    : `"${domain}" is not a domain name like acme.example (lower case)`;
}

function ipv4Bytes(text: string): number[] | undefined {
  const parts = text.split('.');
  if (parts.length !== 4) return undefined;
  const bytes = parts.map(part =>
    /^(0|[1-9][0-9]{0,2})$/.test(part) ? Number(part) : NaN,
  );
  return bytes.every(b => b >= 0 && b <= 255) ? bytes : undefined;
}

function isIpv6(text: string): boolean {
  if (!/^[0-9a-fA-F:.]+$/.test(text)) return false;
  const halves = text.split('::');
  if (halves.length > 2) return false;
  let groups = 0;
  for (const [index, half] of halves.entries()) {
    if (half === '') continue;
    const parts = half.split(':');
    for (const [i, part] of parts.entries()) {
      const last = index === halves.length - 1 && i === parts.length - 1;
      if (last && part.includes('.')) {
        if (!ipv4Bytes(part)) return false;
        groups += 2;
      } else if (/^[0-9a-fA-F]{1,4}$/.test(part)) {
        groups += 1;
      } else {
        return false;
      }
    }
  }
  return halves.length === 2 ? groups <= 7 : groups === 8;
}

/**
 * Why `entry` is not a CIDR block (`10.0.0.0/8`, `2001:db8::/32`), or
 * undefined. A bare address counts as a single-host block.
 */
export function cidrProblem(entry: string): string | undefined {
  const [address, prefix, ...rest] = entry.split('/');
  const bad = `"${entry}" is not an IPv4 or IPv6 CIDR block like 10.0.0.0/8 or 2001:db8::/32`;
  if (rest.length > 0) return bad;
  let max: number;
  if (ipv4Bytes(address)) max = 32;
  else if (isIpv6(address)) max = 128;
  else return bad;
  if (prefix === undefined) return undefined;
  if (!/^(0|[1-9][0-9]{0,2})$/.test(prefix) || Number(prefix) > max) {
    return `"${entry}" has a prefix length outside 0..${max}`;
  }
  return undefined;
}

/** Every problem of organization settings; empty when they are valid. */
export function organizationSettingsProblems(
  settings: OrganizationSettings,
): string[] {
  const problems: string[] = [];
  const { min, max } = SESSION_TIMEOUT_BOUNDS;
  if (
    !Number.isInteger(settings.sessionTimeoutMinutes) ||
    settings.sessionTimeoutMinutes < min ||
    settings.sessionTimeoutMinutes > max
  ) {
    problems.push(
      `sessionTimeoutMinutes must be a whole number from ${min} to ${max}`,
    );
  }
  for (const domain of settings.allowedDomains) {
    const problem = domainProblem(domain);
    if (problem) problems.push(`allowedDomains: ${problem}`);
  }
  for (const entry of settings.ipAllowList) {
    const problem = cidrProblem(entry);
    if (problem) problems.push(`ipAllowList: ${problem}`);
  }
  if (settings.logoUrl) {
    const problem = logoUrlProblem(settings.logoUrl);
    if (problem) problems.push(`logoUrl: ${problem}`);
  }
  return problems;
}

/** Why a logo URL cannot be shown on the login page, if it cannot. */
function logoUrlProblem(value: string): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `"${value.slice(0, 80)}" is not a URL`;
  }
  // The page's content security policy loads images over https only.
  if (url.protocol !== 'https:') return 'must be an https URL';
  if (url.username || url.password) return 'must not carry credentials';
  return undefined;
}

/** Every problem of a password policy; empty when it is valid. */
export function passwordPolicyProblems(policy: PasswordPolicy): string[] {
  const problems: string[] = [];
  const whole = (value: number, low: number, high: number, name: string) => {
    if (!Number.isInteger(value) || value < low || value > high) {
      problems.push(`${name} must be a whole number from ${low} to ${high}`);
    }
  };
  whole(policy.minLength, 8, 128, 'minLength');
  whole(policy.historyCount, 0, 24, 'historyCount');
  whole(policy.expiryDays, 0, 365, 'expiryDays');
  const classes = [
    policy.requireLowercase,
    policy.requireUppercase,
    policy.requireDigit,
    policy.requireSymbol,
  ].filter(Boolean).length;
  if (classes > policy.minLength) {
    problems.push('minLength is shorter than the required character classes');
  }
  return problems;
}

/** The outcome of {@link checkPassword}. */
export interface PasswordCheck {
  ok: boolean;
  /** Human-readable reasons, empty when ok. */
  problems: string[];
}

/**
 * Checks a password against a tenant's policy. Pure: no hashing here.
 *
 * @param history - one verifier per previous password, newest first (e.g.
 *   `p => bcrypt.compareSync(p, oldHash)`); only the first
 *   `policy.historyCount` are consulted.
 */
export function checkPassword(
  policy: PasswordPolicy,
  password: string,
  history: ReadonlyArray<(password: string) => boolean> = [],
): PasswordCheck {
  const problems: string[] = [];
  const length = [...password].length;
  if (length < policy.minLength) {
    problems.push(`must be at least ${policy.minLength} characters long`);
  }
  if (length > 1024) problems.push('must be at most 1024 characters long');
  if (policy.requireLowercase && !/\p{Ll}/u.test(password)) {
    problems.push('must contain a lower-case letter');
  }
  if (policy.requireUppercase && !/\p{Lu}/u.test(password)) {
    problems.push('must contain an upper-case letter');
  }
  if (policy.requireDigit && !/\p{Nd}/u.test(password)) {
    problems.push('must contain a digit');
  }
  if (policy.requireSymbol && !/[^\p{L}\p{Nd}]/u.test(password)) {
    problems.push('must contain a symbol');
  }
  if (
    history.slice(0, policy.historyCount).some(matches => matches(password))
  ) {
    problems.push(`must differ from the last ${policy.historyCount} passwords`);
  }
  return { ok: problems.length === 0, problems };
}

/** When a password set at `changedAt` expires under the policy, if ever. */
export function passwordExpiresAt(
  policy: PasswordPolicy,
  changedAt: Date,
): Date | undefined {
  if (policy.expiryDays === 0) return undefined;
  return new Date(changedAt.getTime() + policy.expiryDays * 86_400_000);
}
