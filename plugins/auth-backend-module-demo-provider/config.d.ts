export interface Config {
  auth?: {
    providers?: {
      /** Local demo sign-in. Never enable it where real users can reach the portal. */
      demo?: {
        /**
         * Allow the provider when NODE_ENV is not "development" or "test".
         * Only for throw-away demo deployments.
         */
        dangerouslyAllowOutsideDevelopment?: boolean;
      };
    };
  };
}
