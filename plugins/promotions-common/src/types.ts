/** The environments agents and apps are promoted through, in order. */
export const PROMOTION_ENVIRONMENTS = [
  'development',
  'staging',
  'production',
] as const;

/** One of {@link PROMOTION_ENVIRONMENTS}. */
export type PromotionEnvironment = (typeof PROMOTION_ENVIRONMENTS)[number];

/** The environment a promotion from `environment` goes to, if any. */
export function nextEnvironment(
  environment: PromotionEnvironment,
): PromotionEnvironment | undefined {
  return PROMOTION_ENVIRONMENTS[
    PROMOTION_ENVIRONMENTS.indexOf(environment) + 1
  ];
}

/** The events service topic of promotion and deployment signals. */
export const PROMOTIONS_EVENT_TOPIC = 'controlplane.promotions';

/** Payload of the events published on {@link PROMOTIONS_EVENT_TOPIC}. */
export type PromotionsEventPayload =
  | {
      type:
        | 'promotion.requested'
        | 'promotion.approved'
        | 'promotion.rejected'
        | 'promotion.withdrawn'
        | 'promotion.expired'
        | 'promotion.applied';
      requestId: string;
      target: string;
      tenant: string;
      environment: PromotionEnvironment;
      version: string;
      actor: string;
    }
  | {
      /** A version entered development (CI or a user recorded it). */
      type: 'deployment.recorded';
      deploymentId: string;
      entityRef: string;
      target: string;
      tenant: string;
      environment: PromotionEnvironment;
      version: string;
      actor: string;
    }
  | {
      type: 'deployment.drifted';
      deploymentId: string;
      entityRef: string;
      target: string;
      tenant: string;
      environment: PromotionEnvironment;
      version: string;
      /** `drifted` (another version runs) or `silent` (no reports). */
      drift: 'drifted' | 'silent';
      reportedVersion?: string;
    };

/**
 * The short name of an environment in Deployment entity names
 * (`support-triage-acme-prod`).
 */
export const ENVIRONMENT_SUFFIX: Record<PromotionEnvironment, string> = {
  development: 'dev',
  staging: 'stg',
  production: 'prod',
};

/** The events service topic the incidents plugin announces incidents on. */
export const INCIDENTS_EVENT_TOPIC = 'controlplane.incidents';

/**
 * What the promotions plugin reads of an incident event: an open SEV1 or
 * SEV2 incident of an agent or app freezes promotions of it into
 * production until the incident is resolved or its severity drops.
 */
export interface IncidentSignal {
  type: string;
  incident: {
    id: string;
    /** `SEV1` (most severe) to `SEV4`. */
    severity: string;
    /** open, in_progress, resolved, closed. */
    status: string;
    title?: string;
    /** Affected catalog entities, e.g. `agent:default/support-triage`. */
    entities?: string[];
  };
}
