import { KnexStore, LIKE_ESCAPE } from '@controlplane/backend-common';
import type {
  Freeze,
  Policy,
  PromotionEnvironment,
  Rule,
} from '@controlplane/plugin-promotions-common';
import {
  FreezeRow,
  PolicyRow,
  RuleRow,
  toFreeze,
  toPolicy,
  toRule,
} from './rows';

const POLICIES = 'promotion_policies';
const RULES = 'promotion_rules';
const FREEZES = 'promotion_freezes';

/** All SQL of the approval policies, the rules and the freezes. */
export class GovernanceStore extends KnexStore {
  async policies(): Promise<Policy[]> {
    const rows = await this.db<PolicyRow>(POLICIES);
    return rows.map(toPolicy);
  }

  async policy(environment: PromotionEnvironment): Promise<Policy | undefined> {
    const row = await this.db<PolicyRow>(POLICIES)
      .where({ environment })
      .first();
    return row && toPolicy(row);
  }

  /** Writes a policy; `onlyIfMissing` seeds without overwriting edits. */
  async putPolicy(policy: Policy, onlyIfMissing = false): Promise<void> {
    const insert = this.db<PolicyRow>(POLICIES)
      .insert({
        environment: policy.environment,
        approvals_required: policy.approvalsRequired,
        approver_groups: JSON.stringify(policy.approverGroups),
        expires_after_hours: policy.expiresAfterHours,
        updated_by: policy.updatedBy ?? 'system',
        updated_at: policy.updatedAt,
      })
      .onConflict('environment');
    await (onlyIfMissing ? insert.ignore() : insert.merge());
  }

  async rules(): Promise<Rule[]> {
    const rows = await this.db<RuleRow>(RULES).orderBy(['name', 'id']);
    return rows.map(toRule);
  }

  async rule(id: string): Promise<Rule | undefined> {
    const row = await this.db<RuleRow>(RULES).where({ id }).first();
    return row && toRule(row);
  }

  /** The active rules of a source → target pair. */
  async activeRules(
    source: PromotionEnvironment,
    target: PromotionEnvironment,
  ): Promise<Rule[]> {
    const rows = await this.db<RuleRow>(RULES).where({
      source_environment: source,
      target_environment: target,
      active: true,
    });
    return rows.map(toRule);
  }

  async putRule(rule: Rule): Promise<void> {
    await this.db<RuleRow>(RULES)
      .insert({
        id: rule.id,
        name: rule.name,
        source_environment: rule.sourceEnvironment,
        target_environment: rule.targetEnvironment,
        conditions: JSON.stringify(rule.conditions),
        auto_approve: rule.autoApprove,
        notify: JSON.stringify(rule.notify),
        active: rule.active,
        created_by: rule.createdBy,
        created_at: rule.createdAt,
        updated_at: rule.updatedAt,
      })
      .onConflict('id')
      .merge();
  }

  /** Freezes not lifted that end after `now` (or never), soonest first. */
  async freezes(now: Date, all = false): Promise<Freeze[]> {
    const builder = this.db<FreezeRow>(FREEZES);
    if (!all) {
      builder
        .whereNull('lifted_at')
        .where(inner =>
          inner.whereNull('ends_at').orWhere('ends_at', '>', now.toISOString()),
        );
    }
    const rows = await builder.orderBy(['starts_at', 'id']).limit(1000);
    return rows.map(row => toFreeze(row, now));
  }

  async freeze(id: string, now: Date): Promise<Freeze | undefined> {
    const row = await this.db<FreezeRow>(FREEZES).where({ id }).first();
    return row && toFreeze(row, now);
  }

  /**
   * The freezes that block a promotion into this place now: of the
   * environment, for every tenant or this one, every target or this one.
   */
  async blocking(
    place: {
      target: string;
      tenant: string;
      environment: PromotionEnvironment;
    },
    now: Date,
  ): Promise<Freeze[]> {
    const at = now.toISOString();
    const rows = await this.db<FreezeRow>(FREEZES)
      .where('environment', place.environment)
      .whereNull('lifted_at')
      .where('starts_at', '<=', at)
      .where(inner => inner.whereNull('ends_at').orWhere('ends_at', '>', at))
      .where(inner => inner.whereNull('tenant').orWhere('tenant', place.tenant))
      .where(inner => inner.whereNull('target').orWhere('target', place.target))
      .orderBy(['starts_at', 'id']);
    return rows.map(row => toFreeze(row, now));
  }

  async insertFreeze(row: FreezeRow): Promise<boolean> {
    const inserted = await this.db<FreezeRow>(FREEZES)
      .insert(row)
      .onConflict('id')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /** An incident's freeze, created once per incident and target. */
  async insertIncidentFreeze(row: FreezeRow): Promise<boolean> {
    const inserted = await this.db<FreezeRow>(FREEZES)
      .insert(row)
      .onConflict('incident_key')
      .ignore()
      .returning('id');
    return inserted.length > 0;
  }

  /** Lifts a freeze that is not lifted yet; false if it was. */
  async lift(id: string, by: string, at: string): Promise<boolean> {
    const updated = await this.db<FreezeRow>(FREEZES)
      .where({ id })
      .whereNull('lifted_at')
      .update({ lifted_at: at, lifted_by: by });
    return updated > 0;
  }

  /** Lifts the open freezes of an incident; answers how many. */
  async liftIncident(incidentId: string, at: string): Promise<number> {
    return this.db<FreezeRow>(FREEZES)
      .whereRaw(`incident_key LIKE ? ${LIKE_ESCAPE}`, [
        `${incidentId.replace(/[\\%_]/g, c => `\\${c}`)}|%`,
      ])
      .whereNull('lifted_at')
      .update({ lifted_at: at, lifted_by: 'system' });
  }
}
