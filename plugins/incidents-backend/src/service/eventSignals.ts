import { Signal } from '@controlplane/plugin-incidents-common';

/** The topics other plugins announce their signals on. */
export const SIGNAL_TOPICS = [
  'controlplane.billing',
  'controlplane.promotions',
  'controlplane.apps',
  'controlplane.audit',
  'controlplane.platform-health',
];

/** An event payload read defensively: other plugins own its shape. */
class EventFields {
  constructor(private readonly event: Record<string, unknown>) {}

  text(key: string): string | undefined {
    const value = this.event[key];
    return typeof value === 'string' ? value : undefined;
  }

  number(key: string): number {
    const value = Number(this.event[key]);
    return Number.isFinite(value) ? value : 0;
  }

  flag(key: string): boolean {
    return this.event[key] === true;
  }

  nested(key: string): EventFields | undefined {
    const value = this.event[key];
    return value && typeof value === 'object' && !Array.isArray(value)
      ? new EventFields(value as Record<string, unknown>)
      : undefined;
  }

  texts(key: string): string[] {
    const value = this.event[key];
    return Array.isArray(value)
      ? value.filter((item): item is string => typeof item === 'string')
      : [];
  }
}

type SignalReader = (event: EventFields) => Signal | undefined;

/** billing's `budget.threshold-crossed`: one ticket per tenant and period. */
const budgetThreshold: SignalReader = event => {
  const tenant = event.text('tenant');
  if (!tenant) return undefined;
  const threshold = event.number('threshold');
  const overCap = event.flag('overCap');
  return {
    key: `billing:budget:${tenant}:${event.text('period') ?? ''}`,
    title: `${tenant} reached ${threshold} % of its monthly budget`,
    description: `Spent ${event.number('spent')} ${
      event.text('currency') ?? ''
    } of ${event.number('monthlyAmount')} in ${event.text('period')}${
      overCap ? '; the hard cap is reached' : ''
    }.`,
    severity: overCap || threshold >= 100 ? 'SEV2' : 'SEV3',
    priority: overCap ? 'critical' : 'high',
    category: 'budget',
    tenant,
  };
};

/** promotions' `deployment.drifted`: one ticket per deployment. */
const deploymentDrift: SignalReader = event => {
  const entityRef = event.text('entityRef');
  if (!entityRef) return undefined;
  const silent = event.text('drift') === 'silent';
  const production = event.text('environment') === 'production';
  return {
    key: `promotions:drift:${entityRef}`,
    title: silent
      ? `${entityRef} stopped reporting its version`
      : `${entityRef} runs ${event.text(
          'reportedVersion',
        )} instead of ${event.text('version')}`,
    description: `${event.text('target')} in ${event.text(
      'environment',
    )} for ${event.text('tenant')}: the deployment ${
      silent ? 'is silent' : 'drifted from the approved version'
    }.`,
    severity: production ? 'SEV3' : 'SEV4',
    priority: production ? 'high' : 'medium',
    category: 'reliability',
    tenant: event.text('tenant'),
    entities: [event.text('target'), entityRef].filter(
      (ref): ref is string => !!ref,
    ),
  };
};

/**
 * apps' `credential.failing` and `credential.rate-limited`: one ticket per
 * credential and kind, on the app's tenant when it serves one.
 */
const credentialAlarm =
  (kind: 'failing' | 'rate-limited'): SignalReader =>
  event => {
    const credentialId = event.text('credentialId');
    const app = event.text('app');
    if (!credentialId || !app) return undefined;
    const tenants = event.texts('tenants');
    const what =
      kind === 'failing'
        ? `${event.number('failed')} failed calls`
        : `${event.number('rateLimited')} calls over its rate limit`;
    return {
      key: `apps:${kind}:${credentialId}`,
      title:
        kind === 'failing'
          ? `Credential ${event.text('credential')} of ${app} keeps failing`
          : `Credential ${event.text(
              'credential',
            )} of ${app} exceeds its rate limit`,
      description: `${what} in the hour from ${event.text(
        'hour',
      )} (threshold ${event.number('threshold')}); tenants served: ${
        tenants.join(', ') || 'none'
      }.`,
      severity: 'SEV3',
      priority: kind === 'failing' ? 'high' : 'medium',
      category: 'integrations',
      tenant: tenants.length === 1 ? tenants[0] : undefined,
      entities: [`app:default/${app}`],
    };
  };

/** audit's `audit.chain-broken`: one ticket while the trail is broken. */
const auditChainBroken: SignalReader = event => {
  const first = event.nested('firstBroken');
  return {
    key: 'audit:chain-broken',
    title: 'The audit trail failed verification',
    description: `Verified at ${event.text('verifiedAt')}: ${event.number(
      'openBrokenRanges',
    )} unacknowledged broken ranges, ${event.number(
      'invalidCheckpoints',
    )} invalid checkpoints, ${event.number(
      'invalidAcknowledgements',
    )} invalid acknowledgements, anchor ${event.text('anchorStatus')}.${
      first
        ? ` First broken record: ${first.number('seq')} (${first.text(
            'reason',
          )}).`
        : ''
    } GET /api/audit/verify names the broken records.`,
    severity: 'SEV2',
    priority: 'critical',
    category: 'governance',
  };
};

/** platform-health's `platform.check-failed`: one ticket per check. */
const platformCheckFailed: SignalReader = event => {
  const key = event.text('key');
  const title = event.text('title');
  if (!key || !title) return undefined;
  return {
    key: `platform:${key}`,
    title: title.slice(0, 200),
    description: `${event.text('detail') ?? ''} (checked at ${event.text(
      'checkedAt',
    )}).`,
    severity: 'SEV3',
    priority: 'high',
    category: 'reliability',
  };
};

const READERS: Record<string, SignalReader> = {
  'budget.threshold-crossed': budgetThreshold,
  'deployment.drifted': deploymentDrift,
  'credential.failing': credentialAlarm('failing'),
  'credential.rate-limited': credentialAlarm('rate-limited'),
  'audit.chain-broken': auditChainBroken,
  'platform.check-failed': platformCheckFailed,
};

/**
 * The automatic ticket an event of another plugin asks for, if any; its key
 * makes repeats of the same signal update one ticket.
 */
export function signalOf(payload: unknown): Signal | undefined {
  const event =
    payload && typeof payload === 'object'
      ? (payload as Record<string, unknown>)
      : {};
  const reader =
    typeof event.type === 'string' &&
    Object.prototype.hasOwnProperty.call(READERS, event.type)
      ? READERS[event.type]
      : undefined;
  return reader?.(new EventFields(event));
}
