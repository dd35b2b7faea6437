import {
  AuditorService,
  AuditorServiceEventSeverityLevel,
  BackstageCredentials,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import { auditedChange } from './auditedChange';
import {
  assertBasicAllowed,
  requireResourceAccess,
  ResourceAuthorizer,
} from './ResourceAuthorizer';

/**
 * What a service's state change answers: its result and the facts the audit
 * event records (before/after values, reasons; never a secret).
 */
export interface Change<T> {
  /** What the change returns to its caller. */
  result: T;
  /** The facts the audit event records on success. */
  audit: JsonObject;
}

/** The audit event of one state change. */
export interface AuditedEvent {
  /** The event's id, e.g. `app.updated`: names the kind of change. */
  eventId: string;
  /** How much the change matters to someone reading the trail. */
  severityLevel: AuditorServiceEventSeverityLevel;
  /** Names the changed resource: `resourceType`, `resourceId`, `tenant`, ... */
  meta: JsonObject;
}

/**
 * Any request, as Backstage's HttpAuthService takes it; a typed route's
 * request (whose query is typed from the contract) is one too.
 */
export type AnyRequest = Parameters<HttpAuthService['credentials']>[0];

/**
 * A signed-in user's or a Backstage service's credentials. Named, so the API
 * report prints it the same on every machine (the compiler's order of the
 * union's members is not stable).
 */
export type CallerCredentials = BackstageCredentials<
  BackstageUserPrincipal | BackstageServicePrincipal
>;

/** The services every plugin router is built from. */
export interface RouteHelperOptions {
  /** Resolves who is calling from a request. */
  httpAuth: HttpAuthService;
  /** Decides the basic permission checks. */
  permissions: PermissionsService;
  /** Records the audited changes. */
  auditor: AuditorService;
}

/**
 * The request plumbing every plugin router shares: who is calling, basic
 * permission checks and audited changes.
 */
export function createRouteHelpers(options: RouteHelperOptions) {
  const { httpAuth, permissions, auditor } = options;

  /** The caller: a signed-in user or a Backstage service (401 otherwise). */
  const credentialsOf = (req: AnyRequest): Promise<CallerCredentials> =>
    httpAuth.credentials(req, { allow: ['user', 'service'] });

  /**
   * The caller, when every one of the basic permissions is allowed (asked
   * in one request); else 403 naming the first that is not.
   */
  async function authorizeBasic(
    req: AnyRequest,
    ...required: [BasicPermission, ...BasicPermission[]]
  ): Promise<BackstageCredentials> {
    const credentials = await credentialsOf(req);
    if (required.length === 1) {
      await assertBasicAllowed(permissions, credentials, required[0]);
      return credentials;
    }
    const decisions = await permissions.authorize(
      required.map(permission => ({ permission })),
      { credentials },
    );
    decisions.forEach((decision, index) => {
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(
          `You are not allowed ${required[index].name}`,
        );
      }
    });
    return credentials;
  }

  /**
   * Runs a state change as exactly one audit event, created before `change`
   * runs so a denied permission check inside it is on record too. Success
   * records `event.meta` plus the change's own `audit` facts.
   */
  async function audited<T>(
    req: AnyRequest | undefined,
    event: AuditedEvent,
    change: () => Promise<Change<T>>,
  ): Promise<T> {
    const done = await auditedChange({
      auditor,
      eventId: event.eventId,
      severityLevel: event.severityLevel,
      meta: event.meta,
      request: req,
      change,
      successMeta: ({ audit }) => audit,
    });
    return done.result;
  }

  return {
    credentialsOf,

    /** Internal endpoints: Backstage service principals only (users: 403). */
    serviceCredentialsOf: (req: AnyRequest) =>
      httpAuth.credentials(req, { allow: ['service'] }),

    /**
     * Internal endpoints of a few named plugins: only a service principal
     * whose subject is `plugin:<id>` for one of `pluginIds` (users and other
     * services: 403 naming the subject). Least privilege: a snapshot of
     * secret hashes is for the plugins that verify credentials, not for any
     * backend.
     */
    async pluginCredentialsOf(
      req: AnyRequest,
      pluginIds: readonly string[],
    ): Promise<BackstageCredentials<BackstageServicePrincipal>> {
      const credentials = await httpAuth.credentials(req, {
        allow: ['service'],
      });
      assertServiceSubject(credentials, pluginIds);
      return credentials;
    },

    /** A signed-in user only, e.g. for questions about themselves. */
    userCredentialsOf: (req: AnyRequest) =>
      httpAuth.credentials(req, { allow: ['user'] }),

    authorizeBasic,
    audited,

    /**
     * A platform-wide change (a basic permission): one audit event, with the
     * permission checked inside it so a refusal is on record too.
     */
    auditedBasic<T>(
      req: AnyRequest,
      event: AuditedEvent,
      permission: BasicPermission,
      change: (credentials: BackstageCredentials) => Promise<Change<T>>,
    ): Promise<T> {
      return audited(req, event, async () =>
        change(await authorizeBasic(req, permission)),
      );
    },
  };
}

/**
 * Throws 403 unless the service principal is one of the named plugins
 * (`plugin:<id>`); the message names who called and who may.
 */
export function assertServiceSubject(
  credentials: BackstageCredentials<BackstageServicePrincipal>,
  pluginIds: readonly string[],
): void {
  const subject = credentials.principal.subject;
  if (!pluginIds.some(id => subject === `plugin:${id}`)) {
    throw new NotAllowedError(
      `${subject} may not call this endpoint; only ${pluginIds
        .map(id => `plugin:${id}`)
        .join(', ')}`,
    );
  }
}

/** The helpers of {@link createRouteHelpers}. */
export type RouteHelpers = ReturnType<typeof createRouteHelpers>;

/** A resource the caller may act on, with the check for related ones. */
export interface AuthorizedResource<TResource> {
  /** The loaded resource, which the caller may act on. */
  resource: TResource;
  /** Whether the caller's permission reaches another resource of this type. */
  isAllowed: (resource: TResource) => boolean;
}

/**
 * Loads one resource for a resource permission: 403 when the caller holds the
 * permission for no resource at all, 404 when this resource is missing or out
 * of the caller's reach (so a tenant-scoped caller cannot probe another
 * tenant's names).
 */
export async function loadAuthorized<TResource, TType extends string>(options: {
  authorizer: ResourceAuthorizer<TResource, TType>;
  credentials: BackstageCredentials;
  permission: ResourcePermission<TType>;
  /** Loads the resource; throws NotFoundError when there is none. */
  load: () => Promise<TResource>;
  /** The 404 message, e.g. `No app with id 42`. */
  notFound: string;
}): Promise<AuthorizedResource<TResource>> {
  const { loaded, isAllowed } = await loadAuthorizedVia({
    ...options,
    resourceOf: resource => resource,
  });
  return { resource: loaded, isAllowed };
}

/** The page size of a list request (`limit`, validated by the contract). */
export function limitOf(value: string | number | undefined, fallback = 50) {
  return value === undefined || value === '' ? fallback : Number(value);
}

/** A comma-separated query value as a list; `undefined` when empty. */
export function listOf<T extends string>(
  value: string | undefined,
): T[] | undefined {
  return value ? (value.split(',') as T[]) : undefined;
}

/**
 * Like {@link loadAuthorized} for something checked through the resource it
 * belongs to, e.g. a credential through its app: 403 when the permission
 * reaches no resource, 404 when the loaded thing's resource is out of reach.
 */
export async function loadAuthorizedVia<
  TLoaded,
  TResource,
  TType extends string,
>(options: {
  authorizer: ResourceAuthorizer<TResource, TType>;
  credentials: BackstageCredentials;
  permission: ResourcePermission<TType>;
  load: () => Promise<TLoaded>;
  /** The resource the permission is checked on. */
  resourceOf: (loaded: TLoaded) => TResource;
  notFound: string;
}): Promise<{ loaded: TLoaded; isAllowed: (resource: TResource) => boolean }> {
  const isAllowed = requireResourceAccess(
    await options.authorizer.resourceAccess(
      options.credentials,
      options.permission,
    ),
    options.permission,
  );
  const loaded = await options.load();
  if (!isAllowed(options.resourceOf(loaded))) {
    throw new NotFoundError(options.notFound);
  }
  return { loaded, isAllowed };
}
