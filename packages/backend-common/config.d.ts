export interface Config {
  backend?: {
    /**
     * Input limits of the edge hygiene middleware, checked for every request
     * before any plugin's router (see createEdgeHygieneMiddleware).
     */
    inputLimits?: {
      /** Largest JSON or text request body in bytes; default 1048576 (1 MiB). */
      bodyBytes?: number;
      /** Largest body for the named plugins (by plugin id), instead of bodyBytes. */
      pluginBodyBytes?: { [pluginId: string]: number };
      /** Deepest nesting of arrays and objects in a JSON body; default 64. */
      jsonDepth?: number;
    };
  };
  portal?: {
    requestMetrics?: {
      /**
       * Whether the plugin routers count every request for the platform
       * dashboard (default true; false only for the overhead benchmark's
       * baseline).
       */
      enabled?: boolean;
    };
  };
}
