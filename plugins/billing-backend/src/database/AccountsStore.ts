import { PermissionCriteria } from '@backstage/plugin-permission-common';
import {
  applyPermissionFilter,
  ColumnFilter,
  KnexStore,
} from '@controlplane/backend-common';
import {
  Adjustment,
  BudgetAlert,
  Period,
  periodBounds,
} from '@controlplane/plugin-billing-common';

type DbTime = Date | string;
const toIso = (value: DbTime) => new Date(value).toISOString();

/** A tenant's budget as stored. */
export interface Budget {
  tenant: string;
  monthlyAmount: number;
  thresholds: number[];
  hardCap: boolean;
}

/** A frozen total of a closed period. */
export interface PeriodTotal {
  period: string;
  tenant: string;
  type: string;
  quantity: number;
  cost: number;
}

/**
 * All SQL of what is decided per tenant: quota limits, budgets and the
 * alerts they fired, adjustments, and the periods' states and frozen totals.
 */
export class AccountsStore extends KnexStore {
  async quotas(tenant: string): Promise<Map<string, number>> {
    const rows: Array<{ resource_type: string; limit_value: number }> =
      await this.db('billing_quotas').where({ tenant });
    return new Map(
      rows.map(row => [row.resource_type, Number(row.limit_value)]),
    );
  }

  /** The limits every tenant set, by tenant and resource type: one query. */
  async allQuotas(): Promise<Map<string, Map<string, number>>> {
    const rows: Array<{
      tenant: string;
      resource_type: string;
      limit_value: number | string;
    }> = await this.db('billing_quotas').select(
      'tenant',
      'resource_type',
      'limit_value',
    );
    const byTenant = new Map<string, Map<string, number>>();
    for (const row of rows) {
      const limits = byTenant.get(row.tenant) ?? new Map<string, number>();
      limits.set(row.resource_type, Number(row.limit_value));
      byTenant.set(row.tenant, limits);
    }
    return byTenant;
  }

  /** Reads (and on PostgreSQL locks) a limit the tenant set, if any. */
  async lockQuota(
    tenant: string,
    resourceType: string,
  ): Promise<number | undefined> {
    const row = await this.forUpdate(
      this.db('billing_quotas').where({ tenant, resource_type: resourceType }),
    ).first();
    return row ? Number(row.limit_value) : undefined;
  }

  async putQuota(
    tenant: string,
    resourceType: string,
    limit: number,
    by: string,
    at: string,
  ) {
    await this.db('billing_quotas')
      .insert({
        tenant,
        resource_type: resourceType,
        limit_value: limit,
        updated_by: by,
        updated_at: at,
      })
      .onConflict(['tenant', 'resource_type'])
      .merge(['limit_value', 'updated_by', 'updated_at']);
  }

  async budget(tenant: string): Promise<Budget | undefined> {
    const row = await this.db('billing_budgets').where({ tenant }).first();
    return (
      row && {
        tenant: row.tenant,
        monthlyAmount: Number(row.monthly_amount),
        thresholds: JSON.parse(row.thresholds),
        hardCap: Boolean(row.hard_cap),
      }
    );
  }

  async putBudget(budget: Budget, by: string, at: string): Promise<void> {
    await this.db('billing_budgets')
      .insert({
        tenant: budget.tenant,
        monthly_amount: budget.monthlyAmount,
        thresholds: JSON.stringify(budget.thresholds),
        hard_cap: budget.hardCap,
        updated_by: by,
        updated_at: at,
      })
      .onConflict('tenant')
      .merge([
        'monthly_amount',
        'thresholds',
        'hard_cap',
        'updated_by',
        'updated_at',
      ]);
  }

  /**
   * Records that a threshold was crossed in a period; true only for the
   * one caller that recorded it first (the key decides, across instances).
   */
  async recordAlert(
    tenant: string,
    period: string,
    threshold: number,
    at: string,
  ): Promise<boolean> {
    const rows = await this.db('billing_budget_alerts')
      .insert({ tenant, period, threshold, crossed_at: at })
      .onConflict(['tenant', 'period', 'threshold'])
      .ignore()
      .returning('threshold');
    return rows.length > 0;
  }

  /**
   * The thresholds crossed since `since` (ISO), newest first, at most
   * `limit`, with how many match in all; only the tenants `filter` lets
   * through. A range of the crossed_at index.
   */
  async alertsSince(options: {
    since: string;
    limit: number;
    filter?: PermissionCriteria<ColumnFilter>;
  }): Promise<{ alerts: BudgetAlert[]; total: number }> {
    const matching = () => {
      const builder = this.db('billing_budget_alerts').where(
        'crossed_at',
        '>=',
        options.since,
      );
      return options.filter
        ? applyPermissionFilter(builder, options.filter)
        : builder;
    };
    const [rows, [{ count }]] = await Promise.all([
      matching()
        .select('tenant', 'period', 'threshold', 'crossed_at')
        .orderBy([
          { column: 'crossed_at', order: 'desc' },
          { column: 'tenant', order: 'asc' },
          { column: 'threshold', order: 'desc' },
        ])
        .limit(options.limit) as Promise<
        {
          tenant: string;
          period: string;
          threshold: number | string;
          crossed_at: DbTime;
        }[]
      >,
      matching().count({ count: '*' }) as Promise<{ count: number | string }[]>,
    ]);
    return {
      alerts: rows.map(row => ({
        tenant: row.tenant,
        period: row.period,
        threshold: Number(row.threshold),
        crossedAt: toIso(row.crossed_at),
      })),
      total: Number(count),
    };
  }

  async adjustments(tenant: string): Promise<Adjustment[]> {
    const rows = await this.db('billing_adjustments')
      .where({ tenant })
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(200);
    return rows.map(row => ({
      id: row.id,
      tenant: row.tenant,
      period: row.period,
      amount: Number(row.amount),
      reason: row.reason,
      createdBy: row.created_by,
      createdAt: toIso(row.created_at),
    }));
  }

  async insertAdjustment(adjustment: Adjustment): Promise<void> {
    await this.db('billing_adjustments').insert({
      id: adjustment.id,
      tenant: adjustment.tenant,
      period: adjustment.period,
      amount: adjustment.amount,
      reason: adjustment.reason,
      created_by: adjustment.createdBy,
      created_at: adjustment.createdAt,
    });
  }

  /** The sum of a tenant's adjustments per period. */
  async adjustmentTotals(tenant: string): Promise<Map<string, number>> {
    const rows: Array<{ period: string; amount: number | string }> =
      await this.db('billing_adjustments')
        .where({ tenant })
        .select('period')
        .sum({ amount: 'amount' })
        .groupBy('period');
    return new Map(rows.map(row => [row.period, Number(row.amount)]));
  }

  /** Every tenant's adjustments in one period, summed. */
  async adjustmentTotalsIn(period: string): Promise<Map<string, number>> {
    const rows: Array<{ tenant: string; amount: number | string }> =
      await this.db('billing_adjustments')
        .where({ period })
        .select('tenant')
        .sum({ amount: 'amount' })
        .groupBy('tenant');
    return new Map(rows.map(row => [row.tenant, Number(row.amount)]));
  }

  /** Every tenant's monthly budget amount. */
  async budgetAmounts(): Promise<Map<string, number>> {
    const rows: Array<{ tenant: string; monthly_amount: number | string }> =
      await this.db('billing_budgets').select('tenant', 'monthly_amount');
    return new Map(rows.map(row => [row.tenant, Number(row.monthly_amount)]));
  }

  async periods(): Promise<Period[]> {
    const rows = await this.db('billing_periods')
      .orderBy('period', 'desc')
      .limit(120);
    return rows.map(row => periodOfRow(row));
  }

  async period(period: string): Promise<Period | undefined> {
    const row = await this.db('billing_periods').where({ period }).first();
    return row && periodOfRow(row);
  }

  /** Open periods whose month ended before `endedBefore`, oldest first. */
  async periodsToClose(endedBefore: string): Promise<string[]> {
    const rows: Array<{ period: string }> = await this.db('billing_periods')
      .where({ status: 'open' })
      .orderBy('period')
      .select('period');
    return rows
      .map(row => row.period)
      .filter(period => periodBounds(period).end <= endedBefore);
  }

  /** Locks an open period for closing; false when it is closed already. */
  async lockOpenPeriod(period: string): Promise<boolean> {
    const row = await this.forUpdate(
      this.db('billing_periods').where({ period }),
    ).first();
    return row?.status === 'open';
  }

  async closePeriod(
    period: string,
    totals: PeriodTotal[],
    at: string,
  ): Promise<void> {
    for (let i = 0; i < totals.length; i += 500) {
      await this.db('billing_period_totals').insert(totals.slice(i, i + 500));
    }
    await this.db('billing_periods')
      .where({ period })
      .update({ status: 'closed', closed_at: at });
  }

  /** A tenant's frozen totals per closed period. */
  async frozenCosts(tenant: string): Promise<Map<string, number>> {
    const rows: Array<{ period: string; cost: number | string }> =
      await this.db('billing_period_totals')
        .where({ tenant })
        .select('period')
        .sum({ cost: 'cost' })
        .groupBy('period');
    return new Map(rows.map(row => [row.period, Number(row.cost)]));
  }
}

function periodOfRow(row: {
  period: string;
  status: 'open' | 'closed';
  closed_at: DbTime | null;
}): Period {
  return {
    id: row.period,
    ...periodBounds(row.period),
    status: row.status,
    ...(row.closed_at ? { closedAt: toIso(row.closed_at) } : {}),
  };
}
