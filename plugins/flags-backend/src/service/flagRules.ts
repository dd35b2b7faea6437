import { InputError } from '@backstage/errors';
import {
  constraintProblem,
  FlagType,
  Rule,
  Variant,
} from '@controlplane/plugin-flags-common';

/** The largest variant value, as JSON. */
const MAX_VALUE_BYTES = 8 * 1024;

function typeOf(value: unknown): FlagType | undefined {
  if (typeof value === 'boolean') return 'boolean';
  if (typeof value === 'string') return 'string';
  if (typeof value === 'number' && Number.isFinite(value)) return 'number';
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) {
    return 'object';
  }
  return undefined;
}

/** Variants: unique names, values of the flag's type, bounded in size. */
export function checkVariants(type: FlagType, variants: Variant[]): void {
  const names = new Set<string>();
  for (const [index, variant] of variants.entries()) {
    if (names.has(variant.name)) {
      throw new InputError(
        `variants[${index}]: the name ${variant.name} is used twice`,
      );
    }
    names.add(variant.name);
    if (typeOf(variant.value) !== type) {
      throw new InputError(
        `variants[${index}] (${variant.name}): the value must be of the flag's type, ${type}`,
      );
    }
    if (Buffer.byteLength(JSON.stringify(variant.value)) > MAX_VALUE_BYTES) {
      throw new InputError(
        `variants[${index}] (${variant.name}): the value is larger than 8 KiB as JSON`,
      );
    }
  }
}

/** A variant name that must exist among the flag's variants. */
export function checkVariantName(
  variants: Variant[],
  name: string,
  where: string,
): void {
  if (!variants.some(variant => variant.name === name)) {
    throw new InputError(
      `${where}: no variant ${name} (the flag has ${variants
        .map(variant => variant.name)
        .join(', ')})`,
    );
  }
}

/**
 * Rules: each serves one variant or one rollout of existing variants whose
 * weights (in steps of 0.01) add up to 100; constraints parse.
 */
export function checkRules(variants: Variant[], rules: Rule[]): void {
  for (const [index, rule] of rules.entries()) {
    const where = `rules[${index}]`;
    if ((rule.variant === undefined) === (rule.rollout === undefined)) {
      throw new InputError(`${where}: give either variant or rollout`);
    }
    if (rule.variant !== undefined) {
      checkVariantName(variants, rule.variant, where);
    }
    if (rule.rollout) {
      let hundredths = 0;
      for (const share of rule.rollout) {
        checkVariantName(variants, share.variant, `${where}.rollout`);
        const steps = share.weight * 100;
        if (Math.abs(steps - Math.round(steps)) > 1e-6) {
          throw new InputError(
            `${where}.rollout: weights go in steps of 0.01 (${share.weight})`,
          );
        }
        hundredths += Math.round(steps);
      }
      if (hundredths !== 10_000) {
        throw new InputError(
          `${where}.rollout: the weights add up to ${
            hundredths / 100
          }, not 100`,
        );
      }
    }
    for (const constraint of rule.constraints ?? []) {
      const problem = constraintProblem(constraint);
      if (problem) throw new InputError(`${where}: ${problem}`);
    }
  }
}

/** The variants a rule set serves (to check a variant change keeps them). */
export function variantsUsed(variant: string, rules: Rule[]): string[] {
  return [
    variant,
    ...rules.flatMap(rule =>
      rule.variant
        ? [rule.variant]
        : (rule.rollout ?? []).map(share => share.variant),
    ),
  ];
}
