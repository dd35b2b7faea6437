import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

/** A duration as Backstage config reads it (`readDurationFromConfig`). */
type AuditDuration =
  | string
  | {
      days?: number;
      hours?: number;
      minutes?: number;
      seconds?: number;
    };

export interface Config {
  audit?: {
    /**
     * PEM (PKCS#8) Ed25519 private key that signs the checkpoints of the
     * hash chain (`openssl genpkey -algorithm ed25519`). Without it a key pair
     * is made at every start and a warning is logged: fine locally, useless
     * as evidence.
     * @visibility secret
     */
    signingKey?: string;
    /**
     * Events posted by managed applications (POST /events) must be dated
     * within this window of the server's clock, or the batch is refused.
     */
    ingestion?: {
      /** How far in the past, e.g. `{ hours: 24 }` (the default) or `PT24H`. */
      maxEventAge?: AuditDuration;
      /** How far in the future (clock skew), default `{ minutes: 5 }`. */
      maxClockSkew?: AuditDuration;
    };
    /** Sign a checkpoint every this many records. Default 1000. */
    checkpointInterval?: number;
    /**
     * How long records are kept. Without this section nothing is purged.
     * Expired records lose their content (actor, resource id, metadata, ip,
     * user agent, request id) and keep their chain fields; a fully expired
     * start of the chain is deleted behind a signed checkpoint.
     */
    retention?: {
      /** Days for actions no rule names; absent = kept forever. */
      defaultDays?: number;
      /**
       * Classes of actions with their own days, first match wins, e.g.
       * `{ actions: ['rbac.*', 'tenants.*'], days: 2555 }` (7 years).
       */
      rules?: Array<{ actions: string[]; days: number }>;
      /** When the purge runs (once across instances). Default every 6 hours. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * The scheduled walk of the whole chain (once across instances); a
     * broken trail is published on `controlplane.audit` and becomes an
     * incident ticket.
     */
    verification?: {
      /** Default every 6 hours, first 10 minutes after start. */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
  };
}
