import { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import { auditedChange } from '@controlplane/backend-common';
import {
  Environment,
  FLAG_ENVIRONMENTS,
  FlagType,
  NewFlag,
  parseValueTarget,
} from '@controlplane/plugin-flags-common';
import { FlagsService } from './FlagsService';
import { FLAG_AUDIT_RESOURCE_TYPE } from './routes/types';

/** The actor of changes the plugin makes itself. */
const SYSTEM_ACTOR = 'system';

/** A flag of `flags.initialFlags` with the values it starts with. */
interface InitialFlag {
  flag: NewFlag;
  values: Array<{ environment: Environment; target: string; variant: string }>;
}

/** Initial values are for environments and plans (tenants are not known yet). */
const TARGET = /^(default|plan:(free|starter|professional|enterprise))$/;

function readInitialFlags(config: Config): InitialFlag[] {
  return (config.getOptionalConfigArray('flags.initialFlags') ?? []).map(
    entry => {
      const key = entry.getString('key');
      const values = (entry.getOptionalConfigArray('values') ?? []).map(
        value => {
          const environment = value.getString('environment') as Environment;
          const target = value.getString('target');
          if (
            !FLAG_ENVIRONMENTS.includes(environment) ||
            !TARGET.test(target)
          ) {
            throw new InputError(
              `flags.initialFlags ${key}: a value needs an environment (${FLAG_ENVIRONMENTS.join(
                ', ',
              )}) and a target (default or plan:<plan>)`,
            );
          }
          return { environment, target, variant: value.getString('variant') };
        },
      );
      return {
        flag: {
          key,
          description: entry.getOptionalString('description'),
          type: entry.getString('type') as FlagType,
          variants: entry.getConfigArray('variants').map(variant => ({
            name: variant.getString('name'),
            value: variant.get('value'),
          })),
          defaultVariant: entry.getString('defaultVariant'),
          owner: entry.getOptionalString('owner'),
          tags: entry.getOptionalStringArray('tags'),
        },
        values,
      };
    },
  );
}

/**
 * Creates `flags.initialFlags` on the first start, when there is no flag at
 * all (local development; production sets none), as `system`, each creation
 * and value one audit event. An instance seeding at the same time makes the
 * keys conflict; those are skipped. Returns how many flags were created.
 */
export async function seedInitialFlags(options: {
  flags: FlagsService;
  config: Config;
  logger: LoggerService;
  auditor: AuditorService;
}): Promise<number> {
  const { flags, auditor } = options;
  const initial = readInitialFlags(options.config);
  if (initial.length === 0 || !(await flags.isEmpty())) return 0;
  let created = 0;
  for (const { flag, values } of initial) {
    const meta = {
      resourceType: FLAG_AUDIT_RESOURCE_TYPE,
      resourceId: flag.key,
    };
    try {
      await auditedChange({
        auditor,
        eventId: 'flag-create',
        severityLevel: 'medium',
        meta,
        change: () => flags.create(flag, SYSTEM_ACTOR),
        successMeta: ({ audit }) => audit,
      });
    } catch (error) {
      if ((error as Error).name === 'ConflictError') continue;
      throw error;
    }
    for (const value of values) {
      await auditedChange({
        auditor,
        eventId: 'flag-value-set',
        severityLevel: 'medium',
        meta: { ...meta, environment: value.environment, target: value.target },
        change: () =>
          flags.setValue(
            flag.key,
            value.environment,
            parseValueTarget(value.target),
            { variant: value.variant },
            SYSTEM_ACTOR,
            'initial flag values (flags.initialFlags)',
          ),
        successMeta: ({ audit }) => audit,
      });
    }
    created++;
  }
  options.logger.info(`Created ${created} initial flags`);
  return created;
}
