import type {
  Environment,
  EvaluationContext,
  FlagEvaluation,
  FlagSummary,
  Layer,
  Rule,
  Variant,
} from '../generated';
import { constraintHolds, EvaluationError } from './constraints';
import { rolloutBucket, variantOfBucket } from './rollout';

/** What evaluation needs of a flag's definition. */
export type EvaluatedFlag = Pick<
  FlagSummary,
  | 'key'
  | 'type'
  | 'defaultVariant'
  | 'offVariant'
  | 'lifecycle'
  | 'environments'
  | 'killed'
> & { variants: Variant[] };

/** The value of one layer: a variant, and rules tried before it. */
export interface LayerValue {
  variant: string;
  rules: Rule[];
}

/** The values that may decide for one tenant in one environment. */
export interface TenantLayers {
  tenant?: LayerValue;
  plan?: LayerValue;
  environment?: LayerValue;
}

/** The layers below the kill switch, in the order they decide. */
const VALUE_LAYERS = ['tenant', 'plan', 'environment'] as const;

function served(
  flag: EvaluatedFlag,
  variantName: string,
  outcome: Pick<FlagEvaluation, 'reason' | 'layer' | 'ruleIndex'>,
): FlagEvaluation {
  const variant = flag.variants.find(
    candidate => candidate.name === variantName,
  );
  if (!variant) {
    return failed(
      flag,
      'GENERAL',
      `Flag ${flag.key} has no variant ${variantName}`,
    );
  }
  return {
    key: flag.key,
    value: variant.value,
    variant: variant.name,
    ...outcome,
    type: flag.type,
    lifecycle: flag.lifecycle,
  };
}

function failed(
  flag: Pick<EvaluatedFlag, 'key'> & Partial<EvaluatedFlag>,
  errorCode: NonNullable<FlagEvaluation['errorCode']>,
  errorDetails: string,
): FlagEvaluation {
  return {
    key: flag.key,
    reason: 'ERROR',
    errorCode,
    errorDetails,
    ...(flag.type ? { type: flag.type, lifecycle: flag.lifecycle } : {}),
  };
}

/** The answer for a key no flag has (or an archived one, or another environment's). */
export function flagNotFound(key: string): FlagEvaluation {
  return failed({ key }, 'FLAG_NOT_FOUND', `No flag ${key}`);
}

function targetingKeyOf(context: EvaluationContext): string | undefined {
  const key = context.targetingKey;
  if (typeof key === 'string' && key !== '') return key;
  if (typeof key === 'number') return String(key);
  return undefined;
}

function evaluateLayer(
  flag: EvaluatedFlag,
  layer: Layer,
  value: LayerValue,
  context: EvaluationContext,
): FlagEvaluation {
  for (const [ruleIndex, rule] of value.rules.entries()) {
    const matches = (rule.constraints ?? []).every(constraint =>
      constraintHolds(constraint, context),
    );
    if (!matches) continue;
    if (rule.rollout) {
      const targetingKey = targetingKeyOf(context);
      if (targetingKey === undefined) {
        throw new EvaluationError(
          'TARGETING_KEY_MISSING',
          `Flag ${flag.key} rolls out by targeting key; the context has no targetingKey`,
        );
      }
      const variant = variantOfBucket(
        rolloutBucket(flag.key, targetingKey),
        rule.rollout,
      );
      return served(flag, variant, { reason: 'SPLIT', layer, ruleIndex });
    }
    if (rule.variant) {
      return served(flag, rule.variant, {
        reason: 'TARGETING_MATCH',
        layer,
        ruleIndex,
      });
    }
  }
  return served(flag, value.variant, { reason: 'STATIC', layer });
}

/**
 * Evaluates one flag for a tenant in an environment: the kill switch, then
 * the tenant's override, the plan's value, the environment's default, the
 * flag's default. The answer says what decided (`layer`, `ruleIndex`) and
 * why (OFREP's `reason`); a context a rule cannot use is an ERROR answer
 * with OFREP's error code, never an exception.
 */
export function evaluateFlag(
  flag: EvaluatedFlag,
  environment: Environment,
  layers: TenantLayers,
  context: EvaluationContext,
): FlagEvaluation {
  if (
    flag.lifecycle === 'archived' ||
    !flag.environments.includes(environment)
  ) {
    return flagNotFound(flag.key);
  }
  if (flag.killed) {
    return served(flag, flag.offVariant, {
      reason: 'DISABLED',
      layer: 'kill-switch',
    });
  }
  try {
    for (const layer of VALUE_LAYERS) {
      const value = layers[layer];
      if (value) return evaluateLayer(flag, layer, value, context);
    }
  } catch (error) {
    if (error instanceof EvaluationError) {
      return failed(flag, error.errorCode, error.message);
    }
    throw error;
  }
  return served(flag, flag.defaultVariant, {
    reason: 'DEFAULT',
    layer: 'default',
  });
}
