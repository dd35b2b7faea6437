import type { Constraint, EvaluationContext } from '../generated';
import { constraintHolds, constraintProblem } from './constraints';
import { EvaluatedFlag, evaluateFlag } from './evaluate';
import { murmur3 } from './murmur3';
import { rolloutBucket, rolloutPreview, variantOfBucket } from './rollout';

const flag: EvaluatedFlag = {
  key: 'ai_module_enabled',
  type: 'boolean',
  variants: [
    { name: 'on', value: true },
    { name: 'off', value: false },
  ],
  defaultVariant: 'off',
  offVariant: 'off',
  lifecycle: 'active',
  environments: ['development', 'staging', 'production'],
  killed: false,
};
const on = { variant: 'on', rules: [] };
const off = { variant: 'off', rules: [] };

describe('evaluateFlag', () => {
  it('decides tenant override, then plan, then environment default, then flag default', () => {
    expect(evaluateFlag(flag, 'production', {}, {})).toMatchObject({
      value: false,
      variant: 'off',
      reason: 'DEFAULT',
      layer: 'default',
    });
    expect(
      evaluateFlag(flag, 'production', { environment: on }, {}),
    ).toMatchObject({ value: true, reason: 'STATIC', layer: 'environment' });
    expect(
      evaluateFlag(flag, 'production', { environment: on, plan: off }, {}),
    ).toMatchObject({ value: false, reason: 'STATIC', layer: 'plan' });
    expect(
      evaluateFlag(
        flag,
        'production',
        { environment: off, plan: off, tenant: on },
        {},
      ),
    ).toMatchObject({ value: true, reason: 'STATIC', layer: 'tenant' });
  });

  it('serves the off variant with reason DISABLED when killed, above every layer', () => {
    expect(
      evaluateFlag({ ...flag, killed: true }, 'production', { tenant: on }, {}),
    ).toMatchObject({ value: false, reason: 'DISABLED', layer: 'kill-switch' });
  });

  it('does not know archived flags or flags of other environments', () => {
    const candidates: EvaluatedFlag[] = [
      { ...flag, lifecycle: 'archived' },
      { ...flag, environments: ['development'] },
    ];
    for (const candidate of candidates) {
      expect(evaluateFlag(candidate, 'production', { tenant: on }, {})).toEqual(
        {
          key: flag.key,
          reason: 'ERROR',
          errorCode: 'FLAG_NOT_FOUND',
          errorDetails: 'No flag ai_module_enabled',
        },
      );
    }
  });

  it('tries rules in order and names the rule that decided', () => {
    const value = {
      variant: 'off',
      rules: [
        {
          constraints: [
            { attribute: 'country', operator: 'in' as const, values: ['DE'] },
          ],
          variant: 'on',
        },
        {
          constraints: [
            {
              attribute: 'appVersion',
              operator: 'semver_gt' as const,
              values: ['2.0.0'],
            },
          ],
          variant: 'on',
        },
      ],
    };
    const evaluate = (context: EvaluationContext) =>
      evaluateFlag(flag, 'production', { plan: value }, context);
    expect(evaluate({ country: 'DE' })).toMatchObject({
      variant: 'on',
      reason: 'TARGETING_MATCH',
      layer: 'plan',
      ruleIndex: 0,
    });
    expect(evaluate({ country: 'FR', appVersion: '2.1.0' })).toMatchObject({
      variant: 'on',
      ruleIndex: 1,
    });
    expect(evaluate({ country: 'FR', appVersion: '1.9.9' })).toMatchObject({
      variant: 'off',
      reason: 'STATIC',
      layer: 'plan',
    });
    expect(evaluate({ country: 'FR', appVersion: 'two' })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'PARSE_ERROR',
    });
    expect(evaluate({ country: { nested: true } })).toMatchObject({
      reason: 'ERROR',
      errorCode: 'INVALID_CONTEXT',
    });
  });

  it('needs a targeting key for a rollout', () => {
    const rollout = {
      variant: 'off',
      rules: [
        {
          rollout: [
            { variant: 'on', weight: 50 },
            { variant: 'off', weight: 50 },
          ],
        },
      ],
    };
    expect(
      evaluateFlag(flag, 'production', { environment: rollout }, {}),
    ).toMatchObject({ reason: 'ERROR', errorCode: 'TARGETING_KEY_MISSING' });
    expect(
      evaluateFlag(
        flag,
        'production',
        { environment: rollout },
        { targetingKey: 'user-1' },
      ),
    ).toMatchObject({ reason: 'SPLIT', layer: 'environment', ruleIndex: 0 });
  });
});

describe('rollouts', () => {
  const keys = Array.from({ length: 10_000 }, (_, i) => `account-${i}`);
  const shares = (percent: number) => [
    { variant: 'on', weight: percent },
    { variant: 'off', weight: 100 - percent },
  ];

  it('murmur3 matches the reference vectors', () => {
    expect(murmur3('')).toBe(0);
    expect(murmur3('', 1)).toBe(0x514e28b7);
    expect(murmur3('hello')).toBe(0x248bfa47);
    expect(murmur3('The quick brown fox jumps over the lazy dog')).toBe(
      0x2e4ff723,
    );
  });

  it.each([1, 10, 25, 50, 90])(
    'serves %i %% of 10,000 keys within 2 percentage points',
    percent => {
      const served = keys.filter(
        key =>
          variantOfBucket(
            rolloutBucket('checkout_v2', key),
            shares(percent),
          ) === 'on',
      ).length;
      expect(Math.abs(served / 100 - percent)).toBeLessThanOrEqual(2);
    },
  );

  it('is sticky, and raising the percentage never moves a key out', () => {
    let before = new Set<string>();
    for (const percent of [0, 5, 10, 20, 35, 50, 75, 100]) {
      const now = new Set(
        keys.filter(
          key =>
            variantOfBucket(
              rolloutBucket('checkout_v2', key),
              shares(percent),
            ) === 'on',
        ),
      );
      for (const key of before) expect(now.has(key)).toBe(true);
      // The same key asks again: the same answer.
      for (const key of keys.slice(0, 100)) {
        expect(
          variantOfBucket(rolloutBucket('checkout_v2', key), shares(percent)),
        ).toBe(now.has(key) ? 'on' : 'off');
      }
      before = now;
    }
    expect(before.size).toBe(keys.length);
  });

  it('buckets each flag differently', () => {
    const inFirstTenth = (flagKey: string) =>
      keys.filter(key => rolloutBucket(flagKey, key) < 1000);
    const a = new Set(inFirstTenth('flag_a'));
    const overlap = inFirstTenth('flag_b').filter(key => a.has(key)).length;
    // Independent 10 % samples share about 1 % of the keys.
    expect(overlap).toBeLessThan(300);
  });

  it('previews the split of a sample', () => {
    const preview = rolloutPreview('checkout_v2', shares(30));
    expect(preview.on + preview.off).toBe(10_000);
    expect(Math.abs(preview.on - 3000)).toBeLessThan(200);
  });
});

describe('constraints', () => {
  const holds = (constraint: Constraint, context: EvaluationContext) =>
    constraintHolds(constraint, context);
  const c = (operator: Constraint['operator'], ...values: string[]) => ({
    attribute: 'a',
    operator,
    values,
  });

  it.each([
    [c('in', 'x', 'y'), 'y', true],
    [c('in', 'x'), 'z', false],
    [c('not_in', 'x'), 'z', true],
    [c('not_in', 'x'), 'x', false],
    [c('str_contains', 'ell'), 'hello', true],
    [c('str_starts_with', 'he'), 'hello', true],
    [c('str_ends_with', 'lo'), 'hello', true],
    [c('str_ends_with', 'he'), 'hello', false],
    [c('num_eq', '3'), 3, true],
    [c('num_gt', '3'), '3.5', true],
    [c('num_gte', '3'), 3, true],
    [c('num_lt', '3'), 2, true],
    [c('num_lte', '3'), 4, false],
    [c('semver_eq', '1.2.3'), '1.2.3', true],
    [c('semver_gt', '1.2.3'), '1.10.0', true],
    [c('semver_lt', '1.2.3'), '1.2.3-beta.1', true],
    [c('in', 'true'), true, true],
  ] as const)('%j on %j is %s', (constraint, value, expected) => {
    expect(holds(constraint, { a: value })).toBe(expected);
  });

  it('fails every operator but not_in on a missing attribute', () => {
    expect(holds(c('in', 'x'), {})).toBe(false);
    expect(holds(c('num_gt', '1'), {})).toBe(false);
    expect(holds(c('not_in', 'x'), {})).toBe(true);
  });

  it('refuses constraints that can never parse', () => {
    expect(constraintProblem(c('num_gt', 'ten'))).toMatch(/takes one number/);
    expect(constraintProblem(c('semver_gt', '1.2'))).toMatch(
      /semantic version/,
    );
    expect(constraintProblem(c('num_gt', '1', '2'))).toMatch(
      /takes one number/,
    );
    expect(constraintProblem(c('in', 'anything'))).toBeUndefined();
  });
});
