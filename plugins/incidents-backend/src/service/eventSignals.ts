import { Signal } from '@controlplane/plugin-incidents-common';

/** The topics other plugins announce their signals on. */
export const SIGNAL_TOPICS = [
  'controlplane.billing',
  'controlplane.promotions',
];

/**
 * The automatic ticket an event of another plugin asks for, if any; its key
 * makes repeats of the same signal update one ticket:
 * - billing's `budget.threshold-crossed`: one ticket per tenant and period;
 * - promotions' `deployment.drifted`: one per deployment.
 */
export function signalOf(payload: unknown): Signal | undefined {
  const event = (payload ?? {}) as Record<string, unknown>;
  const text = (key: string) =>
    typeof event[key] === 'string' ? (event[key] as string) : undefined;
  if (event.type === 'budget.threshold-crossed' && text('tenant')) {
    const threshold = Number(event.threshold);
    const overCap = event.overCap === true;
    return {
      key: `billing:budget:${text('tenant')}:${text('period') ?? ''}`,
      title: `${text('tenant')} reached ${threshold} % of its monthly budget`,
      description: `Spent ${event.spent} ${text('currency') ?? ''} of ${
        event.monthlyAmount
      } in ${text('period')}${overCap ? '; the hard cap is reached' : ''}.`,
      severity: overCap || threshold >= 100 ? 'SEV2' : 'SEV3',
      priority: overCap ? 'critical' : 'high',
      category: 'budget',
      tenant: text('tenant'),
    };
  }
  if (event.type === 'deployment.drifted' && text('entityRef')) {
    const silent = event.drift === 'silent';
    return {
      key: `promotions:drift:${text('entityRef')}`,
      title: silent
        ? `${text('entityRef')} stopped reporting its version`
        : `${text('entityRef')} runs ${text(
            'reportedVersion',
          )} instead of ${text('version')}`,
      description: `${text('target')} in ${text('environment')} for ${text(
        'tenant',
      )}: the deployment ${
        silent ? 'is silent' : 'drifted from the approved version'
      }.`,
      severity: text('environment') === 'production' ? 'SEV3' : 'SEV4',
      priority: text('environment') === 'production' ? 'high' : 'medium',
      category: 'reliability',
      tenant: text('tenant'),
      entities: [text('target'), text('entityRef')].filter(
        (ref): ref is string => !!ref,
      ),
    };
  }
  return undefined;
}
