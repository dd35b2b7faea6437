import type { RolloutShare } from '../generated';
import { murmur3 } from './murmur3';

/** Rollouts resolve to 0.01 %: 10,000 buckets. */
export const ROLLOUT_BUCKETS = 10_000;

/**
 * The bucket of a targeting key for a flag, 0 to 9,999. The flag key is part
 * of the input so a key that is in the first 10 % of one flag is not in the
 * first 10 % of every flag.
 */
export function rolloutBucket(flagKey: string, targetingKey: string): number {
  return murmur3(`${flagKey}:${targetingKey}`) % ROLLOUT_BUCKETS;
}

/**
 * The variant a bucket falls into: the shares are laid out in order, so
 * raising the first share's weight only moves keys into it (sticky and
 * monotone), never out.
 */
export function variantOfBucket(
  bucket: number,
  shares: readonly RolloutShare[],
): string {
  let upper = 0;
  for (const share of shares) {
    upper += Math.round(share.weight * 100);
    if (bucket < upper) return share.variant;
  }
  // Weights add up to 100 (checked when stored); rounding leaves the top
  // bucket to the last share.
  return shares[shares.length - 1].variant;
}

/**
 * How many of `sampleSize` sample targeting keys (`user-0`, `user-1`, ...)
 * each variant of a rollout gets: the rollout editor's preview.
 */
export function rolloutPreview(
  flagKey: string,
  shares: readonly RolloutShare[],
  sampleSize = 10_000,
): Record<string, number> {
  const counts: Record<string, number> = {};
  for (const share of shares) counts[share.variant] = 0;
  for (let i = 0; i < sampleSize; i++) {
    const variant = variantOfBucket(
      rolloutBucket(flagKey, `user-${i}`),
      shares,
    );
    counts[variant] += 1;
  }
  return counts;
}
