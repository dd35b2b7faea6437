export interface Config {
  portal?: {
    /**
     * Sign-in offered by the portal: `demo` (local demo users) or `oidc`.
     * @visibility frontend
     */
    signIn?: 'demo' | 'oidc';
  };
}
