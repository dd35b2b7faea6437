import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  PermissionCriteria,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  createConditionAuthorizer,
  createConditionTransformer,
  PermissionRuleset,
} from '@backstage/plugin-permission-node';
import { ColumnFilter } from './filters';

/** What a user may list: nothing, everything, or what matches `filter`. */
export type ListAccess =
  | { allowed: false }
  | { allowed: true; filter?: PermissionCriteria<ColumnFilter> };

/** See {@link ResourceAuthorizer.resourceAccess}. */
export type ResourceAccess<TResource> =
  | { allowed: false }
  | { allowed: true; isAllowed(resource: TResource): boolean };

/**
 * See {@link ResourceAuthorizer.scopedAccess}: the SQL filter (none for an
 * unconditional decision) and the check on one resource, of one decision.
 */
export type ScopedAccess<TResource> =
  | { allowed: false }
  | {
      allowed: true;
      filter?: PermissionCriteria<ColumnFilter>;
      isAllowed(resource: TResource): boolean;
    };

/**
 * Decides resource permissions for one resource type of a plugin, applying
 * conditional decisions (tenant scoping, separation of duties) locally with
 * the plugin's own rules: as SQL for lists, on the loaded object for one
 * resource. One permission round trip per request, none per resource.
 */
export class ResourceAuthorizer<TResource, TResourceType extends string> {
  readonly #permissions: PermissionsService;
  readonly #toFilter: (
    conditions: PermissionCriteria<any>,
  ) => PermissionCriteria<ColumnFilter>;
  readonly #authorize: ReturnType<typeof createConditionAuthorizer<TResource>>;

  constructor(options: {
    permissions: PermissionsService;
    ruleset: PermissionRuleset<TResource, ColumnFilter, TResourceType>;
  }) {
    this.#permissions = options.permissions;
    this.#toFilter = createConditionTransformer(options.ruleset);
    this.#authorize = createConditionAuthorizer(options.ruleset);
  }

  /** The filter a list query must apply for this user. */
  async listAccess(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
  ): Promise<ListAccess> {
    const access = await this.scopedAccess(credentials, permission);
    return access.allowed
      ? { allowed: true, filter: access.filter }
      : { allowed: false };
  }

  /**
   * The filter a list query must apply for this user, or a NotAllowedError
   * (403) when the user may not list at all.
   */
  async listFilter(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
  ): Promise<PermissionCriteria<ColumnFilter> | undefined> {
    return requireListAccess(
      await this.listAccess(credentials, permission),
      permission,
    );
  }

  /**
   * One decision as both a list filter and a check per resource, for a
   * page that queries some sources in SQL and filters others in memory.
   */
  async scopedAccess(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
  ): Promise<ScopedAccess<TResource>> {
    const decision = await this.#decide(credentials, permission);
    if (decision.result === AuthorizeResult.DENY) return { allowed: false };
    return {
      allowed: true,
      ...(decision.result === AuthorizeResult.CONDITIONAL
        ? { filter: this.#toFilter(decision.conditions) }
        : {}),
      isAllowed: resource => this.#authorize(decision, resource),
    };
  }

  /**
   * One decision for several resources: whether the permission is allowed at
   * all, and a check for each loaded resource. Lets a caller tell "not allowed
   * at all" (403) from "not this one" (which it may answer like a missing
   * resource, 404, so that names outside the user's tenant cannot be probed).
   */
  async resourceAccess(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
  ): Promise<ResourceAccess<TResource>> {
    const access = await this.scopedAccess(credentials, permission);
    return access.allowed
      ? { allowed: true, isAllowed: access.isAllowed }
      : { allowed: false };
  }

  /** Whether the user may act on this (loaded or about to be created) resource. */
  async isAllowed(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
    resource: TResource,
  ): Promise<boolean> {
    return this.#authorize(
      await this.#decide(credentials, permission),
      resource,
    );
  }

  /** The one permission round trip every method above makes. */
  async #decide(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
  ) {
    const [decision] = await this.#permissions.authorizeConditional(
      [{ permission }],
      { credentials },
    );
    return decision;
  }

  /**
   * Like {@link ResourceAuthorizer.isAllowed}, but throws a NotAllowedError
   * (403) when denied.
   */
  async assertAllowed(
    credentials: BackstageCredentials,
    permission: ResourcePermission<TResourceType>,
    resource: TResource,
  ): Promise<void> {
    if (!(await this.isAllowed(credentials, permission, resource))) {
      throw new NotAllowedError(`You are not allowed ${permission.name}`);
    }
  }
}

/**
 * Throws a NotAllowedError (403) unless the list is allowed at all; returns
 * the filter to apply.
 */
export function requireListAccess(
  access: ListAccess,
  permission: ResourcePermission,
): PermissionCriteria<ColumnFilter> | undefined {
  if (!access.allowed) {
    throw new NotAllowedError(`You are not allowed ${permission.name}`);
  }
  return access.filter;
}

/**
 * Throws a NotAllowedError (403) unless the permission is allowed at all;
 * returns the check for each loaded resource. Answer a resource that fails
 * the check like a missing one (404), so names outside the caller's scope
 * cannot be probed.
 */
export function requireResourceAccess<TResource>(
  access: ResourceAccess<TResource>,
  permission: ResourcePermission,
): (resource: TResource) => boolean {
  if (!access.allowed) {
    throw new NotAllowedError(`You are not allowed ${permission.name}`);
  }
  return access.isAllowed;
}

/** Throws a NotAllowedError (403) unless a basic permission is allowed. */
export async function assertBasicAllowed(
  permissions: PermissionsService,
  credentials: BackstageCredentials,
  permission: BasicPermission,
): Promise<void> {
  const [decision] = await permissions.authorize([{ permission }], {
    credentials,
  });
  if (decision.result !== AuthorizeResult.ALLOW) {
    throw new NotAllowedError(`You are not allowed ${permission.name}`);
  }
}

/**
 * Who acts, as the services and the audit record name them:
 * `user:default/ada`, or `service:<subject>` for service callers.
 */
export function actorRef(credentials: BackstageCredentials): string {
  const principal = credentials.principal as {
    type: string;
    userEntityRef?: string;
    subject?: string;
  };
  return principal.type === 'user'
    ? principal.userEntityRef!
    : `service:${principal.subject ?? 'unknown'}`;
}
