import { randomUUID } from 'node:crypto';
import { Knex } from 'knex';

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** The name of the `i`th seeded tenant (sorts by `i`). */
export const seededTenant = (i: number) =>
  `scale-${String(i).padStart(5, '0')}`;

/** Rows inserted in chunks (SQLite bounds the variables of one statement). */
async function insert(knex: Knex, table: string, rows: object[]) {
  for (let i = 0; i < rows.length; i += 100) {
    await knex(table).insert(rows.slice(i, i + 100));
  }
}

/** A row of billing's hourly usage aggregates. */
export interface HourlyUsageRow {
  tenant: string;
  period: string;
  hour: string;
  app: string;
  agent: string;
  type: string;
  model: string;
  quantity: number;
  events: number;
}

/**
 * Writes tenants `from` to `to - 1` straight into each source plugin's
 * tables, as their own code would have left them: in the tenants plugin
 * the tenant with two users and their sessions (one recent, one of last
 * week) and every 50th an impersonation; in the apps plugin an app per
 * tenant with a credential and its calls (some failed) of the last hour and
 * of three days ago; in billing the tenant's mirror and its hourly usage
 * aggregates (executions and tokens); in the audit trail two privileged
 * actions of the last day per tenant; every 10th tenant an open incident.
 * Multi-row inserts, no HTTP: a thousand tenants in a few seconds.
 */
export async function seedTenants(
  knex: Record<string, Knex>,
  range: { from: number; to: number },
  options: {
    now: number;
    /** Adds hourly usage rows as billing's ingestion does (with its totals). */
    addBillingUsage: (rows: HourlyUsageRow[]) => Promise<void>;
  },
) {
  const { now } = options;
  const at = (ms: number) => new Date(now - ms).toISOString();
  const hourAt = (ms: number) => {
    const hour = new Date(now - ms);
    hour.setUTCMinutes(0, 0, 0);
    return hour.toISOString();
  };
  const indexes = Array.from(
    { length: range.to - range.from },
    (_, k) => range.from + k,
  );
  const tenants: object[] = [];
  const users: object[] = [];
  const sessions: object[] = [];
  const impersonations: object[] = [];
  const apps: object[] = [];
  const appTenants: object[] = [];
  const credentials: object[] = [];
  const calls: object[] = [];
  const billingTenants: object[] = [];
  const usage: HourlyUsageRow[] = [];
  const incidents: object[] = [];
  for (const i of indexes) {
    const name = seededTenant(i);
    const tenantId = randomUUID();
    const plan = ['free', 'starter', 'professional', 'enterprise'][i % 4];
    tenants.push({
      id: tenantId,
      name,
      display_name: `Tenant ${i}`,
      domain: `${name}.example.com`,
      plan,
      status: i % 25 === 0 ? 'suspended' : 'active',
      status_reason: null,
      applications: '[]',
      settings: '{}',
      password_policy: '{}',
      created_at: at(90 * DAY),
      updated_at: at(90 * DAY),
    });
    for (const [u, age] of [
      [0, 2 * HOUR],
      [1, 6 * DAY],
    ] as const) {
      const userId = randomUUID();
      users.push({
        id: userId,
        tenant_id: tenantId,
        email: `user${u}@${name}.example.com`,
        display_name: null,
        role: u === 0 ? 'owner' : 'user',
        status: 'active',
        created_at: at(60 * DAY),
        updated_at: at(60 * DAY),
      });
      sessions.push({
        id: randomUUID(),
        user_id: userId,
        tenant_id: tenantId,
        token_hash: randomUUID().replace(/-/g, '').padEnd(64, '0'),
        created_at: at(age),
        expires_at: at(age - 8 * HOUR),
        revoked_at: null,
        revoke_reason: null,
        impersonation_id: null,
      });
      if (u === 0 && i % 50 === 0) {
        impersonations.push({
          id: randomUUID(),
          tenant_id: tenantId,
          user_id: userId,
          actor: 'user:default/ada',
          reason: 'Support ticket',
          session_id: null,
          started_at: at(HOUR),
          expires_at: at(-HOUR),
          ended_at: null,
          end_reason: null,
          ended_by: null,
        });
      }
    }

    const appId = randomUUID();
    const credentialId = randomUUID();
    apps.push({
      id: appId,
      name: `app-${name}`,
      title: null,
      description: null,
      environment: 'production',
      owner: 'group:default/platform',
      status: 'active',
      disabled_reason: null,
      created_by: 'user:default/ada',
      created_at: at(30 * DAY),
      updated_at: at(30 * DAY),
    });
    appTenants.push({ app_id: appId, tenant: name });
    credentials.push({
      id: credentialId,
      app_id: appId,
      name: 'key',
      client_id: credentialId.replace(/-/g, ''),
      secret_hash: '0'.repeat(64),
      previous_secret_hash: null,
      previous_valid_until: null,
      scopes: '["billing:write"]',
      created_by: 'user:default/ada',
      created_at: at(30 * DAY),
      expires_at: null,
      revoked_at: null,
      revoked_by: null,
      rotated_at: null,
      last_used_at: at(HOUR),
    });
    for (const [age, failed] of [
      [HOUR, i % 7 === 0 ? 30 : 1],
      [3 * DAY, 2],
    ]) {
      calls.push({
        credential_id: credentialId,
        hour: hourAt(age),
        endpoint: 'POST /api/billing/events',
        successful: 100 + i,
        failed,
        rate_limited: i % 3,
      });
    }

    billingTenants.push({
      tenant: name,
      plan,
      status: i % 25 === 0 ? 'suspended' : 'active',
      updated_at: at(90 * DAY),
    });
    for (const [age, type, model, quantity] of [
      [HOUR, 'executions', '', 10 + (i % 13)],
      [2 * DAY, 'executions', '', 40],
      [2 * DAY, 'tokens', 'claude-3-haiku', 50_000],
    ] as const) {
      const hour = hourAt(age);
      usage.push({
        tenant: name,
        period: hour.slice(0, 7),
        hour,
        app: `app-${name}`,
        agent: 'agent:default/support-triage',
        type,
        model,
        quantity,
        events: quantity,
      });
    }

    if (i % 10 === 0) {
      incidents.push({
        id: randomUUID(),
        title: `Executions failing for ${name}`,
        description: null,
        severity: ['SEV1', 'SEV2', 'SEV3'][i % 3],
        priority: 'high',
        category: 'reliability',
        status: 'open',
        tenant: name,
        affected_tenants: JSON.stringify([name]),
        entities: '[]',
        reporter: 'user:default/oscar',
        assignee: null,
        commander: null,
        watchers: '[]',
        source: 'manual',
        signal_key: null,
        open_signal_key: null,
        signal_count: 0,
        last_signal_at: null,
        opened_at: at(5 * HOUR),
        acknowledged_at: null,
        resolved_at: null,
        closed_at: null,
        updated_at: at(5 * HOUR),
      });
    }
  }

  await insert(knex.tenants, 'tenants', tenants);
  await insert(knex.tenants, 'tenant_users', users);
  await insert(knex.tenants, 'tenant_sessions', sessions);
  await insert(knex.tenants, 'tenant_impersonations', impersonations);
  await insert(knex.apps, 'apps', apps);
  await insert(knex.apps, 'app_tenants', appTenants);
  await insert(knex.apps, 'app_credentials', credentials);
  await insert(knex.apps, 'app_credential_usage', calls);
  await insert(knex.billing, 'billing_tenants', billingTenants);
  await options.addBillingUsage(usage);
  await insert(knex.incidents, 'incidents', incidents);

  // Audit records go after the trail's last one (seq is the chain's order).
  // Their hashes are placeholders: the summary does not verify the chain.
  const [{ last }] = await knex.audit('audit_events').max({ last: 'seq' });
  let seq = Number(last ?? 0);
  const records: object[] = [];
  for (const i of indexes) {
    for (const [k, action, severity] of [
      [0, 'tenant-update', 'high'],
      [1, 'quota-update', 'critical'],
      [2, 'flag-read', 'low'],
    ] as const) {
      seq += 1;
      const hash = String(seq).padStart(64, '0');
      records.push({
        seq,
        id: randomUUID(),
        source: 'plugin:tenants',
        event_id: `scale-${seq}`,
        timestamp: at((k + 1) * HOUR + (i % 60) * 60_000),
        actor_id: 'user:default/ada',
        actor_type: 'user',
        action,
        resource_type: 'tenant',
        resource_id: seededTenant(i),
        tenant: seededTenant(i),
        outcome: 'success',
        severity,
        metadata: '{}',
        ip: '10.0.0.1',
        user_agent: 'test',
        request_id: null,
        metadata_hash: hash,
        content_hash: hash,
        prev_hash: hash,
        hash,
        purged_at: null,
      });
    }
  }
  await insert(knex.audit, 'audit_events', records);
}
