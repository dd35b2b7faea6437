import { AuthService } from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { QueryParams } from '@controlplane/common';
import {
  Explanation,
  PermissionInfo,
  PolicySubject,
  RbacApiOperations,
  resourceConditions,
} from '@controlplane/plugin-rbac-common';
import { ConditionApplier } from './ConditionApplier';
import { PermissionCatalog } from './PermissionCatalog';
import { PolicyService } from './PolicyService';

/** What `GET /explain` asks: a user, a permission, optionally a resource. */
export type ExplainQuery = QueryParams<RbacApiOperations['Explain']>;

/** `ada`, `user:ada` and `user:default/ada` all name the same user. */
function parseUserRef(ref: string): string {
  const notAUser = new InputError(
    `"${ref}" is not a user entity ref like user:default/ada`,
  );
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch {
    throw notAUser;
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') throw notAUser;
  return stringifyEntityRef(parsed);
}

/**
 * Why a user of the catalog is allowed or denied a permission: through which
 * roles, grants and group memberships, and for one resource, whether the
 * plugin that owns it finds the policy's conditions met.
 */
export class ExplainService {
  constructor(
    private readonly deps: {
      policy: PolicyService;
      permissionCatalog: PermissionCatalog;
      conditionApplier: ConditionApplier;
      catalog: CatalogService;
      auth: AuthService;
    },
  ) {}

  async explain(query: ExplainQuery): Promise<Explanation> {
    const { policy, catalog, auth } = this.deps;
    const userRef = parseUserRef(query.user);
    const entity = await catalog.getEntityByRef(userRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity) {
      throw new NotFoundError(`User ${userRef} is not in the catalog`);
    }
    const groups = (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    const subject: PolicySubject = {
      userEntityRef: userRef,
      ownershipEntityRefs: [userRef, ...groups],
    };
    const explanation = await policy.explain(subject, query.permission);
    const info = await this.#permissionInfo(query.permission);
    if (explanation.result === 'CONDITIONAL' && info?.type === 'basic') {
      // As the policy decides: scoped grants have no resource to scope here.
      return {
        ...explanation,
        result: 'DENY',
        scopes: undefined,
        tenants: undefined,
        reason: `${query.permission} is a basic permission, which tenant-scoped memberships and owned grants never allow: ${explanation.reason}`,
      };
    }
    if (query.resourceRef === undefined) return explanation;
    return {
      ...explanation,
      resource: await this.#explainResource(
        explanation,
        subject,
        info,
        query.resourceRef,
      ),
    };
  }

  async #permissionInfo(name: string): Promise<PermissionInfo | undefined> {
    return (await this.deps.permissionCatalog.list()).find(
      p => p.name === name,
    );
  }

  /**
   * The decision for one resource: the conditions the policy would return,
   * checked by the plugin that owns the resource.
   */
  async #explainResource(
    explanation: Explanation,
    subject: PolicySubject,
    info: PermissionInfo | undefined,
    resourceRef: string,
  ): Promise<NonNullable<Explanation['resource']>> {
    const { permission: name } = explanation;
    if (!info) {
      throw new InputError(`No installed plugin registers ${name}`);
    }
    if (info.type !== 'resource' || !info.resourceType) {
      throw new InputError(
        `${name} is a basic permission and does not apply to a resource; leave out resourceRef`,
      );
    }
    if (explanation.result === 'DENY') {
      return { ref: resourceRef, result: 'DENY' };
    }
    const conditions = resourceConditions(
      explanation.result === 'ALLOW'
        ? { result: 'ALLOW' }
        : { result: 'SCOPED', scopes: explanation.scopes ?? [] },
      { name, resourceType: info.resourceType },
      subject,
    );
    if (!conditions) return { ref: resourceRef, result: 'ALLOW' };
    const result = await this.deps.conditionApplier.apply({
      pluginId: info.pluginId,
      resourceType: info.resourceType,
      resourceRef,
      conditions,
    });
    return { ref: resourceRef, result, conditions };
  }
}
