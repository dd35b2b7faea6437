export interface Config {
  audit?: {
    /**
     * Auditor events of every plugin are always logged; only those at or above
     * this severity are also stored in the audit trail. Defaults to `medium`,
     * so reads (Backstage's plugins audit them as `low`, e.g. every catalog
     * fetch) do not flood the store. Set to `low` to store everything.
     */
    minimumSeverity?: 'low' | 'medium' | 'high' | 'critical';
    /** How events travel from the plugins' auditors to the audit store. */
    trail?: {
      /**
       * Events recorded before the audit plugin has attached its store wait in
       * memory, at most this many (default 10000); further ones are only
       * logged, with one warning.
       */
      maxBufferedEvents?: number;
      /**
       * Seconds to wait for the audit plugin to attach its store (default
       * 30), counted from the backend start and from the first event that
       * had to wait; then events are only logged, with one warning, until the
       * store attaches.
       */
      writerAttachTimeoutSeconds?: number;
    };
  };
}
