import {
  coreServices,
  createBackendModule,
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { searchIndexRegistryExtensionPoint } from '@backstage/plugin-search-backend-node/alpha';
import { createControlPlaneCollatorFactories } from './sources';

/** The schedule key, as Backstage's collators have theirs (`search.collators.catalog.schedule`). */
const SCHEDULE_KEY = 'search.collators.controlplane.schedule';

/**
 * Without configuration, as Backstage's catalog collator: every 10 minutes,
 * the first time 3 seconds after start.
 */
export const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 10 },
  timeout: { minutes: 15 },
  initialDelay: { seconds: 3 },
};

/** The collators' schedule: `search.collators.controlplane.schedule`, or the default. */
export function readCollatorSchedule(
  config: Config,
): SchedulerServiceTaskScheduleDefinition {
  return config.has(SCHEDULE_KEY)
    ? readSchedulerServiceTaskScheduleDefinitionFromConfig(
        config.getConfig(SCHEDULE_KEY),
      )
    : DEFAULT_SCHEDULE;
}

/**
 * Indexes the control plane's objects for Backstage's search: tenants
 * (`tenant`), managed apps (`app`), flag definitions (`flag`), promotion
 * requests (`promotion`), incidents (`incident`) and RBAC roles (`role`),
 * each read from its plugin's REST API on the configured schedule. A user
 * finds a document only with the plugin's read permission, and, where that
 * permission is scoped to tenants, only the objects of their tenants.
 */
export const searchModuleControlPlane = createBackendModule({
  pluginId: 'search',
  moduleId: 'controlplane',
  register(reg) {
    reg.registerInit({
      deps: {
        config: coreServices.rootConfig,
        discovery: coreServices.discovery,
        auth: coreServices.auth,
        logger: coreServices.logger,
        scheduler: coreServices.scheduler,
        indexRegistry: searchIndexRegistryExtensionPoint,
      },
      async init({
        config,
        discovery,
        auth,
        logger,
        scheduler,
        indexRegistry,
      }) {
        const schedule = scheduler.createScheduledTaskRunner(
          readCollatorSchedule(config),
        );
        for (const factory of createControlPlaneCollatorFactories({
          discovery,
          auth,
          logger,
        })) {
          indexRegistry.addCollator({ schedule, factory });
        }
      },
    });
  },
});
