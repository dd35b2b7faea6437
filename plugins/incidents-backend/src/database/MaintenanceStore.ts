import { KnexStore } from '@controlplane/backend-common';
import type { MaintenanceWindow } from '@controlplane/plugin-incidents-common';
import { OverrideRow, toWindow, WindowRow } from './rows';

const WINDOWS = 'maintenance_windows';
const OVERRIDES = 'maintenance_overrides';

/** All SQL of maintenance windows and their overrides. */
export class MaintenanceStore extends KnexStore {
  private async withOverrides(
    rows: WindowRow[],
    now: Date,
  ): Promise<MaintenanceWindow[]> {
    const overrides: OverrideRow[] = rows.length
      ? await this.db<OverrideRow>(OVERRIDES)
          .whereIn(
            'window_id',
            rows.map(row => row.id),
          )
          .orderBy('requested_at')
      : [];
    return rows.map(row =>
      toWindow(
        row,
        overrides.filter(o => o.window_id === row.id),
        now,
      ),
    );
  }

  async insert(row: WindowRow): Promise<void> {
    await this.db<WindowRow>(WINDOWS).insert(row);
  }

  async byId(id: string, now: Date): Promise<MaintenanceWindow | undefined> {
    const row = await this.db<WindowRow>(WINDOWS).where({ id }).first();
    return row ? (await this.withOverrides([row], now))[0] : undefined;
  }

  /** Windows not ended and not cancelled (or all), soonest first. */
  async list(now: Date, all: boolean): Promise<MaintenanceWindow[]> {
    const builder = this.db<WindowRow>(WINDOWS);
    if (!all) {
      builder
        .whereNull('cancelled_at')
        .where('ends_at', '>', now.toISOString());
    }
    const rows = await builder.orderBy(['starts_at', 'id']).limit(1000);
    return this.withOverrides(rows, now);
  }

  /** Windows in effect now in an environment, for all tenants or this one. */
  async activeIn(
    environment: string,
    tenant: string | undefined,
    now: Date,
  ): Promise<MaintenanceWindow[]> {
    const at = now.toISOString();
    const builder = this.db<WindowRow>(WINDOWS)
      .where('environment', environment)
      .whereNull('cancelled_at')
      .where('starts_at', '<=', at)
      .where('ends_at', '>', at);
    builder.where(inner => {
      inner.whereNull('tenant');
      if (tenant) inner.orWhere({ tenant });
    });
    return this.withOverrides(await builder.orderBy('starts_at'), now);
  }

  async cancel(id: string, by: string, at: string): Promise<boolean> {
    const updated = await this.db<WindowRow>(WINDOWS)
      .where({ id })
      .whereNull('cancelled_at')
      .where('ends_at', '>', at)
      .update({ cancelled_at: at, cancelled_by: by });
    return updated > 0;
  }

  /** Adds an override; false when the window has one for the operation. */
  async addOverride(row: OverrideRow): Promise<boolean> {
    const inserted = await this.db<OverrideRow>(OVERRIDES)
      .insert(row)
      .onConflict(['window_id', 'operation'])
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  async override(id: string): Promise<OverrideRow | undefined> {
    return this.db<OverrideRow>(OVERRIDES).where({ id }).first();
  }

  /** Approves an override not approved yet; false if it was. */
  async approveOverride(id: string, by: string, at: string): Promise<boolean> {
    const updated = await this.db<OverrideRow>(OVERRIDES)
      .where({ id })
      .whereNull('approved_by')
      .update({ approved_by: by, approved_at: at });
    return updated > 0;
  }
}
