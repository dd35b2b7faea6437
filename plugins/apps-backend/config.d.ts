import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  apps?: {
    /**
     * The plugin ids whose service principals may read the credential
     * snapshot (secret hashes) and report usage: the plugins that verify
     * app credentials with `@controlplane/plugin-apps-node`. Default:
     * audit, flags, billing, promotions. Add a plugin here when it starts
     * accepting app credentials under another id.
     */
    credentialConsumers?: string[];
    /**
     * When a credential's calls in one hour raise an alarm (an event the
     * incidents plugin opens a ticket from): failed calls (default 50) and
     * calls refused by the rate limit (default 100), over every plugin and
     * backend instance.
     */
    alarms?: {
      failedPerHour?: number;
      rateLimitedPerHour?: number;
    };
    /**
     * Notices to the owners of apps whose API keys expire soon (topic
     * `credential-expiring`), once per key and expiry.
     */
    credentialExpiry?: {
      /** How many days ahead an expiry is announced; default 7 (1..90). */
      noticeDays?: number;
      /**
       * When the check runs; default once a day
       * (`{ frequency: { hours: 24 }, timeout: { minutes: 10 } }`). One
       * backend instance runs it at a time.
       */
      schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    };
    /**
     * Apps registered on the first start when there are none (local
     * development); each with its tenants and no credentials.
     */
    initialApps?: Array<{
      name: string;
      title?: string;
      description?: string;
      environment: 'development' | 'staging' | 'production';
      owner: string;
      tenants?: string[];
    }>;
  };
}
