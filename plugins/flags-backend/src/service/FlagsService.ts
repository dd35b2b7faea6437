import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { JsonObject } from '@backstage/types';
import { Change } from '@controlplane/backend-common';
import {
  Environment,
  Flag,
  FlagPage,
  FlagPatch,
  FlagValue,
  FLAG_ENVIRONMENTS,
  NewFlag,
  ValueInput,
  ValueTarget,
} from '@controlplane/plugin-flags-common';
import { duplicateKey, FlagListQuery, ValueKey } from '../database/FlagsStore';
import { StoredFlag } from '../database/rows';
import { FlagsStores } from '../database/stores';
import {
  checkRules,
  checkVariantName,
  checkVariants,
  variantsUsed,
} from './flagRules';

/** What changed, for the instances and apps that must learn of it. */
export interface FlagChangeNotice {
  key: string;
  /** The tenants concerned; undefined: all. */
  tenants?: string[];
  revision: number;
}

export interface FlagsServiceOptions {
  stores: FlagsStores;
  /** Told after every committed change (publishes the change event). */
  onChange: (notice: FlagChangeNotice) => Promise<void>;
  /** A flag unchanged and unevaluated for this long is potentially stale. */
  staleAfterDays: number;
  now?: () => Date;
}

/** What the audit trail records of a definition. */
function definitionState(flag: StoredFlag): JsonObject {
  return {
    description: flag.description ?? null,
    type: flag.type,
    variants: flag.variants as unknown as JsonObject[],
    defaultVariant: flag.defaultVariant,
    offVariant: flag.offVariant,
    owner: flag.owner ?? null,
    tags: flag.tags,
    environments: flag.environments,
    lifecycle: flag.lifecycle,
    killed: flag.killed,
  };
}

function valueState(value: FlagValue | undefined): JsonObject | null {
  return value
    ? { variant: value.variant, rules: value.rules as unknown as JsonObject[] }
    : null;
}

export function valueKeyOf(
  flagKey: string,
  environment: Environment,
  target: ValueTarget,
): ValueKey {
  return {
    flagKey,
    environment,
    layer: target.layer,
    subject: subjectOf(target),
  };
}

/** The plan or tenant a value is for; '' for the environment's default. */
function subjectOf(target: ValueTarget): string {
  if (target.layer === 'plan') return target.plan;
  if (target.layer === 'tenant') return target.tenant;
  return '';
}

/** Production changes carry their reason. */
function requireReason(reason: string | undefined, what: string): void {
  if (!reason?.trim()) {
    throw new InputError(`${what} touches production: give a reason`);
  }
}

/**
 * The rules of flag definitions and values. Every change runs in one
 * transaction that also moves the configuration revision, answers a
 * `Change` with the state before and after, and is announced once
 * committed. No HTTP and no permission checks here.
 */
export class FlagsService {
  readonly #stores: FlagsStores;
  readonly #onChange: FlagsServiceOptions['onChange'];
  readonly #staleAfterMs: number;
  readonly #now: () => Date;

  constructor(options: FlagsServiceOptions) {
    this.#stores = options.stores;
    this.#onChange = options.onChange;
    this.#staleAfterMs = options.staleAfterDays * 86_400_000;
    this.#now = options.now ?? (() => new Date());
  }

  /** Before this time, a flag unchanged and unevaluated is potentially stale. */
  staleCutoff(): string {
    return new Date(this.#now().getTime() - this.#staleAfterMs).toISOString();
  }

  private isStale(flag: StoredFlag, lastEvaluatedAt?: string): boolean {
    const cutoff = this.staleCutoff();
    return (
      flag.updatedAt < cutoff && (!lastEvaluatedAt || lastEvaluatedAt < cutoff)
    );
  }

  async list(query: Omit<FlagListQuery, 'staleCutoff'>): Promise<FlagPage> {
    const page = await this.#stores.flags.list({
      ...query,
      staleCutoff: this.staleCutoff(),
    });
    return {
      items: page.rows.map(({ variants, ...flag }) => ({
        ...flag,
        potentiallyStale: this.isStale(
          flag as StoredFlag,
          flag.lastEvaluatedAt,
        ),
      })),
      ...(page.nextCursor ? { nextCursor: page.nextCursor } : {}),
    };
  }

  /** Whether there is no flag at all (the first start). */
  async isEmpty(): Promise<boolean> {
    return (
      (
        await this.#stores.flags.list({
          lifecycles: ['active', 'deprecated', 'archived'],
          staleCutoff: this.staleCutoff(),
          limit: 1,
        })
      ).rows.length === 0
    );
  }

  /** The stored definition; 404 when there is none. */
  async definition(key: string): Promise<StoredFlag> {
    const flag = await this.#stores.flags.byKey(key);
    if (!flag) throw new NotFoundError(`No flag ${key}`);
    return flag;
  }

  /**
   * One flag with its values; `showTenant` decides which tenant overrides
   * the caller sees.
   */
  async get(
    key: string,
    showTenant: (tenant: string) => boolean,
  ): Promise<Flag> {
    const flag = await this.definition(key);
    const [values, lastEvaluatedAt] = await Promise.all([
      this.#stores.flags.valuesOf([key]),
      this.#stores.flags.lastEvaluatedAt(key),
    ]);
    return {
      ...flag,
      potentiallyStale: this.isStale(flag, lastEvaluatedAt),
      ...(lastEvaluatedAt ? { lastEvaluatedAt } : {}),
      values: values.filter(
        value => value.layer !== 'tenant' || showTenant(value.tenant!),
      ),
    };
  }

  async create(input: NewFlag, actor: string): Promise<Change<Flag>> {
    checkVariants(input.type, input.variants);
    checkVariantName(input.variants, input.defaultVariant, 'defaultVariant');
    const offVariant =
      input.offVariant ??
      (input.type === 'boolean'
        ? input.variants.find(variant => variant.value === false)?.name
        : undefined) ??
      input.defaultVariant;
    checkVariantName(input.variants, offVariant, 'offVariant');
    const now = this.#now().toISOString();
    const flag: StoredFlag = {
      key: input.key,
      ...(input.description ? { description: input.description } : {}),
      type: input.type,
      variants: input.variants,
      defaultVariant: input.defaultVariant,
      offVariant,
      ...(input.owner ? { owner: input.owner } : {}),
      tags: [...new Set(input.tags ?? [])],
      environments: sortEnvironments(
        input.environments ?? [...FLAG_ENVIRONMENTS],
      ),
      lifecycle: 'active',
      killed: false,
      revision: 1,
      createdBy: actor,
      createdAt: now,
      updatedAt: now,
    };
    const revision = await this.#stores.transaction(async stores => {
      if (await stores.flags.byKey(flag.key)) throw duplicateKey(flag.key);
      await stores.flags.insert(flag);
      return stores.flags.bumpConfigRevision();
    });
    await this.#onChange({ key: flag.key, revision });
    return {
      result: { ...flag, potentiallyStale: false, values: [] },
      audit: { after: definitionState(flag) },
    };
  }

  async update(key: string, patch: FlagPatch): Promise<Change<Flag>> {
    const change = await this.#stores.transaction(async stores => {
      const before = await this.lockFlag(stores, key, patch.revision);
      const after: StoredFlag = {
        ...before,
        ...(patch.description !== undefined
          ? { description: patch.description || undefined }
          : {}),
        ...(patch.owner !== undefined
          ? { owner: patch.owner || undefined }
          : {}),
        ...(patch.tags ? { tags: [...new Set(patch.tags)] } : {}),
        ...(patch.variants ? { variants: patch.variants } : {}),
        ...(patch.defaultVariant
          ? { defaultVariant: patch.defaultVariant }
          : {}),
        ...(patch.offVariant ? { offVariant: patch.offVariant } : {}),
        ...(patch.environments
          ? { environments: sortEnvironments(patch.environments) }
          : {}),
        ...(patch.lifecycle ? { lifecycle: patch.lifecycle } : {}),
        revision: before.revision + 1,
        updatedAt: this.#now().toISOString(),
      };
      if (
        before.environments.includes('production') ||
        after.environments.includes('production')
      ) {
        requireReason(patch.reason, `Changing flag ${key}`);
      }
      checkVariants(after.type, after.variants);
      checkVariantName(after.variants, after.defaultVariant, 'defaultVariant');
      checkVariantName(after.variants, after.offVariant, 'offVariant');
      if (patch.variants) {
        // Values keep serving variants that still exist.
        for (const value of await stores.flags.valuesOf([key])) {
          for (const name of variantsUsed(value.variant, value.rules)) {
            if (!after.variants.some(variant => variant.name === name)) {
              throw new ConflictError(
                `The ${value.environment} value ${value.target} serves the variant ${name}; change it first`,
              );
            }
          }
        }
      }
      await stores.flags.update(after);
      const revision = await stores.flags.bumpConfigRevision();
      return { before, after, revision };
    });
    await this.#onChange({ key, revision: change.revision });
    return {
      result: await this.get(key, () => true),
      audit: {
        before: definitionState(change.before),
        after: definitionState(change.after),
        ...(patch.reason ? { reason: patch.reason } : {}),
      },
    };
  }

  /** Sets (input) or clears (undefined) the value of one layer. */
  async setValue(
    key: string,
    environment: Environment,
    target: ValueTarget,
    input: ValueInput | undefined,
    actor: string,
    reason?: string,
  ): Promise<Change<FlagValue | undefined>> {
    const valueKey = valueKeyOf(key, environment, target);
    const change = await this.#stores.transaction(async stores => {
      const flag = await this.lockFlag(stores, key);
      if (!flag.environments.includes(environment)) {
        throw new ConflictError(`Flag ${key} does not exist in ${environment}`);
      }
      if (environment === 'production') {
        requireReason(reason, `Changing a value of flag ${key}`);
      }
      if (
        target.layer === 'tenant' &&
        !(await stores.tenants.byName(target.tenant))
      ) {
        throw new NotFoundError(`No tenant ${target.tenant}`);
      }
      const before = await stores.flags.valueAt(valueKey);
      const now = this.#now().toISOString();
      if (input) {
        checkVariantName(flag.variants, input.variant, 'variant');
        checkRules(flag.variants, input.rules ?? []);
        await stores.flags.putValue(valueKey, {
          variant: input.variant,
          rules: input.rules ?? [],
          updatedBy: actor,
          updatedAt: now,
        });
      } else if (!before) {
        throw new NotFoundError(
          `Flag ${key} has no ${environment} value for ${
            target.layer === 'environment' ? 'default' : valueKey.subject
          }`,
        );
      } else {
        await stores.flags.deleteValue(valueKey);
      }
      await stores.flags.update({
        ...flag,
        revision: flag.revision + 1,
        updatedAt: now,
      });
      const revision = await stores.flags.bumpConfigRevision();
      return { before, after: await stores.flags.valueAt(valueKey), revision };
    });
    await this.#onChange({
      key,
      ...(target.layer === 'tenant' ? { tenants: [target.tenant] } : {}),
      revision: change.revision,
    });
    return {
      result: change.after,
      audit: {
        environment,
        target:
          valueKey.layer === 'environment'
            ? 'default'
            : `${valueKey.layer}:${valueKey.subject}`,
        ...(target.layer === 'tenant' ? { tenant: target.tenant } : {}),
        before: valueState(change.before),
        after: valueState(change.after),
        ...(reason ? { reason } : {}),
      },
    };
  }

  /** Turns the flag off everywhere (enabled) or back on. */
  async setKillSwitch(
    key: string,
    enabled: boolean,
    reason: string,
  ): Promise<Change<Flag>> {
    requireReason(reason, `The kill switch of ${key}`);
    const change = await this.#stores.transaction(async stores => {
      const before = await this.lockFlag(stores, key);
      const after = {
        ...before,
        killed: enabled,
        revision: before.revision + 1,
        updatedAt: this.#now().toISOString(),
      };
      await stores.flags.update(after);
      return { before, revision: await stores.flags.bumpConfigRevision() };
    });
    await this.#onChange({ key, revision: change.revision });
    return {
      result: await this.get(key, () => true),
      audit: {
        before: { killed: change.before.killed },
        after: { killed: enabled },
        reason,
      },
    };
  }

  private async lockFlag(
    stores: FlagsStores,
    key: string,
    expectedRevision?: number,
  ): Promise<StoredFlag> {
    const flag = await stores.flags.lockByKey(key);
    if (!flag) throw new NotFoundError(`No flag ${key}`);
    if (expectedRevision !== undefined && expectedRevision !== flag.revision) {
      throw new ConflictError(
        `Flag ${key} changed since revision ${expectedRevision} (now ${flag.revision}); reload it`,
      );
    }
    return flag;
  }
}

function sortEnvironments(environments: Environment[]): Environment[] {
  return FLAG_ENVIRONMENTS.filter(environment =>
    environments.includes(environment),
  );
}
