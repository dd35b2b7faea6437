import type { IngestResult } from '@controlplane/plugin-billing-common';
import { periodOf } from '@controlplane/plugin-billing-common';
import { BillingStores } from '../database/stores';
import { StoredEvent } from '../database/UsageStore';

/** An event as the contract admits it. */
export interface UsageEventInput {
  id: string;
  tenant: string;
  type: string;
  quantity: number;
  timestamp: string;
  model?: string;
  agent?: string;
  properties?: Record<string, string>;
}

/** Who sends the events: their ids are unique per source. */
export interface IngestionCaller {
  /** `app:<appId>` or `service:<subject>`. */
  source: string;
  /** For apps: its name and the tenants it serves. */
  app?: { appName: string; tenants: string[] };
}

/**
 * Usage ingestion, exactly once per source and event id. Each event is
 * checked on its own (tenant served and active, timestamp within the
 * window, its period open); the valid ones are inserted in one transaction
 * that skips ids already recorded (the unique key decides, also between
 * concurrent retries) and adds the new ones to the hourly aggregates. The
 * answer is given after the commit.
 */
export class IngestionService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      maxFutureSeconds: number;
      now?: () => Date;
    },
  ) {}

  /** Periods known to have their row: a period row is never deleted. */
  readonly #knownPeriods = new Set<string>();

  async ingest(
    caller: IngestionCaller,
    events: UsageEventInput[],
  ): Promise<IngestResult & { tenants: string[] }> {
    const { stores } = this.options;
    const now = this.options.now?.() ?? new Date();
    const result: IngestResult = { created: [], duplicates: [], rejected: [] };
    const reject = (index: number, id: string, reason: string) =>
      result.rejected.push({ index, id, reason });

    // An app's credential already leaves out the tenants that are suspended
    // or offboarded (the apps plugin's snapshot): only services need the
    // plugin's own copy of the statuses, one query less per batch for apps.
    const tenants = caller.app
      ? new Map<string, { status: string }>()
      : await stores.tenants.byNames([
          ...new Set(events.map(event => event.tenant)),
        ]);
    const latest = now.getTime() + this.options.maxFutureSeconds * 1000;
    const candidates: Array<{ index: number; event: StoredEvent }> = [];
    events.forEach((input, index) => {
      const occurred = new Date(input.timestamp).getTime();
      const status = tenants.get(input.tenant)?.status;
      if (caller.app && !caller.app.tenants.includes(input.tenant)) {
        reject(
          index,
          input.id,
          `app ${caller.app.appName} does not serve tenant ${input.tenant}, or the tenant is suspended or offboarded`,
        );
      } else if (status === 'suspended' || status === 'offboarded') {
        reject(index, input.id, `tenant ${input.tenant} is ${status}`);
      } else if (occurred > latest) {
        reject(
          index,
          input.id,
          `timestamp is more than ${this.options.maxFutureSeconds} s in the future`,
        );
      } else {
        candidates.push({
          index,
          event: {
            source: caller.source,
            eventId: input.id,
            tenant: input.tenant,
            period: periodOf(input.timestamp),
            type: input.type,
            quantity: input.quantity,
            model: input.model,
            agent: input.agent,
            app: caller.app?.appName,
            properties: input.properties,
            occurredAt: new Date(occurred).toISOString(),
            recordedAt: now.toISOString(),
          },
        });
      }
    });

    const periods = [...new Set(candidates.map(c => c.event.period))];
    const unknown = periods.filter(period => !this.#knownPeriods.has(period));
    await stores.usage.ensurePeriods(unknown);
    for (const period of unknown) this.#knownPeriods.add(period);
    const inserted = await stores.transaction(async trx => {
      // Shared locks: a period cannot close while these events go in.
      const statuses = await trx.usage.periodStatuses(periods);
      const open = candidates.filter(({ index, event }) => {
        if (statuses.get(event.period) === 'open') return true;
        reject(index, event.eventId, `the period ${event.period} is closed`);
        return false;
      });
      // One event per id in the batch; later copies are duplicates.
      const firsts = new Map<string, (typeof open)[number]>();
      for (const candidate of open) {
        if (!firsts.has(candidate.event.eventId)) {
          firsts.set(candidate.event.eventId, candidate);
        }
      }
      const batch = [...firsts.values()].map(c => c.event);
      const ids = await trx.usage.insertNew(batch);
      await trx.usage.addToAggregates(
        batch.filter(event => ids.has(event.eventId)),
      );
      return { open, firsts, ids };
    });

    for (const candidate of inserted.open) {
      const outcome = { index: candidate.index, id: candidate.event.eventId };
      const first = inserted.firsts.get(candidate.event.eventId) === candidate;
      if (first && inserted.ids.has(candidate.event.eventId))
        result.created.push(outcome);
      else result.duplicates.push(outcome);
    }
    result.rejected.sort((a, b) => a.index - b.index);
    result.duplicates.sort((a, b) => a.index - b.index);
    return {
      ...result,
      tenants: [
        ...new Set(result.created.map(outcome => events[outcome.index].tenant)),
      ],
    };
  }
}
