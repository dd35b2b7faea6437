import { LoggerService } from '@backstage/backend-plugin-api';
import { EventsService } from '@backstage/plugin-events-node';
import { AppsStores } from '../database/stores';
import { AppEntitiesService } from './AppEntitiesService';
import { AppEventPublisher } from './AppEventPublisher';
import { AppsService } from './AppsService';
import {
  AlarmThresholds,
  CredentialAlarms,
  DEFAULT_ALARM_THRESHOLDS,
} from './CredentialAlarms';
import { CredentialSnapshotService } from './CredentialSnapshotService';
import { CredentialsService } from './CredentialsService';
import { PlatformSummaryService } from './PlatformSummaryService';
import { UsageService } from './UsageService';

/** The services of the apps plugin, one concern each. */
export interface AppsServices {
  apps: AppsService;
  credentials: CredentialsService;
  usage: UsageService;
  alarms: CredentialAlarms;
  snapshot: CredentialSnapshotService;
  entities: AppEntitiesService;
  platformSummary: PlatformSummaryService;
}

/** The plugin's services on its stores. */
export function createAppsServices(options: {
  stores: AppsStores;
  events: EventsService;
  logger: LoggerService;
  /** The key secrets are hashed with (`readSecretHashKey`). */
  secretHashKey: Buffer;
  /** When a credential's calls raise an alarm (default: `apps.alarms`' defaults). */
  alarmThresholds?: AlarmThresholds;
  /** The clock, for tests. */
  now?: () => Date;
}): AppsServices {
  const { stores } = options;
  const now = options.now ?? (() => new Date());
  return {
    apps: new AppsService({
      stores,
      events: new AppEventPublisher(options.events, options.logger),
      now,
    }),
    credentials: new CredentialsService({
      stores,
      secretHashKey: options.secretHashKey,
      now,
    }),
    usage: new UsageService({ stores, now }),
    alarms: new CredentialAlarms({
      stores,
      events: options.events,
      logger: options.logger,
      thresholds: options.alarmThresholds ?? DEFAULT_ALARM_THRESHOLDS,
    }),
    snapshot: new CredentialSnapshotService({ stores, now }),
    entities: new AppEntitiesService(stores),
    platformSummary: new PlatformSummaryService({ stores, now }),
  };
}
