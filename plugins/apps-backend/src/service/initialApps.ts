import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { auditedChange } from '@controlplane/backend-common';
import {
  environmentProblem,
  isAppEnvironment,
  NewApp,
} from '@controlplane/plugin-apps-common';
import { AppsService, SYSTEM_ACTOR } from './AppsService';

function readInitialApps(config: Config): NewApp[] {
  return (config.getOptionalConfigArray('apps.initialApps') ?? []).map(
    entry => {
      const environment = entry.getString('environment');
      if (!isAppEnvironment(environment)) {
        throw new InputError(environmentProblem(environment));
      }
      return {
        name: entry.getString('name'),
        title: entry.getOptionalString('title'),
        description: entry.getOptionalString('description'),
        environment,
        owner: entry.getString('owner'),
        tenants: entry.getOptionalStringArray('tenants') ?? [],
      };
    },
  );
}

/**
 * Registers `apps.initialApps` on the first start, when there is no app at
 * all (local development), as `system`, each with one audit event and no
 * credentials. An instance seeding at the same time makes the names
 * conflict; the conflicts are skipped. Returns how many were registered.
 */
export async function seedInitialApps(
  service: AppsService,
  config: Config,
  logger: LoggerService,
  auditor: AuditorService,
): Promise<number> {
  const initial = readInitialApps(config);
  if (initial.length === 0 || !(await service.isEmpty())) return 0;
  let registered = 0;
  for (const app of initial) {
    try {
      await auditedChange({
        auditor,
        eventId: 'app.registered',
        severityLevel: 'high',
        meta: { resourceType: 'app', resourceId: app.name, app: app.name },
        change: () => service.register(app, SYSTEM_ACTOR),
        successMeta: ({ audit }) => audit,
      });
      registered++;
    } catch (error) {
      if ((error as Error).name !== 'ConflictError') throw error;
    }
  }
  logger.info(`Registered ${registered} initial apps`);
  return registered;
}
