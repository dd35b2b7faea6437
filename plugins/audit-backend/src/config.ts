import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { CheckpointSigner } from './service/CheckpointSigner';
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
