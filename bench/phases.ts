/*
 * Load phases with autocannon against one or more instances: requests,
 * rate, latency percentiles and status classes, printed as one table.
 */
import autocannon from 'autocannon';

export interface Phase {
  name: string;
  requests: number;
  seconds: number;
  p50: number;
  p99: number;
  statuses: Record<string, number>;
  errors: number;
  timeouts: number;
}

/** Something autocannon can load: a base URL with a name. */
export interface Target {
  name: string;
  url: string;
}

/** Runs the requests against every target at once for `seconds`. */
export async function load<T extends Target>(
  name: string,
  targets: T[],
  seconds: number,
  requests: (target: T) => autocannon.Request[],
  connections = 10,
): Promise<Phase> {
  const results = await Promise.all(
    targets.map(
      target =>
        autocannon({
          url: target.url,
          connections,
          duration: seconds,
          timeout: 20,
          requests: requests(target),
        }) as unknown as Promise<autocannon.Result>,
    ),
  );
  const statuses: Record<string, number> = {};
  for (const result of results) {
    for (const [key, value] of Object.entries(result)) {
      const match = /^(\d)xx$/.exec(key);
      if (match && typeof value === 'number' && value > 0) {
        statuses[key] = (statuses[key] ?? 0) + value;
      }
    }
  }
  const requestsDone = results.reduce((sum, r) => sum + r.requests.total, 0);
  return {
    name,
    requests: requestsDone,
    seconds,
    // Latencies: the slower target's percentile (conservative).
    p50: Math.max(...results.map(r => r.latency.p50)),
    p99: Math.max(...results.map(r => r.latency.p99)),
    statuses,
    errors: results.reduce((sum, r) => sum + r.errors, 0),
    timeouts: results.reduce((sum, r) => sum + r.timeouts, 0),
  };
}

/** Requests per second of a phase. */
export const rateOf = (phase: Phase) => phase.requests / phase.seconds;

export function printPhases(phases: Phase[]) {
  console.table(
    phases.map(phase => ({
      phase: phase.name,
      'req/s': Math.round(rateOf(phase)),
      'p50 ms': phase.p50,
      'p99 ms': phase.p99,
      statuses: Object.entries(phase.statuses)
        .map(([key, value]) => `${key}:${value}`)
        .join(' '),
      errors: phase.errors,
      timeouts: phase.timeouts,
    })),
  );
}
