export interface Config {
  tenants?: {
    /**
     * Key that encrypts SSO client secrets at rest (AES-256-GCM): the base64
     * encoding of exactly 32 random bytes, e.g. `openssl rand -base64 32`.
     * Without it SSO configurations cannot be saved.
     * @visibility secret
     */
    secretKey?: string;
    /**
     * A key for local development only, used when `secretKey` is not set and
     * NODE_ENV is development or test. Kept apart from `secretKey` so that a
     * production deployment without TENANTS_SECRET_KEY never falls back to
     * the key published in app-config.yaml.
     * @visibility secret
     */
    developmentSecretKey?: string;
    /**
     * Tenants provisioned on the first start, when there is no tenant yet
     * (the local demo uses the tenants of the example catalog). Each gets its
     * owner's invitation like any provisioned tenant.
     */
    initialTenants?: Array<{
      name: string;
      displayName?: string;
      domain: string;
      plan: string;
      ownerEmail: string;
      /** Suspend it right away with this reason. */
      suspendReason?: string;
    }>;
    /**
     * How the portal sends e-mail (invitations). Required in production:
     * without it (and without a mailer module) the backend refuses to start.
     * With NODE_ENV development or test and no mailer, accept links are
     * written to the log and returned to the inviter instead.
     */
    mailer?: {
      /**
       * The fields are optional here so that app-config.production.yaml can
       * read each from an environment variable; the plugin names the ones
       * missing when it starts.
       */
      smtp?: {
        /** The SMTP server, e.g. `smtp.example.com`; without it, no SMTP. */
        host?: string;
        /** 587 (STARTTLS) or 465 (TLS). */
        port?: number;
        /** TLS from the first byte; default true on port 465 only. */
        secure?: boolean;
        /** Both or neither. */
        auth?: {
          user?: string;
          /** @visibility secret */
          password?: string;
        };
        /** The sender, e.g. `Control Plane <no-reply@portal.example>`. */
        from?: string;
      };
    };
    invitations?: {
      /** Days until an invitation token expires; default 7, at most 90. */
      expiryDays?: number;
      /**
       * The page that accepts invitations; `?token=...` is appended.
       * Default the login page's `<tenants base URL>/auth/signin/invitation`
       * (with `tenants.secretKey`: the invitee sets a password there), else
       * `${app.baseUrl}/tenants/invitations/accept`.
       */
      acceptUrl?: string;
      /**
       * Who hears that an invitation was accepted, besides the inviter:
       * `{tenant}` is replaced by the tenant's name. Default
       * `group:default/{tenant}-owners`.
       */
      notifyEntityRef?: string;
    };
    sso?: {
      /**
       * Accept OIDC issuers on loopback and private networks (a local
       * identity provider). Default false: the issuer's discovery document
       * is fetched from the portal, so a tenant's SSO settings must not be
       * able to point it into the internal network.
       */
      allowPrivateIssuers?: boolean;
    };
    sessions?: {
      /**
       * Plugin ids whose service principals may call `POST /sessions/check`
       * (least privilege; default none: no plugin of the portal calls it).
       */
      checkPlugins?: string[];
    };
    impersonation?: {
      /** Longest impersonation in minutes; default 30, at most 480. */
      maxDurationMinutes?: number;
    };
    /** Sign-in of tenant users (needs `tenants.secretKey` for the signing keys). */
    signin?: {
      /** Lifetime of an access token in minutes; default 15, 1 to 60. */
      accessTokenMinutes?: number;
      /** The `aud` of access tokens, which managed apps check; default `controlplane-apps`. */
      audience?: string;
      /** Days a signing key signs before the next takes over; default 30, 1 to 365. */
      keyRotationDays?: number;
      /** The page a password reset link opens (`?token=` is appended); default the login page's `<tenants base URL>/auth/signin/reset`. */
      resetUrl?: string;
      /** How long a reset link works, in minutes; default 30, 5 to 1440. */
      resetLinkMinutes?: number;
      /**
       * Applications that sign tenant users in through the OpenID Connect
       * issuer `<tenants base URL>/auth` (authorization code flow).
       */
      clients?: Array<{
        /** Letters, digits, `.`, `_`, `-`. */
        clientId: string;
        /** Shown on the login page. */
        name?: string;
        /**
         * At least 16 characters; leave out for a public client (PKCE).
         * @visibility secret
         */
        clientSecret?: string;
        /** Exact redirect URIs the codes may go to. */
        redirectUris: string[];
      }>;
      /** Passkeys (WebAuthn) as a second factor: the relying party. */
      webauthn?: {
        /** The domain passkeys are scoped to; default the host of `app.baseUrl`. */
        rpId?: string;
        /** The name authenticators show; default `app.title`, else `Control plane`. */
        rpName?: string;
        /** The page origins allowed to use passkeys; default the origins of `app.baseUrl` and `backend.baseUrl`. */
        origins?: string[];
      };
    };
  };
}
