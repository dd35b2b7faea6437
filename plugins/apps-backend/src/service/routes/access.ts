import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  UserInfoService,
} from '@backstage/backend-plugin-api';
import { ResourcePermission } from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  Change,
  loadAuthorized,
  ResourceAuthorizer,
  RouteHelpers,
  TypedRouter,
} from '@controlplane/backend-common';
import {
  APP_RESOURCE_TYPE,
  AppCredential,
  AppsApiPaths,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import { Request } from 'express';
import { AppsServices } from '../services';

/** The router of the apps REST API, typed from its contract. */
export type AppsRouter = TypedRouter<AppsApiPaths>;

/** Decides the app permissions (resource type `apps-app`). */
export type AppAuthorizer = ResourceAuthorizer<
  ManagedApp,
  typeof APP_RESOURCE_TYPE
>;

/** A permission on one app (and on its credentials). */
export type AppPermission = ResourcePermission<typeof APP_RESOURCE_TYPE>;

/** What every route module is built from. */
export interface RouteDeps {
  services: AppsServices;
  authorizer: AppAuthorizer;
  helpers: RouteHelpers;
  /** The plugins that may read the credential snapshot and report usage. */
  credentialConsumers: readonly string[];
  /** The caller's ownership refs (their user and groups). */
  userInfo: UserInfoService;
  /** For changes to several apps at once (one event per app). */
  auditor: AuditorService;
}

/** An app the caller may act on. */
export interface AppAccess {
  app: ManagedApp;
  credentials: BackstageCredentials;
  /** Whether the caller's permission reaches another version of the app. */
  isAllowed: (app: ManagedApp) => boolean;
}

/** A credential the caller may act on, checked on its app. */
export interface CredentialAccess {
  credential: AppCredential;
  app: ManagedApp;
  credentials: BackstageCredentials;
}

/** The audit event of a change to one app or credential. */
interface ChangeEvent {
  eventId: string;
  severityLevel: AuditorServiceEventSeverityLevel;
  /** Added to the event's meta (which names the app or credential). */
  meta?: JsonObject;
}

/**
 * Loading the app or credential a request names, for an app permission: 403
 * when the caller holds it for no app at all, 404 when it is missing or out
 * of the caller's reach (a credential is reached through its app). Changes
 * are one audit event each, created before the permission check.
 */
export function createAppAccess(deps: RouteDeps) {
  const { services, authorizer, helpers } = deps;

  async function app(
    req: Request,
    permission: AppPermission,
    id: string,
  ): Promise<AppAccess> {
    const credentials = await helpers.credentialsOf(req);
    const { resource, isAllowed } = await loadAuthorized({
      authorizer,
      credentials,
      permission,
      load: () => services.apps.getApp(id),
      notFound: `No app with id ${id}`,
    });
    return { app: resource, credentials, isAllowed };
  }

  async function credential(
    req: Request,
    permission: AppPermission,
    keyId: string,
  ): Promise<CredentialAccess> {
    const credentials = await helpers.credentialsOf(req);
    // loadAuthorized checks the app; the credential comes with it.
    const loaded: { credential?: AppCredential } = {};
    const { resource } = await loadAuthorized({
      authorizer,
      credentials,
      permission,
      load: async () => {
        const found = await services.credentials.getCredential(keyId);
        loaded.credential = found.credential;
        return found.app;
      },
      notFound: `No API key with id ${keyId}`,
    });
    return { credential: loaded.credential!, app: resource, credentials };
  }

  return {
    app,
    credential,

    /** A change to the app `id`, as one audit event. */
    appChange<T>(
      req: Request,
      id: string,
      permission: AppPermission,
      event: ChangeEvent,
      change: (access: AppAccess) => Promise<Change<T>>,
    ): Promise<T> {
      return helpers.audited(
        req,
        {
          eventId: event.eventId,
          severityLevel: event.severityLevel,
          meta: { resourceType: 'app', resourceId: id, ...event.meta },
        },
        async () => change(await app(req, permission, id)),
      );
    },

    /** A change to the credential `keyId`, as one audit event. */
    credentialChange<T>(
      req: Request,
      keyId: string,
      permission: AppPermission,
      event: Omit<ChangeEvent, 'severityLevel'>,
      change: (access: CredentialAccess) => Promise<Change<T>>,
    ): Promise<T> {
      return helpers.audited(
        req,
        {
          eventId: event.eventId,
          severityLevel: 'high',
          meta: {
            resourceType: 'app-credential',
            resourceId: keyId,
            ...event.meta,
          },
        },
        async () => change(await credential(req, permission, keyId)),
      );
    },
  };
}
