import { REQUEST_DURATION_BUCKETS_MS } from '@controlplane/backend-common';

/**
 * The `quantile` (0 to 1) of durations counted in the fixed buckets,
 * interpolated linearly inside the bucket it falls in (as Prometheus'
 * histogram_quantile does); a quantile in the last, open bucket answers its
 * lower bound. 0 for no requests.
 */
export function bucketQuantile(buckets: number[], quantile: number): number {
  const total = buckets.reduce((sum, count) => sum + count, 0);
  if (total === 0) return 0;
  const rank = quantile * total;
  let below = 0;
  for (let index = 0; index < buckets.length; index++) {
    const count = buckets[index];
    if (count > 0 && below + count >= rank) {
      const lower = index === 0 ? 0 : REQUEST_DURATION_BUCKETS_MS[index - 1];
      if (index >= REQUEST_DURATION_BUCKETS_MS.length) return lower;
      const upper = REQUEST_DURATION_BUCKETS_MS[index];
      return lower + ((upper - lower) * (rank - below)) / count;
    }
    below += count;
  }
  return REQUEST_DURATION_BUCKETS_MS[REQUEST_DURATION_BUCKETS_MS.length - 1];
}
