import { randomUUID } from 'node:crypto';
import { ConflictError, InputError, NotFoundError } from '@backstage/errors';
import { Change } from '@controlplane/backend-common';
import type {
  Evidence,
  Freeze,
  FreezeInput,
  IncidentSignal,
  Policy,
  PolicyInput,
  PromotionEnvironment,
  Rule,
  RuleInput,
} from '@controlplane/plugin-promotions-common';
import { PromotionsConfig, TARGET_ENVIRONMENTS } from '../config';
import { PromotionsStores } from '../database/stores';
import { MaintenanceWindows } from './MaintenanceWindows';
import { normalizeTarget } from './targets';

/** Environments in promotion order. */
const PROMOTION_ORDER: Record<PromotionEnvironment, number> = {
  development: 0,
  staging: 1,
  production: 2,
};

/** The longest maintenance window, so a typo cannot freeze for years. */
const MAX_FREEZE_DAYS = 31;

/**
 * Approval policies per target environment, promotion rules and freezes:
 * what decides how a request is approved and when it may be applied.
 */
export class GovernanceService {
  constructor(
    private readonly options: {
      stores: PromotionsStores;
      config: PromotionsConfig;
      /** The incidents plugin's maintenance windows, when it is installed. */
      maintenance?: MaintenanceWindows;
      now?: () => Date;
    },
  ) {}

  private now(): Date {
    return this.options.now?.() ?? new Date();
  }

  /** Writes the configured policies where none is stored yet. */
  async seedPolicies(): Promise<void> {
    const updatedAt = this.now().toISOString();
    for (const environment of TARGET_ENVIRONMENTS) {
      const defaults = this.options.config.policies[environment]!;
      await this.options.stores.governance.putPolicy(
        { environment, ...defaults, updatedBy: 'config', updatedAt },
        true,
      );
    }
  }

  async policies(): Promise<Policy[]> {
    const stored = await this.options.stores.governance.policies();
    return TARGET_ENVIRONMENTS.flatMap(
      environment => stored.find(p => p.environment === environment) ?? [],
    );
  }

  /** The policy a new request into `environment` is made under. */
  async policyFor(environment: PromotionEnvironment): Promise<Policy> {
    const stored = await this.options.stores.governance.policy(environment);
    if (stored) return stored;
    const defaults = this.options.config.policies[environment];
    if (!defaults) {
      throw new InputError(`No promotions go into ${environment}`);
    }
    return {
      environment,
      ...defaults,
      updatedAt: this.now().toISOString(),
    };
  }

  async updatePolicy(
    environment: PromotionEnvironment,
    input: PolicyInput,
    by: string,
  ): Promise<Change<Policy>> {
    if (!TARGET_ENVIRONMENTS.includes(environment)) {
      throw new InputError(
        `No promotions go into ${environment}: it has no approval policy`,
      );
    }
    const before = await this.policyFor(environment);
    const policy: Policy = {
      environment,
      approvalsRequired: input.approvalsRequired,
      approverGroups: [...new Set(input.approverGroups ?? [])],
      expiresAfterHours: input.expiresAfterHours ?? before.expiresAfterHours,
      updatedBy: by,
      updatedAt: this.now().toISOString(),
    };
    await this.options.stores.governance.putPolicy(policy);
    return {
      result: policy,
      audit: {
        environment,
        before: {
          approvalsRequired: before.approvalsRequired,
          approverGroups: before.approverGroups,
          expiresAfterHours: before.expiresAfterHours,
        },
        after: {
          approvalsRequired: policy.approvalsRequired,
          approverGroups: policy.approverGroups,
          expiresAfterHours: policy.expiresAfterHours,
        },
      },
    };
  }

  rules(): Promise<Rule[]> {
    return this.options.stores.governance.rules();
  }

  async putRule(
    id: string | undefined,
    input: RuleInput,
    by: string,
  ): Promise<Change<Rule>> {
    const conditions = input.conditions;
    if (
      PROMOTION_ORDER[input.targetEnvironment] !==
      PROMOTION_ORDER[input.sourceEnvironment] + 1
    ) {
      throw new InputError(
        `A rule goes from one environment to the next: ${
          input.sourceEnvironment
        } goes to ${
          input.sourceEnvironment === 'development' ? 'staging' : 'production'
        }`,
      );
    }
    if (input.autoApprove && Object.keys(conditions).length === 0) {
      throw new InputError(
        'An auto-approve rule needs at least one condition on the evidence',
      );
    }
    const before = id
      ? await this.options.stores.governance.rule(id)
      : undefined;
    if (id && !before) throw new NotFoundError(`No rule ${id}`);
    const now = this.now().toISOString();
    const rule: Rule = {
      id: id ?? randomUUID(),
      name: input.name.trim(),
      sourceEnvironment: input.sourceEnvironment,
      targetEnvironment: input.targetEnvironment,
      conditions,
      autoApprove: input.autoApprove,
      notify: [...new Set(input.notify ?? [])],
      active: input.active ?? true,
      createdBy: before?.createdBy ?? by,
      createdAt: before?.createdAt ?? now,
      updatedAt: now,
    };
    await this.options.stores.governance.putRule(rule);
    const { createdAt, updatedAt, createdBy, ...facts } = rule;
    return {
      result: rule,
      audit: {
        ...(before
          ? {
              before: {
                name: before.name,
                conditions: before.conditions,
                autoApprove: before.autoApprove,
                active: before.active,
              },
            }
          : {}),
        after: facts,
      },
    };
  }

  /** The active auto-approve rule every condition of which the evidence meets. */
  async autoApprovingRule(
    source: PromotionEnvironment,
    target: PromotionEnvironment,
    evidence: Evidence,
  ): Promise<Rule | undefined> {
    const rules = await this.options.stores.governance.activeRules(
      source,
      target,
    );
    return rules.find(
      rule => rule.autoApprove && meetsConditions(rule.conditions, evidence),
    );
  }

  /** Who the active rules of a pair notify of an applied promotion. */
  async notifiedOf(
    source: PromotionEnvironment,
    target: PromotionEnvironment,
  ): Promise<string[]> {
    const rules = await this.options.stores.governance.activeRules(
      source,
      target,
    );
    return [...new Set(rules.flatMap(rule => rule.notify))];
  }

  freezes(all: boolean): Promise<Freeze[]> {
    return this.options.stores.governance.freezes(this.now(), all);
  }

  async createFreeze(input: FreezeInput, by: string): Promise<Change<Freeze>> {
    const startsAt = new Date(input.startsAt);
    const endsAt = new Date(input.endsAt);
    if (!(endsAt > startsAt)) {
      throw new InputError('endsAt must be after startsAt');
    }
    if (endsAt.getTime() - startsAt.getTime() > MAX_FREEZE_DAYS * 86_400_000) {
      throw new InputError(
        `A maintenance window lasts at most ${MAX_FREEZE_DAYS} days`,
      );
    }
    if (endsAt <= this.now()) {
      throw new InputError('endsAt is in the past: the window is over');
    }
    const now = this.now();
    const id = randomUUID();
    await this.options.stores.governance.insertFreeze({
      id,
      environment: input.environment,
      tenant: input.tenant ?? null,
      target: input.target ? normalizeTarget(input.target) : null,
      reason: input.reason.trim(),
      source: 'maintenance',
      incident_key: null,
      starts_at: startsAt.toISOString(),
      ends_at: endsAt.toISOString(),
      created_by: by,
      created_at: now.toISOString(),
      lifted_at: null,
      lifted_by: null,
    });
    const freeze = (await this.options.stores.governance.freeze(id, now))!;
    return { result: freeze, audit: { after: { ...freeze } } };
  }

  async liftFreeze(id: string, by: string): Promise<Change<Freeze>> {
    const now = this.now();
    const before = await this.options.stores.governance.freeze(id, now);
    if (!before) throw new NotFoundError(`No freeze ${id}`);
    if (!(await this.options.stores.governance.lift(id, by, now.toISOString())))
      throw new ConflictError(`The freeze ${id} was lifted already`);
    const freeze = (await this.options.stores.governance.freeze(id, now))!;
    return {
      result: freeze,
      audit: {
        environment: freeze.environment,
        reason: freeze.reason,
        before: { active: before.active },
        after: { active: false },
      },
    };
  }

  /**
   * The freezes that block a promotion into this place now: the plugin's
   * own and the incidents plugin's maintenance windows that block deploys.
   */
  async blocking(place: {
    target: string;
    tenant: string;
    environment: PromotionEnvironment;
  }): Promise<Freeze[]> {
    const [own, maintenance] = await Promise.all([
      this.options.stores.governance.blocking(place, this.now()),
      this.maintenanceFreezes(place),
    ]);
    return [...own, ...maintenance];
  }

  /** The incidents plugin's maintenance windows blocking deploys there now. */
  async maintenanceFreezes(place: {
    tenant: string;
    environment: PromotionEnvironment;
  }): Promise<Freeze[]> {
    return this.options.maintenance?.blocking(place) ?? [];
  }

  /**
   * An incident event: an open SEV1/SEV2 incident freezes promotions of its
   * agents and apps into production (once per incident and target, on
   * whichever instance gets the event first); a resolved, closed or
   * downgraded one lifts them. Answers whether anything changed.
   */
  async onIncident(signal: IncidentSignal): Promise<boolean> {
    const { incident } = signal;
    if (!incident?.id) return false;
    const now = this.now().toISOString();
    const freezing =
      ['SEV1', 'SEV2'].includes(incident.severity) &&
      ['open', 'in_progress'].includes(incident.status);
    if (!freezing) {
      return (
        (await this.options.stores.governance.liftIncident(incident.id, now)) >
        0
      );
    }
    let changed = false;
    const targets = (incident.entities ?? []).filter(ref =>
      /^(agent|app):/i.test(ref),
    );
    for (const target of targets) {
      changed =
        (await this.options.stores.governance.insertIncidentFreeze({
          id: randomUUID(),
          environment: 'production',
          tenant: null,
          target: normalizeTarget(target),
          reason: `${incident.severity} incident ${incident.id}${
            incident.title ? `: ${incident.title}` : ''
          }`,
          source: 'incident',
          incident_key: `${incident.id}|${normalizeTarget(target)}`,
          starts_at: now,
          ends_at: null,
          created_by: 'system',
          created_at: now,
          lifted_at: null,
          lifted_by: null,
        })) || changed;
    }
    return changed;
  }
}

/** Whether the evidence meets every condition (missing evidence does not). */
export function meetsConditions(
  conditions: Rule['conditions'],
  evidence: Evidence,
): boolean {
  if (conditions.allTestsPassed && evidence.testsPassed !== true) return false;
  if (
    conditions.minCodeCoverage !== undefined &&
    !(
      typeof evidence.coverage === 'number' &&
      evidence.coverage >= conditions.minCodeCoverage
    )
  ) {
    return false;
  }
  if (
    conditions.noCriticalVulnerabilities &&
    evidence.criticalVulnerabilities !== 0
  ) {
    return false;
  }
  return true;
}
