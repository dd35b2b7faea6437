import { Config } from '@backstage/config';
import { seedInitialTenants } from './service/initialTenants';
import {
  coreServices,
  createBackendPlugin,
} from '@backstage/backend-plugin-api';
import { eventsServiceRef } from '@backstage/plugin-events-node';
import { createPermissionResourceRef } from '@backstage/plugin-permission-node';
import {
  ColumnFilter,
  createTenantRule,
  domainPluginDeps,
  portalNotifierServiceRef,
  readBoundedNumber,
  registerResourcePermissions,
} from '@controlplane/backend-common';
import {
  TENANT_RESOURCE_TYPE,
  tenantsPermissionDescriptions,
  tenantsPermissions,
} from '@controlplane/plugin-tenants-common';
import { StoredTenant } from './database/rows';
import { connectTenantsStores } from './database/stores';
import {
  InvitationMailer,
  LogInvitationMailer,
  tenantsInvitationMailerExtensionPoint,
} from './service/InvitationMailer';
import {
  isLocalEnvironment,
  selectInvitationMailer,
} from './service/selectInvitationMailer';
import { createRouter } from './service/router';
import { SecretCipher } from './service/SecretCipher';
import { AppsTenantApplications } from './service/TenantApplications';
import { TenantsService } from './service/TenantsService';
import { AuthorizationServer } from './signin/AuthorizationServer';
import { LoginPage } from './signin/LoginPage';
import { readOidcClients } from './signin/oidcClients';
import { MfaService } from './signin/MfaService';
import { Passkeys, relyingPartyFromConfig } from './signin/Passkeys';
import { PasswordResets } from './signin/PasswordResets';
import { cleanSigninRecords } from './signin/cleanSigninRecords';
import { SigninService } from './signin/SigninService';
import { SigninThrottle } from './signin/SigninThrottle';
import { SigningKeys } from './signin/SigningKeys';
import { TenantSso } from './signin/TenantSso';

/**
 * `tenants.secretKey`, or in development and tests the published
 * `tenants.developmentSecretKey`: production never uses the local key, even
 * when TENANTS_SECRET_KEY is missing.
 */
export function readSecretKey(config: Config): string | undefined {
  const key = config.getOptionalString('tenants.secretKey');
  if (key) return key;
  return isLocalEnvironment()
    ? config.getOptionalString('tenants.developmentSecretKey')
    : undefined;
}

/** A whole number of app-config within bounds, or its default. */
const boundedInt = (
  config: Config,
  key: string,
  fallback: number,
  bounds: [number, number],
) => readBoundedNumber(config, key, fallback, bounds, { wholeNumber: true });

/** The tenant as a permission resource: resourceRef is the tenant name. */
export const tenantResourceRef = createPermissionResourceRef<
  StoredTenant,
  ColumnFilter
>().with({ pluginId: 'tenants', resourceType: TENANT_RESOURCE_TYPE });

/**
 * The tenants backend: tenant lifecycle, tenant users and invitations,
 * sessions, SSO, password policy, organization settings and support
 * impersonation.
 */
export const tenantsPlugin = createBackendPlugin({
  pluginId: 'tenants',
  register(env) {
    let customMailer: InvitationMailer | undefined;
    env.registerExtensionPoint(tenantsInvitationMailerExtensionPoint, {
      setInvitationMailer(mailer) {
        if (customMailer) {
          throw new Error('The tenants invitation mailer was already set');
        }
        customMailer = mailer;
      },
    });

    env.registerInit({
      deps: {
        ...domainPluginDeps,
        scheduler: coreServices.scheduler,
        lifecycle: coreServices.lifecycle,
        auth: coreServices.auth,
        discovery: coreServices.discovery,
        events: eventsServiceRef,
        notifier: portalNotifierServiceRef,
      },
      async init(deps) {
        const { config, logger, httpRouter, auditor } = deps;
        // First, so a production backend without a mailer stops at once.
        const { mailer, close: closeMailer } = selectInvitationMailer({
          config,
          logger,
          moduleMailer: customMailer,
        });
        if (closeMailer) deps.lifecycle.addShutdownHook(closeMailer);
        const stores = await connectTenantsStores(deps.database);

        const secretKey = readSecretKey(config);
        const cipher = secretKey
          ? SecretCipher.fromBase64(secretKey)
          : undefined;
        if (!cipher) {
          logger.warn(
            'tenants.secretKey is not set: SSO configurations cannot be saved',
          );
        }
        const expiryDays =
          config.getOptionalNumber('tenants.invitations.expiryDays') ?? 7;
        if (!(expiryDays > 0 && expiryDays <= 90)) {
          throw new Error(
            'tenants.invitations.expiryDays must be within 1..90',
          );
        }
        const impersonationMaxMinutes = boundedInt(
          config,
          'tenants.impersonation.maxDurationMinutes',
          30,
          [1, 480],
        );
        // The sign-in issuer; its login page is where tenant users land.
        const issuer = `${await deps.discovery.getExternalBaseUrl(
          'tenants',
        )}/auth`;
        // With tenant sign-in, the invitee sets a password on the login
        // page (no portal account needed); else the portal's page.
        const acceptUrl =
          config.getOptionalString('tenants.invitations.acceptUrl') ??
          (cipher ? `${issuer}/signin/invitation` : undefined) ??
          `${config.getString('app.baseUrl')}/tenants/invitations/accept`;

        const service = new TenantsService({
          stores,
          events: deps.events,
          logger,
          mailer,
          applications: new AppsTenantApplications({
            discovery: deps.discovery,
            auth: deps.auth,
          }),
          cipher,
          invitationExpiryMs: expiryDays * 86_400_000,
          acceptUrl,
          notifier: deps.notifier,
          invitationNotifyEntityRef: config.getOptionalString(
            'tenants.invitations.notifyEntityRef',
          ),
          impersonationMaxMinutes,
          allowPrivateIssuers:
            config.getOptionalBoolean('tenants.sso.allowPrivateIssuers') ??
            false,
        });

        await seedInitialTenants(service, config, logger);

        const authorizer = registerResourcePermissions({
          permissionsRegistry: deps.permissionsRegistry,
          permissions: deps.permissions,
          httpRouter,
          resourceRef: tenantResourceRef,
          pluginPermissions: tenantsPermissions,
          descriptions: tenantsPermissionDescriptions,
          rules: [
            createTenantRule({
              resourceRef: tenantResourceRef,
              column: 'name',
              getTenant: tenant => tenant.name,
            }),
          ],
          getResources: names => service.tenantsByNames(names),
        });

        // Tenant users sign in with the keys of tenants.secretKey.
        let signin: SigninService | undefined;
        let resets: PasswordResets | undefined;
        let passkeys: Passkeys | undefined;
        let authorization: AuthorizationServer | undefined;
        let loginPage: LoginPage | undefined;
        let sso: TenantSso | undefined;
        if (cipher) {
          const accessTokenMinutes = boundedInt(
            config,
            'tenants.signin.accessTokenMinutes',
            15,
            [1, 60],
          );
          const keys = new SigningKeys({
            store: stores.signingKeys,
            cipher,
            issuer,
            rotationDays: boundedInt(
              config,
              'tenants.signin.keyRotationDays',
              30,
              [1, 365],
            ),
            tokenTtlSeconds: accessTokenMinutes * 60,
            publishAheadSeconds: 3600,
          });
          await keys.rotate();
          signin = new SigninService({
            stores,
            throttle: new SigninThrottle({ store: stores.signin }),
            keys,
            mfa: new MfaService({
              stores,
              cipher,
              issuerName:
                config.getOptionalString('app.title') ?? 'Control plane',
            }),
            audience:
              config.getOptionalString('tenants.signin.audience') ??
              'controlplane-apps',
            accessTokenTtlSeconds: accessTokenMinutes * 60,
          });
          authorization = new AuthorizationServer({
            issuer,
            clients: readOidcClients(config),
            stores,
            signin,
            keys,
            cipher,
            idTokenTtlSeconds: accessTokenMinutes * 60,
          });
          loginPage = new LoginPage({
            stores,
            authorization,
            title: config.getOptionalString('app.title') ?? 'Control plane',
          });
          passkeys = new Passkeys({
            stores,
            relyingParty: relyingPartyFromConfig(config),
          });
          sso = new TenantSso({
            stores,
            tenants: service,
            signin,
            issuer,
            allowPrivateIssuers:
              config.getOptionalBoolean('tenants.sso.allowPrivateIssuers') ??
              false,
          });
          resets = new PasswordResets({
            stores,
            signin,
            mailer,
            logger,
            resetUrl:
              config.getOptionalString('tenants.signin.resetUrl') ??
              `${issuer}/signin/reset`,
            ttlMinutes: boundedInt(
              config,
              'tenants.signin.resetLinkMinutes',
              30,
              [5, 1440],
            ),
          });
          await deps.scheduler.scheduleTask({
            id: 'tenants-clean-signin-records',
            frequency: { hours: 6 },
            timeout: { minutes: 5 },
            fn: async () => {
              await cleanSigninRecords(stores, new Date());
            },
          });
          await deps.scheduler.scheduleTask({
            id: 'tenants-rotate-signing-keys',
            frequency: { hours: 1 },
            timeout: { minutes: 1 },
            fn: () => keys.rotate(),
          });
        }
        // The sign-in routes carry their own credentials (password, refresh
        // token, tenant access token): Backstage's check is not theirs.
        httpRouter.addAuthPolicy({ path: '/auth', allow: 'unauthenticated' });
        // Whoever holds an invitation link accepts it without signing in.
        httpRouter.addAuthPolicy({
          path: '/invitations/accept',
          allow: 'unauthenticated',
        });
        httpRouter.use(
          createRouter({
            service,
            authorizer,
            httpAuth: deps.httpAuth,
            permissions: deps.permissions,
            auditor,
            sessionCheckPlugins:
              config.getOptionalStringArray('tenants.sessions.checkPlugins') ??
              [],
            signin,
            resets,
            passkeys,
            authorization,
            sso,
            loginPage,
            devInbox:
              mailer instanceof LogInvitationMailer
                ? () => mailer.inbox()
                : undefined,
          }),
        );

        await deps.scheduler.scheduleTask({
          id: 'tenants-end-expired-impersonations',
          frequency: { minutes: 1 },
          timeout: { minutes: 1 },
          fn: async () => {
            for (const ended of await service.sessions.endExpiredImpersonations()) {
              const event = await auditor.createEvent({
                eventId: 'impersonation-end',
                severityLevel: 'critical',
                meta: ended.audit,
              });
              await event.success({ meta: ended.audit });
            }
          },
        });
        await deps.scheduler.scheduleTask({
          id: 'tenants-publish-events',
          frequency: { seconds: 30 },
          timeout: { minutes: 1 },
          fn: async () => {
            await service.flushEvents();
          },
        });
      },
    });
  },
});
