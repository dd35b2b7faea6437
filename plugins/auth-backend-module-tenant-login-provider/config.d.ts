export interface Config {
  auth?: {
    providers?: {
      /**
       * Tenant login: owners and administrators of a tenant sign into the
       * portal through the tenants plugin's OpenID Connect issuer. Not
       * offered when absent.
       */
      tenantLogin?: {
        /** One entry per auth environment; only `auth.environment`'s is used. */
        [authEnv: string]: {
          /**
           * The issuer's discovery document; default the tenants plugin's
           * of this backend, `<tenants base URL>/auth/.well-known/openid-configuration`.
           */
          metadataUrl?: string;
          /** The portal's client id, as registered in `tenants.signin.clients`. */
          clientId: string;
          /**
           * The portal's client secret, as registered in `tenants.signin.clients`.
           * @visibility secret
           */
          clientSecret: string;
          /** The issuer signs id tokens with ES256. */
          tokenSignedResponseAlg?: string;
          /** `auto`: no prompt parameter; the issuer decides. */
          prompt?: string;
        };
      };
    };
  };
}
