import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config, readDurationFromConfig } from '@backstage/config';
import { CheckpointSigner } from './service/CheckpointSigner';
import {
  DEFAULT_INGESTION_WINDOW,
  IngestionWindow,
} from './service/IngestionService';
import { RetentionPolicy } from './service/RetentionService';

/** The purge schedule without `audit.retention.schedule`. */
const DEFAULT_PURGE_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { minutes: 30 },
  initialDelay: { minutes: 2 },
};

/**
 * The signer of checkpoints: `audit.signingKey`, or a key pair made now
 * (`ephemeral`) when it is not set.
 */
export function readSigner(config: Config): CheckpointSigner {
  const pem = config.getOptionalString('audit.signingKey');
  return pem ? CheckpointSigner.fromPem(pem) : CheckpointSigner.ephemeral();
}

/** `audit.checkpointInterval`: a signed checkpoint every this many records. */
export function readCheckpointInterval(config: Config): number {
  const interval = config.getOptionalNumber('audit.checkpointInterval') ?? 1000;
  if (!Number.isInteger(interval) || interval < 1) {
    throw new Error('audit.checkpointInterval must be a positive integer');
  }
  return interval;
}

/** `audit.retention`: days per class of actions; none = kept forever. */
export function readRetention(config: Config): RetentionPolicy {
  const retention = config.getOptionalConfig('audit.retention');
  const days = (value: number, key: string) => {
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`${key} must be a positive number of days`);
    }
    return value;
  };
  return {
    defaultDays:
      retention?.getOptionalNumber('defaultDays') === undefined
        ? undefined
        : days(
            retention.getNumber('defaultDays'),
            'audit.retention.defaultDays',
          ),
    rules: (retention?.getOptionalConfigArray('rules') ?? []).map(
      (rule, index) => ({
        actions: rule.getStringArray('actions'),
        days: days(
          rule.getNumber('days'),
          `audit.retention.rules[${index}].days`,
        ),
      }),
    ),
  };
}

/** `audit.retention.schedule`, or every 6 hours. */
export function readPurgeSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('audit.retention.schedule');
  return schedule
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
    : DEFAULT_PURGE_SCHEDULE;
}

/** Milliseconds of a duration from config (a month is 30 days, a year 365). */
function durationMs(config: Config, key: string): number | undefined {
  if (!config.has(key)) return undefined;
  const d = readDurationFromConfig(config, { key });
  const ms =
    (d.milliseconds ?? 0) +
    1000 *
      ((d.seconds ?? 0) +
        60 *
          ((d.minutes ?? 0) +
            60 *
              ((d.hours ?? 0) +
                24 *
                  ((d.days ?? 0) +
                    7 * (d.weeks ?? 0) +
                    30 * (d.months ?? 0) +
                    365 * (d.years ?? 0)))));
  if (!Number.isFinite(ms) || ms < 0) {
    throw new Error(`audit.ingestion.${key} must be a positive duration`);
  }
  return ms;
}

/**
 * `audit.ingestion`: how far back (`maxEventAge`, default 24 hours) and
 * ahead (`maxClockSkew`, default 5 minutes) an app's event may be dated.
 */
export function readIngestionWindow(config: Config): IngestionWindow {
  const ingestion = config.getOptionalConfig('audit.ingestion');
  if (!ingestion) return DEFAULT_INGESTION_WINDOW;
  return {
    maxEventAgeMs:
      durationMs(ingestion, 'maxEventAge') ??
      DEFAULT_INGESTION_WINDOW.maxEventAgeMs,
    maxClockSkewMs:
      durationMs(ingestion, 'maxClockSkew') ??
      DEFAULT_INGESTION_WINDOW.maxClockSkewMs,
  };
}

const DEFAULT_VERIFICATION_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { hours: 6 },
  timeout: { hours: 1 },
  initialDelay: { minutes: 10 },
};

/** `audit.verification.schedule`, or every 6 hours. */
export function readVerificationSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  const schedule = config.getOptionalConfig('audit.verification.schedule');
  return schedule
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(schedule)
    : DEFAULT_VERIFICATION_SCHEDULE;
}
