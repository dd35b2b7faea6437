import { randomUUID } from 'node:crypto';
import {
  ConflictError,
  InputError,
  NotAllowedError,
  NotFoundError,
} from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import {
  MaintenanceWindow,
  NewMaintenance,
} from '@controlplane/plugin-incidents-common';
import { IncidentsStores } from '../database/stores';

type Operation = MaintenanceWindow['operations'][number];

/** The longest window, so a typo does not block deploys for a year. */
const MAX_DAYS = 31;

/**
 * Maintenance windows: scheduled per environment (and tenant) with the
 * operations they block; whether an operation is blocked now; overrides
 * asked with a reason and approved by a second person.
 */
export class MaintenanceService {
  constructor(
    private readonly options: {
      stores: IncidentsStores;
      /** Tells the admins of the tenants a window concerns. */
      announce: (window: MaintenanceWindow) => Promise<void>;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  list(all: boolean): Promise<MaintenanceWindow[]> {
    return this.options.stores.maintenance.list(this.now(), all);
  }

  async schedule(
    input: NewMaintenance,
    by: string,
  ): Promise<Change<MaintenanceWindow>> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    const now = this.now();
    if (!(endsAt > startsAt)) {
      throw new InputError('endsAt must be after startsAt');
    }
    if (endsAt <= now) throw new InputError('endsAt is in the past');
    if (endsAt.getTime() - startsAt.getTime() > MAX_DAYS * 86_400_000) {
      throw new InputError(
        `A maintenance window lasts at most ${MAX_DAYS} days`,
      );
    }
    const id = randomUUID();
    await this.options.stores.maintenance.insert({
      id,
      title: input.title.trim(),
      description: input.description ?? null,
      environment: input.environment,
      tenant: input.tenant ?? null,
      operations: JSON.stringify([...new Set(input.operations)]),
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      created_by: by,
      created_at: now.toISOString(),
      cancelled_at: null,
      cancelled_by: null,
    });
    const window = (await this.options.stores.maintenance.byId(id, now))!;
    await this.options.announce(window);
    return { result: window, audit: { after: { ...window } } };
  }

  async cancel(id: string, by: string): Promise<Change<MaintenanceWindow>> {
    const now = this.now();
    await this.load(id);
    if (
      !(await this.options.stores.maintenance.cancel(id, by, now.toISOString()))
    ) {
      throw new ConflictError('The window is cancelled or over already');
    }
    const window = (await this.options.stores.maintenance.byId(id, now))!;
    return {
      result: window,
      audit: { title: window.title, environment: window.environment },
    };
  }

  /** Whether `operation` is blocked now (no approved override lets it through). */
  async blocked(
    operation: Operation,
    environment: MaintenanceWindow['environment'],
    tenant?: string,
  ): Promise<{ blocked: boolean; windows: MaintenanceWindow[] }> {
    const windows = (
      await this.options.stores.maintenance.activeIn(
        environment,
        tenant,
        this.now(),
      )
    ).filter(window => window.operations.includes(operation));
    const blocking = windows.filter(
      window =>
        !window.overrides.some(o => o.operation === operation && o.approvedBy),
    );
    return { blocked: blocking.length > 0, windows };
  }

  async requestOverride(
    id: string,
    operation: Operation,
    reason: string,
    by: string,
  ): Promise<Change<MaintenanceWindow>> {
    const window = await this.load(id);
    if (!window.operations.includes(operation)) {
      throw new InputError(`The window does not block ${operation}`);
    }
    if (window.cancelledAt || window.endsAt <= this.now().toISOString()) {
      throw new ConflictError('The window is cancelled or over');
    }
    const added = await this.options.stores.maintenance.addOverride({
      id: randomUUID(),
      window_id: id,
      operation,
      reason: reason.trim(),
      requested_by: by,
      requested_at: this.now().toISOString(),
      approved_by: null,
      approved_at: null,
    });
    if (!added) {
      throw new ConflictError(`An override of ${operation} was asked already`);
    }
    const after = (await this.options.stores.maintenance.byId(id, this.now()))!;
    return { result: after, audit: { operation, reason } };
  }

  async approveOverride(
    id: string,
    overrideId: string,
    by: string,
  ): Promise<Change<MaintenanceWindow>> {
    await this.load(id);
    const override = await this.options.stores.maintenance.override(overrideId);
    if (!override || override.window_id !== id) {
      throw new NotFoundError(`No override ${overrideId} of this window`);
    }
    if (override.requested_by === by) {
      throw new NotAllowedError(
        'An override needs a second person: not the one who asked for it',
      );
    }
    const approved = await this.options.stores.maintenance.approveOverride(
      overrideId,
      by,
      this.now().toISOString(),
    );
    if (!approved) throw new ConflictError('The override is approved already');
    const after = (await this.options.stores.maintenance.byId(id, this.now()))!;
    return {
      result: after,
      audit: {
        operation: override.operation,
        reason: override.reason,
        requestedBy: override.requested_by,
      },
    };
  }

  private async load(id: string): Promise<MaintenanceWindow> {
    const window = await this.options.stores.maintenance.byId(id, this.now());
    if (!window) throw new NotFoundError(`No maintenance window ${id}`);
    return window;
  }
}
