import { createHash } from 'node:crypto';
import {
  ENVIRONMENT_SUFFIX,
  PromotionEnvironment,
} from '@controlplane/plugin-promotions-common';

/**
 * An agent or app ref in its full form: `agent:support-triage` →
 * `agent:default/support-triage` (the contract's pattern has checked it).
 */
export function normalizeTarget(ref: string): string {
  const [kind, rest] = ref.split(':', 2);
  const full = rest.includes('/') ? rest : `default/${rest}`;
  return `${kind.toLowerCase()}:${full}`;
}

/** The name part of a target ref: `agent:default/x` → `x`. */
export function targetName(target: string): string {
  return target.slice(target.indexOf('/') + 1);
}

const MAX_ENTITY_NAME = 63;

/**
 * The catalog name of a deployment: `<name>-<tenant>-<dev|stg|prod>`, e.g.
 * `support-triage-acme-prod`; names over the catalog's 63 characters keep
 * their end and a short hash instead.
 */
export function deploymentEntityName(place: {
  target: string;
  tenant: string;
  environment: PromotionEnvironment;
}): string {
  const name = `${targetName(place.target)}-${place.tenant}-${
    ENVIRONMENT_SUFFIX[place.environment]
  }`.toLowerCase();
  if (name.length <= MAX_ENTITY_NAME) return name;
  const hash = createHash('sha256').update(name).digest('hex').slice(0, 8);
  return `${name.slice(0, MAX_ENTITY_NAME - 9).replace(/[-_.]+$/, '')}-${hash}`;
}
