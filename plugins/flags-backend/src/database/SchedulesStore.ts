import { KnexStore } from '@controlplane/backend-common';
import type {
  Schedule,
  ScheduledChange,
} from '@controlplane/plugin-flags-common';
import { DbTime, toIso } from './rows';

interface ScheduleRow {
  id: string;
  flag_key: string;
  run_at: DbTime;
  change: string;
  reason: string | null;
  status: Schedule['status'];
  created_by: string;
  created_at: DbTime;
  applied_at: DbTime | null;
  error: string | null;
}

function toSchedule(row: ScheduleRow): Schedule {
  return {
    id: row.id,
    flagKey: row.flag_key,
    runAt: toIso(row.run_at),
    change: JSON.parse(row.change) as ScheduledChange,
    ...(row.reason !== null ? { reason: row.reason } : {}),
    status: row.status,
    createdBy: row.created_by,
    createdAt: toIso(row.created_at),
    ...(row.applied_at !== null ? { appliedAt: toIso(row.applied_at) } : {}),
    ...(row.error !== null ? { error: row.error } : {}),
  };
}

/** All SQL of scheduled flag changes. */
export class SchedulesStore extends KnexStore {
  async ofFlag(flagKey: string): Promise<Schedule[]> {
    const rows: ScheduleRow[] = await this.db<ScheduleRow>('flag_schedules')
      .where({ flag_key: flagKey })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200);
    return rows.map(toSchedule);
  }

  async byId(id: string): Promise<Schedule | undefined> {
    const row = await this.db<ScheduleRow>('flag_schedules')
      .where({ id })
      .first();
    return row && toSchedule(row);
  }

  /** Takes a pending change for running; false when another run took it. */
  async claim(id: string): Promise<boolean> {
    const updated = await this.db('flag_schedules')
      .where({ id, status: 'pending' })
      .update({ status: 'running' });
    return updated === 1;
  }

  async lockById(id: string): Promise<Schedule | undefined> {
    const row = await this.forUpdate(
      this.db<ScheduleRow>('flag_schedules').where({ id }),
    ).first();
    return row && toSchedule(row);
  }

  /** The ids of pending changes due at `now`, oldest first. */
  async dueIds(now: string, limit: number): Promise<string[]> {
    const rows: Array<{ id: string }> = await this.db('flag_schedules')
      .where('status', 'pending')
      .where('run_at', '<=', now)
      .orderBy('run_at')
      .limit(limit)
      .select('id');
    return rows.map(row => row.id);
  }

  async insert(schedule: Schedule): Promise<void> {
    await this.db('flag_schedules').insert({
      id: schedule.id,
      flag_key: schedule.flagKey,
      run_at: schedule.runAt,
      change: JSON.stringify(schedule.change),
      reason: schedule.reason ?? null,
      status: schedule.status,
      created_by: schedule.createdBy,
      created_at: schedule.createdAt,
    });
  }

  /** Ends a pending change (applied, cancelled or failed). */
  async finish(
    id: string,
    status: Exclude<Schedule['status'], 'pending' | 'running'>,
    at: string,
    error?: string,
  ): Promise<void> {
    await this.db('flag_schedules')
      .where({ id })
      .update({
        status,
        applied_at: status === 'cancelled' ? null : at,
        error: error?.slice(0, 2000) ?? null,
      });
  }
}
