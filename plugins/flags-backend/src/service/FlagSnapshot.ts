import { createHash } from 'node:crypto';
import {
  Environment,
  EvaluationContext,
  evaluateFlag,
  FlagEvaluation,
  FlagValue,
  LayerValue,
  Plan,
  TenantLayers,
} from '@controlplane/plugin-flags-common';
import { StoredFlag } from '../database/rows';
import { KnownTenant } from '../database/TenantsStore';

const valueIndex = (
  environment: Environment,
  layer: FlagValue['layer'],
  subject: string,
) => `${environment}|${layer}|${subject}`;

/**
 * The whole flag configuration at one revision, in memory: what every
 * evaluation reads, so serving an app costs no database round trip.
 * Immutable; a newer revision is a new snapshot.
 */
export class FlagSnapshot {
  readonly #values = new Map<string, Map<string, LayerValue>>();
  readonly #tenants: Map<string, KnownTenant>;
  readonly #fingerprints = new Map<string, string>();

  constructor(
    readonly revision: number,
    /** The flags apps can be served (not archived), by key. */
    readonly flags: StoredFlag[],
    values: Map<string, FlagValue[]>,
    tenants: KnownTenant[],
  ) {
    for (const [key, flagValues] of values) {
      const index = new Map<string, LayerValue>();
      for (const value of flagValues) {
        index.set(
          valueIndex(
            value.environment,
            value.layer,
            value.tenant ?? value.plan ?? '',
          ),
          { variant: value.variant, rules: value.rules },
        );
      }
      this.#values.set(key, index);
    }
    this.#tenants = new Map(tenants.map(tenant => [tenant.tenant, tenant]));
  }

  tenant(name: string): KnownTenant | undefined {
    return this.#tenants.get(name);
  }

  /** The layers that may decide a flag for a tenant in an environment. */
  layersOf(
    key: string,
    tenant: string,
    environment: Environment,
  ): TenantLayers {
    const index = this.#values.get(key);
    if (!index) return {};
    const plan: Plan | undefined = this.#tenants.get(tenant)?.plan;
    return {
      tenant: index.get(valueIndex(environment, 'tenant', tenant)),
      plan: plan ? index.get(valueIndex(environment, 'plan', plan)) : undefined,
      environment: index.get(valueIndex(environment, 'environment', '')),
    };
  }

  /** Every flag of the environment for the tenant and context, in key order. */
  evaluateAll(
    tenant: string,
    environment: Environment,
    context: EvaluationContext,
    keys?: ReadonlySet<string>,
  ): FlagEvaluation[] {
    const answers: FlagEvaluation[] = [];
    for (const flag of this.flags) {
      if (keys && !keys.has(flag.key)) continue;
      if (!flag.environments.includes(environment)) continue;
      answers.push(
        evaluateFlag(
          flag,
          environment,
          this.layersOf(flag.key, tenant, environment),
          context,
        ),
      );
    }
    return answers;
  }

  /** One flag; undefined when no served flag has the key. */
  evaluate(
    key: string,
    tenant: string,
    environment: Environment,
    context: EvaluationContext,
  ): FlagEvaluation | undefined {
    const flag = this.flags.find(candidate => candidate.key === key);
    if (!flag) return undefined;
    return evaluateFlag(
      flag,
      environment,
      this.layersOf(key, tenant, environment),
      context,
    );
  }

  /**
   * A hash of everything that decides the tenant's flags in the environment
   * (definitions, the tenant's layers, its plan). It moves only when a
   * change concerns the tenant: the ETags and the change stream are made
   * of it.
   */
  fingerprint(tenant: string, environment: Environment): string {
    const cacheKey = `${tenant}|${environment}`;
    const cached = this.#fingerprints.get(cacheKey);
    if (cached) return cached;
    const hash = createHash('sha256');
    hash.update(
      `${tenant}\n${environment}\n${this.#tenants.get(tenant)?.plan ?? ''}\n`,
    );
    for (const flag of this.flags) {
      if (!flag.environments.includes(environment)) continue;
      hash.update(
        JSON.stringify([
          flag.key,
          flag.type,
          flag.variants,
          flag.defaultVariant,
          flag.offVariant,
          flag.lifecycle,
          flag.killed,
          this.layersOf(flag.key, tenant, environment),
        ]),
      );
      hash.update('\n');
    }
    const fingerprint = hash.digest('base64url');
    this.#fingerprints.set(cacheKey, fingerprint);
    return fingerprint;
  }
}

/** A JSON text of the context with sorted keys: the same context, the same text. */
export function canonicalContext(context: EvaluationContext): string {
  return JSON.stringify(
    Object.keys(context)
      .sort()
      .map(key => [key, context[key]]),
  );
}

/**
 * A strong ETag of an answer made from the tenant's fingerprint, the
 * context and the answer's format: equal inputs give byte-equal answers, so
 * the tag is known before the answer is made (a 304 evaluates nothing).
 */
export function answerEtag(
  fingerprint: string,
  format: string,
  context: EvaluationContext,
): string {
  const digest = createHash('sha256')
    .update(`${format}\n${fingerprint}\n${canonicalContext(context)}`)
    .digest('base64url')
    .slice(0, 32);
  return `"${digest}"`;
}
