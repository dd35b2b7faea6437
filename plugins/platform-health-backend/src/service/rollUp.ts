import { PlatformHealthStores } from '../database/stores';

const HOUR_MS = 3_600_000;
/** Minutes may arrive this late (each instance flushes every 20 s). */
const SETTLE_MS = 5 * 60_000;

/**
 * Rolls the finished hours of request metrics up into the hourly table (in
 * one transaction with the watermark, so each minute counts once), then
 * purges minutes past `retentionHours` that were rolled up, and hours past
 * `hourlyRetentionDays`.
 */
export async function rollUpRequestMetrics(
  stores: PlatformHealthStores,
  options: { now: Date; retentionHours: number; hourlyRetentionDays: number },
): Promise<{
  hourlyGroups: number;
  minutesPurged: number;
  hoursPurged: number;
}> {
  const settled = options.now.getTime() - SETTLE_MS;
  const until = new Date(settled - (settled % HOUR_MS)).toISOString();
  const hourlyGroups = await stores.transaction(tx =>
    tx.requestMetrics.rollUp(until),
  );
  const minutesBefore = new Date(
    options.now.getTime() - options.retentionHours * HOUR_MS,
  ).toISOString();
  // Never a minute the hourly table does not hold yet.
  const minutesPurged = await stores.requestMetrics.purge(
    minutesBefore < until ? minutesBefore : until,
  );
  const hoursPurged = await stores.requestMetrics.purgeHours(
    new Date(
      options.now.getTime() - options.hourlyRetentionDays * 24 * HOUR_MS,
    ).toISOString(),
  );
  return { hourlyGroups, minutesPurged, hoursPurged };
}
