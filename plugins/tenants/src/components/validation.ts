import {
  cidrProblem,
  domainProblem,
  tenantNameProblem,
} from '@controlplane/plugin-tenants-common';

const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
const APP_PATTERN = /^[a-z0-9](?:[a-z0-9-]{0,62})$/;

export function validateTenantName(name: string): string | undefined {
  if (!name) return 'Enter a name';
  return tenantNameProblem(name)
    ? 'Use lower-case letters, digits and dashes (at most 63), starting with a letter or digit'
    : undefined;
}

export function validateDomain(domain: string): string | undefined {
  if (!domain) return 'Enter a domain';
  return domainProblem(domain)
    ? 'Enter a lower-case domain name such as acme.example'
    : undefined;
}

export function validateEmail(email: string): string | undefined {
  if (!email) return 'Enter an email address';
  if (!EMAIL_PATTERN.test(email)) return 'Enter a valid email address';
  return undefined;
}

export function validateApplication(app: string): string | undefined {
  return APP_PATTERN.test(app)
    ? undefined
    : `"${app}" is not a valid application id (lower-case letters, digits and dashes)`;
}

/** The entries of a comma- or line-separated list, trimmed, without empties. */
export function splitList(text: string): string[] {
  return text
    .split(/[\s,]+/)
    .map(s => s.trim())
    .filter(Boolean);
}

export function validateDomainList(text: string): string | undefined {
  for (const domain of splitList(text)) {
    const problem = domainProblem(domain);
    if (problem) return problem;
  }
  return undefined;
}

export function validateIpList(text: string): string | undefined {
  for (const entry of splitList(text)) {
    const problem = cidrProblem(entry);
    if (problem) return problem;
  }
  return undefined;
}

/** An integer within bounds, or the message saying why not. */
export function validateInteger(
  value: string,
  min: number,
  max: number,
): string | undefined {
  if (!/^\d+$/.test(value.trim())) return 'Enter a whole number';
  const n = Number(value);
  if (n < min || n > max) return `Must be between ${min} and ${max}`;
  return undefined;
}
