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
