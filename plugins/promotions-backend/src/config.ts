import { Config } from '@backstage/config';
import { InputError } from '@backstage/errors';
import {
  PROMOTION_ENVIRONMENTS,
  PromotionEnvironment,
} from '@controlplane/plugin-promotions-common';

/** An environment's approval policy as configuration sets it. */
export interface PolicyDefaults {
  approvalsRequired: number;
  approverGroups: string[];
  expiresAfterHours: number;
}

/** A deployment the plugin starts with (demo data, or an adopted estate). */
export interface InitialDeployment {
  target: string;
  tenant: string;
  environment: PromotionEnvironment;
  version: string;
  owner?: string;
}

/** The plugin's configuration (`promotions:` in app-config), with defaults. */
export interface PromotionsConfig {
  /** Policies of the environments promotions go into (staging, production). */
  policies: Partial<Record<PromotionEnvironment, PolicyDefaults>>;
  /** A deployment that has not reported for this long is `silent`. */
  silentAfterMinutes: number;
  /** How often expiry, held requests and drift are checked. */
  checkIntervalSeconds: number;
  /** Written once, when the plugin has no deployments at all. */
  initialDeployments: InitialDeployment[];
  /** Who is notified of requests waiting when a policy names no groups. */
  defaultApproversRef: string;
}

/** The environments a promotion can go into: all but the first. */
export const TARGET_ENVIRONMENTS = PROMOTION_ENVIRONMENTS.slice(1);

const DEFAULT_POLICY: PolicyDefaults = {
  approvalsRequired: 1,
  approverGroups: [],
  expiresAfterHours: 72,
};

export function readPromotionsConfig(root: Config): PromotionsConfig {
  const config = root.getOptionalConfig('promotions');
  const policies: PromotionsConfig['policies'] = {};
  for (const environment of TARGET_ENVIRONMENTS) {
    const policy = config?.getOptionalConfig(`policies.${environment}`);
    const approvalsRequired =
      policy?.getOptionalNumber('approvalsRequired') ??
      DEFAULT_POLICY.approvalsRequired;
    const expiresAfterHours =
      policy?.getOptionalNumber('expiresAfterHours') ??
      DEFAULT_POLICY.expiresAfterHours;
    if (
      !Number.isInteger(approvalsRequired) ||
      approvalsRequired < 0 ||
      approvalsRequired > 5
    ) {
      throw new InputError(
        `promotions.policies.${environment}.approvalsRequired must be an integer from 0 to 5`,
      );
    }
    if (!Number.isInteger(expiresAfterHours) || expiresAfterHours < 1) {
      throw new InputError(
        `promotions.policies.${environment}.expiresAfterHours must be a positive integer`,
      );
    }
    policies[environment] = {
      approvalsRequired,
      approverGroups:
        policy?.getOptionalStringArray('approverGroups') ??
        DEFAULT_POLICY.approverGroups,
      expiresAfterHours,
    };
  }
  const initialDeployments = (
    config?.getOptionalConfigArray('initialDeployments') ?? []
  ).map(entry => {
    const environment = entry.getString('environment');
    if (!PROMOTION_ENVIRONMENTS.includes(environment as PromotionEnvironment)) {
      throw new InputError(
        `promotions.initialDeployments: unknown environment ${environment}`,
      );
    }
    return {
      target: entry.getString('target'),
      tenant: entry.getString('tenant'),
      environment: environment as PromotionEnvironment,
      version: entry.getString('version'),
      owner: entry.getOptionalString('owner'),
    };
  });
  return {
    policies,
    silentAfterMinutes:
      config?.getOptionalNumber('drift.silentAfterMinutes') ?? 15,
    checkIntervalSeconds:
      config?.getOptionalNumber('checkIntervalSeconds') ?? 30,
    initialDeployments,
    defaultApproversRef:
      config?.getOptionalString('notifications.approvers') ??
      'group:default/approvers',
  };
}
