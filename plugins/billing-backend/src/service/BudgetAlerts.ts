import { LoggerService } from '@backstage/backend-plugin-api';
import { PortalNotifier } from '@controlplane/backend-common';
import {
  BILLING_EVENT_TOPIC,
  BILLING_NOTIFICATION_TOPICS,
  BillingEventPayload,
  billingTenantPath,
} from '@controlplane/plugin-billing-common';
import { BillingConfig } from '../config';
import { BillingStores } from '../database/stores';
import { AccountsService } from './AccountsService';

/**
 * Budget thresholds: after usage is recorded, each threshold the tenant's
 * spending has reached in the period fires once — the alert's key in the
 * database decides which caller fires it, on whichever instance — as a
 * `budget.threshold-crossed` event and a notification to the tenant's
 * owners.
 */
export class BudgetAlerts {
  constructor(
    private readonly options: {
      stores: BillingStores;
      config: BillingConfig;
      accounts: AccountsService;
      publish: (payload: BillingEventPayload) => Promise<void>;
      notifier: PortalNotifier;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  /** Tenants whose check runs now, and those to check again after it. */
  readonly #running = new Set<string>();
  readonly #again = new Set<string>();

  /**
   * Checks these tenants after recording, in the background: one check per
   * tenant at a time on this instance, and one more after it when events
   * arrived meanwhile, so a busy tenant is not read once per request.
   */
  schedule(tenants: string[]): void {
    for (const tenant of tenants) {
      if (this.#running.has(tenant)) {
        this.#again.add(tenant);
        continue;
      }
      this.#running.add(tenant);
      void this.#checkUntilQuiet(tenant);
    }
  }

  async #checkUntilQuiet(tenant: string): Promise<void> {
    try {
      do {
        this.#again.delete(tenant);
        try {
          await this.check([tenant]);
        } catch (error) {
          this.options.logger.warn(
            `Could not check the budget of ${tenant}: ${error}`,
          );
        }
      } while (this.#again.has(tenant));
    } finally {
      this.#running.delete(tenant);
    }
  }

  async check(tenants: string[]): Promise<void> {
    for (const tenant of tenants) {
      const state = await this.options.accounts.budgetState(tenant);
      if (!state) continue;
      for (const threshold of state.crossedThresholds) {
        const first = await this.options.stores.accounts.recordAlert(
          tenant,
          state.period,
          threshold,
          (this.options.now?.() ?? new Date()).toISOString(),
        );
        if (!first) continue;
        const payload: BillingEventPayload = {
          type: 'budget.threshold-crossed',
          tenant,
          period: state.period,
          threshold,
          spent: state.spent,
          monthlyAmount: state.monthlyAmount,
          currency: this.options.config.currency,
          overCap: state.overCap,
        };
        await this.options.publish(payload);
        await this.options.notifier.notify({
          topic: BILLING_NOTIFICATION_TOPICS.budgetThreshold,
          recipients: [
            this.options.config.notifyEntityRef.replace('{tenant}', tenant),
          ],
          title: `${tenant} reached ${threshold} % of its monthly budget`,
          description: `Spent ${state.spent} ${
            this.options.config.currency
          } of ${state.monthlyAmount} in ${state.period}${
            state.overCap ? '; the hard cap is reached' : ''
          }.`,
          link: billingTenantPath(tenant),
          severity: threshold >= 100 ? 'critical' : 'high',
        });
      }
    }
  }
}

export { BILLING_EVENT_TOPIC };
