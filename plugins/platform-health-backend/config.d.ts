export interface Config {
  platformHealth?: {
    requestMetrics?: {
      /** Hours of per-minute request metrics kept (default 48). */
      retentionHours?: number;
    };
  };
}
