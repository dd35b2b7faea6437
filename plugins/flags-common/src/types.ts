import type { Environment, Lifecycle, Plan } from './generated';

/** The environments a flag may exist in, in promotion order. */
export const FLAG_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const satisfies readonly Environment[];

/** Subscription plans, cheapest first (the tenants plugin's plans). */
export const FLAG_PLANS = [
  'free',
  'starter',
  'professional',
  'enterprise',
] as const satisfies readonly Plan[];

export const FLAG_LIFECYCLES = [
  'active',
  'deprecated',
  'archived',
] as const satisfies readonly Lifecycle[];

/** The events service topic of flag changes (other plugins may listen). */
export const FLAGS_EVENT_TOPIC = 'controlplane.flags';

/** Payload of the events published on {@link FLAGS_EVENT_TOPIC}. */
export interface FlagsEventPayload {
  type: 'flags.changed';
  /** The flag changed, absent when tenants changed (plan, status). */
  key?: string;
  /** The tenants concerned; absent: every tenant. */
  tenants?: string[];
  /** The configuration revision after the change. */
  revision: number;
}

/** The target of a value: an environment's default, a plan or a tenant. */
export type ValueTarget =
  | { layer: 'environment' }
  | { layer: 'plan'; plan: Plan }
  | { layer: 'tenant'; tenant: string };

/** Parses a `default` / `plan:<plan>` / `tenant:<tenant>` path segment. */
export function parseValueTarget(target: string): ValueTarget {
  if (target === 'default') return { layer: 'environment' };
  if (target.startsWith('plan:')) {
    return { layer: 'plan', plan: target.slice(5) as Plan };
  }
  return { layer: 'tenant', tenant: target.slice(7) };
}

/** The path segment of a value target. */
export function formatValueTarget(target: ValueTarget): string {
  if (target.layer === 'environment') return 'default';
  return target.layer === 'plan'
    ? `plan:${target.plan}`
    : `tenant:${target.tenant}`;
}
