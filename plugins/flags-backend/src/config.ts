import { Config, ConfigReader } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { readBoundedNumber } from '@controlplane/backend-common';
import {
  Environment,
  FLAG_ENVIRONMENTS,
} from '@controlplane/plugin-flags-common';

/** The plugin's configuration (`flags:` in app-config), with its defaults. */
export interface FlagsConfig {
  /** The environment of apps that do not name one. */
  defaultEnvironment: Environment;
  /** `Cache-Control: max-age` of `GET /client/flags`. */
  clientMaxAgeSeconds: number;
  /** Unchanged and unevaluated this long: potentially stale. */
  staleAfterDays: number;
  /** How often each instance checks the configuration revision. */
  snapshotPollMs: number;
  metricsFlushMs: number;
  streamHeartbeatMs: number;
  /** Open change streams one app may hold on one instance. */
  maxStreamsPerApp: number;
  scheduleTickSeconds: number;
  tenantSyncMinutes: number;
}

/** A setting under `flags.` within bounds (see readBoundedNumber). */
const bounded = (
  root: Config,
  key: string,
  fallback: number,
  bounds: [number, number],
) => readBoundedNumber(root, `flags.${key}`, fallback, bounds);

export function readFlagsConfig(root: Config): FlagsConfig {
  const config = root.getOptionalConfig('flags') ?? new ConfigReader({});
  const defaultEnvironment =
    config.getOptionalString('defaultEnvironment') ?? 'production';
  if (!FLAG_ENVIRONMENTS.includes(defaultEnvironment as Environment)) {
    throw new InputError(
      `flags.defaultEnvironment must be one of ${FLAG_ENVIRONMENTS.join(', ')}`,
    );
  }
  return {
    defaultEnvironment: defaultEnvironment as Environment,
    clientMaxAgeSeconds: bounded(root, 'client.maxAgeSeconds', 30, [0, 86_400]),
    staleAfterDays: bounded(root, 'staleAfterDays', 30, [1, 3650]),
    snapshotPollMs: bounded(root, 'snapshotPollMs', 5000, [100, 600_000]),
    metricsFlushMs: bounded(root, 'metricsFlushMs', 10_000, [100, 600_000]),
    streamHeartbeatMs: bounded(
      root,
      'streamHeartbeatMs',
      25_000,
      [1000, 600_000],
    ),
    maxStreamsPerApp: bounded(
      root,
      'client.maxStreamsPerApp',
      50,
      [1, 100_000],
    ),
    scheduleTickSeconds: bounded(root, 'scheduleTickSeconds', 15, [1, 3600]),
    tenantSyncMinutes: bounded(root, 'tenantSyncMinutes', 10, [1, 1440]),
  };
}
