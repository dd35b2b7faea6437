export interface Config {
  platformHealth?: {
    overview?: {
      /**
       * Seconds the plugins' summaries behind GET /overview are cached in
       * Backstage's cache, shared by instances (default 45).
       */
      cacheSeconds?: number;
    };
    requestMetrics?: {
      /** How often each instance stores its finished minutes (default 20). */
      flushSeconds?: number;
      /** Days of hourly request metrics kept (default 90). */
      hourlyRetentionDays?: number;
      /** Hours of per-minute request metrics kept (default 48). */
      retentionHours?: number;
    };
  };
}
