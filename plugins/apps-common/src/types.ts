import {
  AppEnvironment,
  AppStatus,
  CredentialStatus,
  UsagePeriod,
} from './generated';

/*
 * The request and response types of the REST API (ManagedApp, AppCredential,
 * IssuedCredential, RateLimitRule, CredentialUsage, CredentialSnapshot, ...)
 * are generated from the backend's openapi.yaml into ./generated. Here are
 * only the value lists the UI and the checks need at runtime.
 */

/** Environments an app runs in; `production` credentials carry `cp_live_`. */
export const APP_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const satisfies readonly AppEnvironment[];

export const APP_STATUSES = [
  'active',
  'disabled',
] as const satisfies readonly AppStatus[];

export const CREDENTIAL_STATUSES = [
  'active',
  'expired',
  'revoked',
] as const satisfies readonly CredentialStatus[];

/** The periods usage is read for: the last 7, 30 or 90 days, today included. */
export const USAGE_PERIODS = [
  '7d',
  '30d',
  '90d',
] as const satisfies readonly UsagePeriod[];

/** The days of each usage period. */
export const USAGE_PERIOD_DAYS: Record<UsagePeriod, number> = {
  '7d': 7,
  '30d': 30,
  '90d': 90,
};
