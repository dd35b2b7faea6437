/** The events service topic of billing signals (budgets). */
export const BILLING_EVENT_TOPIC = 'controlplane.billing';

/** Payload of the events published on {@link BILLING_EVENT_TOPIC}. */
export interface BillingEventPayload {
  type: 'budget.threshold-crossed';
  tenant: string;
  /** The period, `YYYY-MM`. */
  period: string;
  /** The threshold crossed, percent of the monthly budget. */
  threshold: number;
  spent: number;
  monthlyAmount: number;
  currency: string;
  /** Whether the hard cap is reached (100 % with a hard cap). */
  overCap: boolean;
}

/** The period (`YYYY-MM`, a UTC calendar month) a time falls in. */
export function periodOf(time: Date | string): string {
  return new Date(time).toISOString().slice(0, 7);
}

/** The start (inclusive) and end (exclusive) of a period, ISO 8601. */
export function periodBounds(period: string): { start: string; end: string } {
  const [year, month] = period.split('-').map(Number);
  return {
    start: new Date(Date.UTC(year, month - 1, 1)).toISOString(),
    end: new Date(Date.UTC(year, month, 1)).toISOString(),
  };
}
