import { Config } from '@backstage/config';
import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import {
  APPS_EVENT_TOPIC,
  CredentialAlarmPayload,
  CredentialAlarmType,
} from '@controlplane/plugin-apps-common';
import { AppsStores } from '../database/stores';

/** Calls per credential and hour that raise an alarm (`apps.alarms`). */
export interface AlarmThresholds {
  failedPerHour: number;
  rateLimitedPerHour: number;
}

/** 50 failed or 100 rate-limited calls of one credential in an hour. */
export const DEFAULT_ALARM_THRESHOLDS: AlarmThresholds = {
  failedPerHour: 50,
  rateLimitedPerHour: 100,
};

/** Reads `apps.alarms.failedPerHour` and `.rateLimitedPerHour`. */
export function readAlarmThresholds(config: Config): AlarmThresholds {
  const read = (key: string, fallback: number) => {
    const value = config.getOptionalNumber(`apps.alarms.${key}`) ?? fallback;
    if (!Number.isInteger(value) || value < 1) {
      throw new Error(`apps.alarms.${key} must be a positive whole number`);
    }
    return value;
  };
  return {
    failedPerHour: read(
      'failedPerHour',
      DEFAULT_ALARM_THRESHOLDS.failedPerHour,
    ),
    rateLimitedPerHour: read(
      'rateLimitedPerHour',
      DEFAULT_ALARM_THRESHOLDS.rateLimitedPerHour,
    ),
  };
}

/** Hours an instance remembers which alarms it raised. */
const REMEMBERED_HOURS = 2;

/**
 * Watches the usage the verifiers report: when a credential's failed or
 * rate-limited calls in an hour reach their threshold, publishes a
 * `credential.failing` or `credential.rate-limited` event (the incidents
 * plugin opens a ticket). The totals are read after the report committed,
 * so the counts of every instance add up; each instance raises an alarm
 * once per credential and hour, and the incidents plugin's signal key
 * folds what several instances raise into one ticket.
 */
export class CredentialAlarms {
  /** The alarms this instance raised, by key, with their hour. */
  readonly #raised = new Map<string, string>();

  constructor(
    private readonly options: {
      stores: AppsStores;
      events: EventsService;
      logger: LoggerService;
      thresholds: AlarmThresholds;
    },
  ) {}

  /** When a credential's calls raise an alarm. */
  get thresholds(): AlarmThresholds {
    return this.options.thresholds;
  }

  /** Checks the credentials and hours a usage report touched. Never throws. */
  async check(touched: {
    credentialIds: string[];
    hours: string[];
  }): Promise<void> {
    try {
      await this.#check(touched.credentialIds, touched.hours);
    } catch (error) {
      this.options.logger.warn(`Could not check credential alarms: ${error}`);
    }
  }

  async #check(credentialIds: string[], hours: string[]) {
    const { stores, thresholds } = this.options;
    const totals = await stores.usage.hourTotals(credentialIds, hours);
    const alarms = totals.flatMap(total => {
      const kinds: [CredentialAlarmType, number, number][] = [
        ['credential.failing', total.failed, thresholds.failedPerHour],
        [
          'credential.rate-limited',
          total.rateLimited,
          thresholds.rateLimitedPerHour,
        ],
      ];
      return kinds
        .filter(([, count, threshold]) => count >= threshold)
        .map(([type, , threshold]) => ({
          type,
          threshold,
          total,
          key: `${type} ${total.credentialId} ${total.hour}`,
        }))
        .filter(alarm => !this.#raised.has(alarm.key));
    });
    if (alarms.length === 0) return;

    const credentials = new Map(
      (
        await stores.credentials.credentialsByIds([
          ...new Set(alarms.map(alarm => alarm.total.credentialId)),
        ])
      ).map(row => [row.id, row]),
    );
    const tenants = await stores.apps.tenantsOf([
      ...new Set([...credentials.values()].map(row => row.app_id)),
    ]);
    for (const { type, threshold, total, key } of alarms) {
      const credential = credentials.get(total.credentialId);
      if (!credential) continue;
      const payload: CredentialAlarmPayload = {
        type,
        appId: credential.app_id,
        app: credential.app_name,
        tenants: tenants.get(credential.app_id) ?? [],
        credentialId: credential.id,
        credential: credential.name,
        hour: total.hour,
        failed: total.failed,
        rateLimited: total.rateLimited,
        threshold,
      };
      await this.options.events.publish({
        topic: APPS_EVENT_TOPIC,
        eventPayload: payload,
      });
      this.#remember(key, total.hour);
    }
  }

  #remember(key: string, hour: string) {
    this.#raised.set(key, hour);
    // Forget the alarms of hours no report adds to any more.
    const oldest = new Date(
      Date.now() - REMEMBERED_HOURS * 3_600_000,
    ).toISOString();
    for (const [raised, raisedHour] of this.#raised) {
      if (raisedHour < oldest) this.#raised.delete(raised);
    }
  }
}
