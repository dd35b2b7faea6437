import { LoggerService } from '@backstage/backend-plugin-api';
import { PurgeClass } from '../database/AuditStore';
import { AuditStores } from '../database/stores';

export interface RetentionRule {
  /** Exact actions, `prefix.*` patterns or `*`. */
  actions: string[];
  days: number;
}

/** How long records are kept (`audit.retention`). */
export interface RetentionPolicy {
  /** Days for actions no rule names; undefined keeps them forever. */
  defaultDays?: number;
  rules: RetentionRule[];
}

const DAY_MS = 24 * 3600 * 1000;

/** Splits `rbac.*`-style patterns into exact names and prefixes. */
export function parseActionPatterns(patterns: string[]): {
  exact: string[];
  prefixes: string[];
  all: boolean;
} {
  const exact: string[] = [];
  const prefixes: string[] = [];
  let all = false;
  for (const pattern of patterns) {
    if (pattern === '*') all = true;
    else if (pattern.endsWith('.*')) prefixes.push(pattern.slice(0, -1));
    else exact.push(pattern);
  }
  return { exact, prefixes, all };
}

/** Applies the retention policy: purges expired records, chain kept verifiable. */
export class RetentionService {
  constructor(
    private readonly stores: AuditStores,
    private readonly options: {
      retention: RetentionPolicy;
      logger: LoggerService;
    },
  ) {}

  /** Whether the policy purges anything at all. */
  get enabled(): boolean {
    const { retention } = this.options;
    return retention.defaultDays !== undefined || retention.rules.length > 0;
  }

  /** The retention classes for a purge at `now`, most specific first. */
  purgeClasses(now: Date): PurgeClass[] {
    const { retention } = this.options;
    const cutoff = (days: number) =>
      new Date(now.getTime() - days * DAY_MS).toISOString();
    const classes: PurgeClass[] = [];
    for (const rule of retention.rules) {
      const { exact, prefixes, all } = parseActionPatterns(rule.actions);
      classes.push({
        exact: all ? [] : exact,
        prefixes: all ? [] : prefixes,
        cutoff: cutoff(rule.days),
      });
      if (all) return classes;
    }
    classes.push({
      exact: [],
      prefixes: [],
      cutoff:
        retention.defaultDays === undefined
          ? undefined
          : cutoff(retention.defaultDays),
    });
    return classes;
  }

  /**
   * Removes the content of expired records (keeping their chain fields)
   * and deletes the fully purged prefix of the chain behind a signed
   * `purge` checkpoint. Runs in bounded batches.
   */
  async purge(
    now: Date = new Date(),
    batchSize = 5000,
  ): Promise<{ redacted: number; deleted: number }> {
    const { audit } = this.stores;
    const classes = this.purgeClasses(now);
    let redacted = 0;
    for (;;) {
      const count = await audit.redactExpired(
        classes,
        now.toISOString(),
        batchSize,
      );
      redacted += count;
      if (count < batchSize) break;
    }
    let deleted = 0;
    for (;;) {
      const count = await audit.deletePurgedPrefix(batchSize);
      deleted += count;
      if (count === 0) break;
    }
    if (redacted > 0 || deleted > 0) {
      this.options.logger.info(
        `Audit retention: removed the content of ${redacted} records, deleted ${deleted} purged records at the start of the chain`,
      );
    }
    return { redacted, deleted };
  }
}
