import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  NewSchedule,
  parseValueTarget,
  Schedule,
} from '@controlplane/plugin-flags-common';
import { FlagsStores } from '../database/stores';
import { checkRules, checkVariantName } from './flagRules';
import { FlagsService } from './FlagsService';

/** How far ahead a change may be scheduled. */
const MAX_AHEAD_MS = 366 * 86_400_000;

/** Applies one due change as its own audited event. */
export type ScheduleRunner = (
  schedule: Schedule,
  apply: () => Promise<Change<unknown>>,
) => Promise<void>;

/**
 * Scheduled flag changes: stored when asked for, applied by the scheduler's
 * task (which runs on one instance at a time), each exactly once: a change
 * is marked applied, failed or cancelled in the same place it is read from,
 * under a row lock.
 */
export class SchedulesService {
  constructor(
    private readonly options: {
      stores: FlagsStores;
      flags: FlagsService;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  list(flagKey: string): Promise<Schedule[]> {
    return this.options.stores.schedules.ofFlag(flagKey);
  }

  async schedule(
    flagKey: string,
    input: NewSchedule,
    actor: string,
  ): Promise<Change<Schedule>> {
    const flag = await this.options.flags.definition(flagKey);
    const now = this.now();
    const runAt = new Date(input.runAt);
    if (runAt.getTime() <= now.getTime()) {
      throw new InputError('runAt must be in the future');
    }
    if (runAt.getTime() - now.getTime() > MAX_AHEAD_MS) {
      throw new InputError('runAt may be at most a year ahead');
    }
    const { change } = input;
    if (change.kind === 'kill-switch') {
      if (change.enabled === undefined) {
        throw new InputError('A kill-switch change needs enabled');
      }
      if (!input.reason?.trim()) {
        throw new InputError(
          'The kill switch touches production: give a reason',
        );
      }
    } else {
      if (!change.environment || !change.target) {
        throw new InputError(
          `A ${change.kind} change needs environment and target`,
        );
      }
      if (!flag.environments.includes(change.environment)) {
        throw new ConflictError(
          `Flag ${flagKey} does not exist in ${change.environment}`,
        );
      }
      if (change.environment === 'production' && !input.reason?.trim()) {
        throw new InputError('A production change needs a reason');
      }
      if (change.kind === 'set-value') {
        if (!change.variant)
          throw new InputError('A set-value change needs variant');
        checkVariantName(flag.variants, change.variant, 'change.variant');
        checkRules(flag.variants, change.rules ?? []);
      }
    }
    const schedule: Schedule = {
      id: randomUUID(),
      flagKey,
      runAt: runAt.toISOString(),
      change,
      ...(input.reason ? { reason: input.reason } : {}),
      status: 'pending',
      createdBy: actor,
      createdAt: now.toISOString(),
    };
    await this.options.stores.schedules.insert(schedule);
    return { result: schedule, audit: { after: { ...schedule } as never } };
  }

  async cancel(flagKey: string, id: string): Promise<Change<Schedule>> {
    return this.options.stores.transaction(async stores => {
      const schedule = await stores.schedules.lockById(id);
      if (!schedule || schedule.flagKey !== flagKey) {
        throw new NotFoundError(`No scheduled change ${id} of flag ${flagKey}`);
      }
      if (schedule.status !== 'pending') {
        throw new ConflictError(
          `The scheduled change is ${schedule.status} already`,
        );
      }
      await stores.schedules.finish(id, 'cancelled', this.now().toISOString());
      return {
        result: { ...schedule, status: 'cancelled' as const },
        audit: { scheduleId: id, runAt: schedule.runAt },
      };
    });
  }

  /**
   * Applies the changes due now, oldest first; answers how many ran. Each is
   * claimed first (pending → running, a conditional update), so two runs
   * never apply one change twice; the change itself runs in its own
   * transaction.
   */
  async runDue(run: ScheduleRunner): Promise<number> {
    const { stores } = this.options;
    const ids = await stores.schedules.dueIds(this.now().toISOString(), 100);
    let applied = 0;
    for (const id of ids) {
      if (!(await stores.schedules.claim(id))) continue;
      const schedule = (await stores.schedules.byId(id))!;
      try {
        await run(schedule, () => this.apply(schedule));
        await stores.schedules.finish(id, 'applied', this.now().toISOString());
        applied += 1;
      } catch (error) {
        await stores.schedules.finish(
          id,
          'failed',
          this.now().toISOString(),
          String((error as Error).message ?? error),
        );
      }
    }
    return applied;
  }

  private apply(schedule: Schedule): Promise<Change<unknown>> {
    const { flags } = this.options;
    const { change } = schedule;
    const reason = schedule.reason ?? `Scheduled change ${schedule.id}`;
    if (change.kind === 'kill-switch') {
      return flags.setKillSwitch(schedule.flagKey, change.enabled!, reason);
    }
    return flags.setValue(
      schedule.flagKey,
      change.environment!,
      parseValueTarget(change.target!),
      change.kind === 'set-value'
        ? { variant: change.variant!, rules: change.rules ?? [] }
        : undefined,
      `scheduled:${schedule.createdBy}`,
      reason,
    );
  }
}
