export interface Config {
  apps?: {
    /**
     * Key of the HMAC-SHA256 that credential secrets are stored and checked
     * with. Every backend instance needs the same key. Production reads it
     * from APPS_SECRET_HASH_KEY; changing it invalidates every credential.
     * @visibility secret
     */
    secretHashKey?: string;
    /**
     * Used instead of `secretHashKey` only when NODE_ENV is development or
     * test, so a local portal works with no setup.
     * @visibility secret
     */
    developmentSecretHashKey?: string;
    /** How the plugins that accept app credentials verify them. */
    verifier?: {
      /** Revalidate the credential snapshot this often (default 2000 ms). */
      refreshIntervalMs?: number;
      /**
       * Keep using the last snapshot this long while the apps plugin is
       * unreachable (default 30000 ms); then every app call is refused.
       */
      maxStaleMs?: number;
      /** Send usage counts to the apps plugin this often (default 10000 ms). */
      usageFlushIntervalMs?: number;
    };
    rateLimits?: {
      /**
       * The limit for calls no rule of the app matches. Buckets are counted
       * in Redis when `backend.cache.store` is `redis`, so every instance
       * shares them; otherwise each instance counts its own.
       */
      default?: { limitPerMinute: number; burst: number };
    };
  };
}
