import { ConflictError } from '@backstage/errors';
import {
  decodeCursor,
  isUniqueViolation,
  KnexStore,
  LIKE_ESCAPE,
  likeContains,
  RowPage,
  toPage,
} from '@controlplane/backend-common';
import type {
  Environment,
  FlagValue,
  Lifecycle,
} from '@controlplane/plugin-flags-common';
import {
  FlagRow,
  FlagValueRow,
  StoredFlag,
  toFlagRow,
  toFlagValue,
  toIso,
  toStoredFlag,
} from './rows';

/** A list query, as the service asks it. */
export interface FlagListQuery {
  search?: string;
  tag?: string;
  lifecycles: Lifecycle[];
  /** true: only potentially stale flags; false: only the others. */
  stale?: boolean;
  /** Only flags owned by one of these entity refs (any case). */
  owners?: string[];
  /** Unchanged and unevaluated since this time: potentially stale. */
  staleCutoff: string;
  limit: number;
  cursor?: string;
}

/** A listed flag with what the stale marker is made of. */
export interface ListedFlag extends StoredFlag {
  lastEvaluatedAt?: string;
}

/** Where a value sits: flag, environment, layer and subject. */
export interface ValueKey {
  flagKey: string;
  environment: Environment;
  layer: FlagValue['layer'];
  /** '' for the environment's default, the plan, or the tenant. */
  subject: string;
}

export const duplicateKey = (key: string) =>
  new ConflictError(`A flag with the key ${key} exists already`);

/**
 * All SQL of flag definitions, their values and the configuration revision.
 * Bound to the plugin's connection, or to one transaction.
 */
export class FlagsStore extends KnexStore {
  /** The newest evaluation per flag, as a subquery joined by flag key. */
  private lastEvaluations() {
    return this.db('flag_evaluations')
      .select('flag_key')
      .max({ last_hour: 'hour' })
      .groupBy('flag_key')
      .as('evaluated');
  }

  /**
   * One page in key order. The stale marker's inputs (the last update and
   * the last evaluation) come in the same query, so a page is one round
   * trip however many flags it holds.
   */
  async list(query: FlagListQuery): Promise<RowPage<ListedFlag>> {
    const after = decodeCursor(query.cursor, ['k']);
    const builder = this.db('flags')
      .leftJoin(this.lastEvaluations(), 'evaluated.flag_key', 'flags.key')
      .select('flags.*', 'evaluated.last_hour')
      .whereIn('flags.lifecycle', query.lifecycles);
    if (query.search) {
      builder.where(inner =>
        inner
          .whereRaw(`LOWER(flags.key) LIKE ? ${LIKE_ESCAPE}`, [
            likeContains(query.search!),
          ])
          .orWhereRaw(`LOWER(flags.description) LIKE ? ${LIKE_ESCAPE}`, [
            likeContains(query.search!),
          ]),
      );
    }
    if (query.tag) {
      // Tags are [a-z0-9_-]: the quoted JSON form cannot hit a substring.
      builder.whereRaw(`flags.tags LIKE ? ${LIKE_ESCAPE}`, [
        likeContains(JSON.stringify(query.tag)),
      ]);
    }
    if (query.stale !== undefined) {
      const staleCondition = (inner: typeof builder) =>
        inner
          .where('flags.updated_at', '<', query.staleCutoff)
          .where(evaluated =>
            evaluated
              .whereNull('evaluated.last_hour')
              .orWhere('evaluated.last_hour', '<', query.staleCutoff),
          );
      if (query.stale) builder.where(staleCondition);
      else builder.whereNot(staleCondition);
    }
    if (query.owners) {
      // Entity refs compare without regard to case; the expression index
      // flags_owner_idx is on LOWER(owner).
      const owners = [
        ...new Set(query.owners.map(owner => owner.toLocaleLowerCase('en-US'))),
      ];
      if (owners.length === 0) builder.whereRaw('1 = 0');
      else {
        builder.whereRaw(
          `LOWER(flags.owner) IN (${owners.map(() => '?').join(', ')})`,
          owners,
        );
      }
    }
    if (after) builder.where('flags.key', '>', after.k);
    const rows: Array<FlagRow & { last_hour: string | Date | null }> =
      await builder.orderBy('flags.key').limit(query.limit + 1);
    const flags = rows.map(row => ({
      ...toStoredFlag(row),
      ...(row.last_hour ? { lastEvaluatedAt: toIso(row.last_hour) } : {}),
    }));
    return toPage(flags, query.limit, flag => ({ k: flag.key }));
  }

  async byKey(key: string): Promise<StoredFlag | undefined> {
    const row = await this.db<FlagRow>('flags').where({ key }).first();
    return row && toStoredFlag(row);
  }

  /** Reads the flag and, in a transaction on PostgreSQL, locks it until the end. */
  async lockByKey(key: string): Promise<StoredFlag | undefined> {
    const row = await this.forUpdate(
      this.db<FlagRow>('flags').where({ key }),
    ).first();
    return row && toStoredFlag(row);
  }

  /** When the flag was last evaluated by an app (hour resolution). */
  async lastEvaluatedAt(key: string): Promise<string | undefined> {
    const row = await this.db('flag_evaluations')
      .where({ flag_key: key })
      .max({ last_hour: 'hour' })
      .first();
    return row?.last_hour ? toIso(row.last_hour) : undefined;
  }

  /** Every flag that is not archived (what apps can be served). */
  async allServed(): Promise<StoredFlag[]> {
    const rows: FlagRow[] = await this.db<FlagRow>('flags')
      .whereNot('lifecycle', 'archived')
      .orderBy('key');
    return rows.map(toStoredFlag);
  }

  /** Inserts a new flag; a key in use is a ConflictError. */
  async insert(flag: StoredFlag): Promise<void> {
    try {
      await this.db('flags').insert(toFlagRow(flag));
    } catch (error) {
      if (isUniqueViolation(error)) throw duplicateKey(flag.key);
      throw error;
    }
  }

  /** Writes the whole definition (the revision included). */
  async update(flag: StoredFlag): Promise<void> {
    const { key, created_at, created_by, ...columns } = toFlagRow(flag);
    await this.db('flags').where({ key }).update(columns);
  }

  /** The values of these flags, every environment and layer. */
  async valuesOf(keys: string[]): Promise<FlagValue[]> {
    if (keys.length === 0) return [];
    const rows: FlagValueRow[] = await this.db<FlagValueRow>('flag_values')
      .whereIn('flag_key', keys)
      .orderBy(['flag_key', 'environment', 'layer', 'subject']);
    return rows.map(toFlagValue);
  }

  /** Every value of the flags apps can be served, keyed by flag. */
  async allServedValues(): Promise<Map<string, FlagValue[]>> {
    const rows: FlagValueRow[] = await this.db<FlagValueRow>('flag_values')
      .join('flags', 'flags.key', 'flag_values.flag_key')
      .whereNot('flags.lifecycle', 'archived')
      .select('flag_values.*');
    const byFlag = new Map<string, FlagValue[]>();
    for (const row of rows) {
      const values = byFlag.get(row.flag_key) ?? [];
      values.push(toFlagValue(row));
      byFlag.set(row.flag_key, values);
    }
    return byFlag;
  }

  async valueAt(key: ValueKey): Promise<FlagValue | undefined> {
    const row = await this.db<FlagValueRow>('flag_values')
      .where(this.valueWhere(key))
      .first();
    return row && toFlagValue(row);
  }

  /** Inserts or replaces the value at `key`. */
  async putValue(
    key: ValueKey,
    value: Pick<FlagValue, 'variant' | 'rules' | 'updatedBy' | 'updatedAt'>,
  ): Promise<void> {
    const row: FlagValueRow = {
      ...this.valueWhere(key),
      variant: value.variant,
      rules: JSON.stringify(value.rules),
      updated_by: value.updatedBy,
      updated_at: value.updatedAt,
    };
    await this.db('flag_values')
      .insert(row)
      .onConflict(['flag_key', 'environment', 'layer', 'subject'])
      .merge(['variant', 'rules', 'updated_by', 'updated_at']);
  }

  /** Removes the value at `key`; whether there was one. */
  async deleteValue(key: ValueKey): Promise<boolean> {
    return (
      (await this.db('flag_values').where(this.valueWhere(key)).delete()) > 0
    );
  }

  /** The configuration revision every instance's snapshot is made at. */
  async configRevision(): Promise<number> {
    const row = await this.db('flag_config').where({ id: 1 }).first();
    return Number(row?.revision ?? 0);
  }

  /**
   * Moves the configuration revision on, inside the change's transaction, so
   * instances reload only after the change is committed; answers the new one.
   */
  async bumpConfigRevision(): Promise<number> {
    await this.db('flag_config').where({ id: 1 }).increment('revision', 1);
    return this.configRevision();
  }

  private valueWhere(key: ValueKey) {
    return {
      flag_key: key.flagKey,
      environment: key.environment,
      layer: key.layer,
      subject: key.subject,
    };
  }
}
