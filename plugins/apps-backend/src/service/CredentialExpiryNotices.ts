import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  PortalNotifier,
  readBoundedNumber,
} from '@controlplane/backend-common';
import {
  APP_NOTIFICATION_TOPICS,
  appPath,
} from '@controlplane/plugin-apps-common';
import { ExpiringCredential } from '../database/ExpiryNoticeStore';
import { AppsStores } from '../database/stores';

const DAY_MS = 86_400_000;

/** `apps.credentialExpiry`: how far ahead, and when, the check runs. */
export interface CredentialExpiryConfig {
  /** A credential expiring within this many days gets its notice. */
  days: number;
  /** When the check runs (once a day by default). */
  schedule: SchedulerServiceTaskScheduleDefinition;
}

/** Reads `apps.credentialExpiry` (defaults: 7 days ahead, once a day). */
export function readCredentialExpiryConfig(
  config: Config,
): CredentialExpiryConfig {
  const days = readBoundedNumber(
    config,
    'apps.credentialExpiry.noticeDays',
    7,
    [1, 90],
    { wholeNumber: true },
  );
  const scheduleConfig = config.getOptionalConfig(
    'apps.credentialExpiry.schedule',
  );
  const schedule = scheduleConfig
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
    : {
        frequency: { hours: 24 },
        timeout: { minutes: 10 },
        initialDelay: { minutes: 1 },
      };
  return { days, schedule };
}

/**
 * Tells the owners of apps that an API key expires soon: once per credential
 * and expiry. The notice is recorded (by credential and expiry) before it is
 * sent, so a second backend instance running the check at the same moment,
 * a restart or the next day's run does not send it again; a notice that
 * could not be sent is forgotten, so the next run retries it. Revoked and
 * expired credentials get none.
 */
export class CredentialExpiryNotices {
  readonly #now: () => Date;

  constructor(
    private readonly options: {
      stores: AppsStores;
      notifier: PortalNotifier;
      /** How many days ahead an expiry is announced. */
      days: number;
      now?: () => Date;
      /** Credentials read per query (default 200). */
      pageSize?: number;
    },
  ) {
    this.#now = options.now ?? (() => new Date());
  }

  /** Sends the notices now due; answers how many were sent. */
  async run(): Promise<number> {
    const { stores, days } = this.options;
    const pageSize = this.options.pageSize ?? 200;
    const now = this.#now();
    const nowIso = now.toISOString();
    const until = new Date(now.getTime() + days * DAY_MS).toISOString();
    let after: { expiresAt: string; id: string } | undefined;
    let sent = 0;
    for (;;) {
      const page = await stores.expiryNotices.due({
        now: nowIso,
        until,
        limit: pageSize,
        after,
      });
      if (page.length === 0) break;
      const claimed = await stores.expiryNotices.claim(page, nowIso);
      const unsent: ExpiringCredential[] = [];
      for (const credential of page) {
        if (!claimed.has(credential.id)) continue;
        if (await this.#notify(credential, now)) {
          sent += 1;
        } else {
          unsent.push(credential);
        }
      }
      await stores.expiryNotices.release(unsent);
      if (page.length < pageSize) break;
      const last = page[page.length - 1];
      after = { expiresAt: last.expiresAt, id: last.id };
    }
    return sent;
  }

  #notify(credential: ExpiringCredential, now: Date): Promise<boolean> {
    const daysLeft = Math.max(
      1,
      Math.ceil((Date.parse(credential.expiresAt) - now.getTime()) / DAY_MS),
    );
    return this.options.notifier.notify({
      topic: APP_NOTIFICATION_TOPICS.credentialExpiring,
      recipients: [credential.owner],
      title: `API key ${credential.name} of ${
        credential.appName
      } expires in ${daysLeft} ${daysLeft === 1 ? 'day' : 'days'}`,
      description: `It expires at ${credential.expiresAt}; calls with it fail after that. Rotate it or issue a new one before then.`,
      link: appPath(credential.appId),
      severity: 'high',
      // One notice per credential in a user's list, should it come again.
      scope: `credential-expiring:${credential.id}`,
    });
  }
}
