export interface Config {
  permission?: {
    /** The RBAC permission policy (@controlplane/plugin-permission-backend-module-rbac). */
    rbac?: {
      /**
       * How often, at most, the policy asks the rbac plugin whether its roles
       * changed (a conditional request, answered 304 when nothing did).
       * Role changes take effect within this time. Default 2000.
       */
      refreshIntervalMs?: number;
      /**
       * How long the last policy snapshot keeps being used while the rbac
       * plugin cannot be reached. Once it is older, every permission is
       * denied until the rbac plugin answers again. Default 60000.
       */
      maxStaleMs?: number;
    };
  };
}
