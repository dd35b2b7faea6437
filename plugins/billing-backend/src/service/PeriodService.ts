import { LoggerService } from '@backstage/backend-plugin-api';
import { BillingConfig, costOf } from '../config';
import { PeriodTotal } from '../database/AccountsStore';
import { BillingStores } from '../database/stores';

/**
 * Closes the periods whose month ended `closeAfterHours` ago: under the
 * period's row lock (ingestion holds a shared one while it writes), the
 * hourly aggregates are frozen into per-tenant totals and the period
 * refuses further events. Run by the scheduler, once across instances.
 */
export class PeriodService {
  constructor(
    private readonly options: {
      stores: BillingStores;
      config: BillingConfig;
      logger: LoggerService;
      now?: () => Date;
    },
  ) {}

  async closeDue(): Promise<string[]> {
    const { stores, config } = this.options;
    const now = this.options.now?.() ?? new Date();
    const endedBefore = new Date(
      now.getTime() - config.closeAfterHours * 3_600_000,
    ).toISOString();
    const closed: string[] = [];
    for (const period of await stores.accounts.periodsToClose(endedBefore)) {
      await stores.transaction(async trx => {
        if (!(await trx.accounts.lockOpenPeriod(period))) return;
        const totals = new Map<string, PeriodTotal>();
        for (const row of await trx.usage.allTenants(period)) {
          const key = `${row.tenant}|${row.type}`;
          const total = totals.get(key) ?? {
            period,
            tenant: row.tenant,
            type: row.type,
            quantity: 0,
            cost: 0,
          };
          total.quantity += row.quantity;
          total.cost += costOf(
            config,
            row.type,
            row.model || undefined,
            row.quantity,
          );
          totals.set(key, total);
        }
        await trx.accounts.closePeriod(
          period,
          [...totals.values()],
          now.toISOString(),
        );
        closed.push(period);
      });
    }
    if (closed.length)
      this.options.logger.info(`Closed billing periods ${closed.join(', ')}`);
    return closed;
  }
}
