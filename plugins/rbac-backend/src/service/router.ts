import { createOpenApiRouter } from '../schema/openapi/generated/router';
import {
  AuditorService,
  AuthService,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import {
  parseEntityRef,
  RELATION_MEMBER_OF,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  AuthorizeResult,
  BasicPermission,
} from '@backstage/plugin-permission-common';
import { JsonObject } from '@backstage/types';
import {
  Explanation,
  PLATFORM_ADMIN_ROLE,
  rbacDecisionExplainPermission,
  rbacRoleCreatePermission,
  rbacRoleDeletePermission,
  rbacRoleReadPermission,
  rbacRoleUpdatePermission,
  resourceConditions,
} from '@controlplane/plugin-rbac-common';
import { auditedChange } from '@controlplane/backend-common';
import express, { Request, Router } from 'express';
import { ConditionApplier } from './ConditionApplier';
import { PermissionCatalog } from './PermissionCatalog';
import { RbacService, RoleChange } from './RbacService';
import { diffTouchesPlatformAdmin, ImportMode } from './roleSet';

const etag = (revision: number) => `"${revision}"`;

/** `ada`, `user:ada` and `user:default/ada` all name the same user. */
function parseUserRef(ref: string): string {
  let parsed;
  try {
    parsed = parseEntityRef(ref, {
      defaultKind: 'user',
      defaultNamespace: 'default',
    });
  } catch {
    throw new InputError(
      `"${ref}" is not a user entity ref like user:default/ada`,
    );
  }
  if (parsed.kind.toLocaleLowerCase('en-US') !== 'user') {
    throw new InputError(
      `"${ref}" is not a user entity ref like user:default/ada`,
    );
  }
  return stringifyEntityRef(parsed);
}

export interface RouterOptions {
  service: RbacService;
  permissionCatalog: PermissionCatalog;
  conditionApplier: ConditionApplier;
  httpAuth: HttpAuthService;
  auth: AuthService;
  permissions: PermissionsService;
  auditor: AuditorService;
  catalog: CatalogService;
}

/** HTTP only: parse, authorize, call the service, audit, answer. */
export function createRouter(options: RouterOptions): Router {
  const {
    service,
    permissionCatalog,
    conditionApplier,
    httpAuth,
    auth,
    permissions,
    auditor,
    catalog,
  } = options;
  const router = createOpenApiRouter({
    middleware: [
      express.json(),
      // Role set imports are YAML text.
      express.text({
        type: ['application/yaml', 'text/plain'],
        limit: '1mb',
      }),
    ],
  });

  async function authorize(req: Request, ...required: BasicPermission[]) {
    const credentials = await httpAuth.credentials(req, {
      allow: ['user', 'service'],
    });
    const decisions = await permissions.authorize(
      required.map(permission => ({ permission })),
      { credentials },
    );
    decisions.forEach((decision, index) => {
      if (decision.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`Not allowed: ${required[index].name}`);
      }
    });
  }

  /**
   * Runs a state change as exactly one audit event: created before the
   * permission check, so denied attempts are on record too.
   */
  async function audited<T>(
    req: Request,
    eventId: string,
    meta: { role: string } & JsonObject,
    change: () => Promise<T>,
    resultMeta: (result: T) => JsonObject,
  ): Promise<T> {
    return auditedChange({
      auditor,
      eventId,
      severityLevel: meta.role === PLATFORM_ADMIN_ROLE ? 'critical' : 'high',
      // resourceType/resourceId name the changed role in the audit trail.
      initialMeta: {
        resourceType: 'rbac-role',
        resourceId: meta.role,
        ...meta,
      },
      meta,
      request: req,
      change,
      successMeta: resultMeta,
    });
  }

  const changeMeta = (change: RoleChange): JsonObject => ({
    before: change.before,
    after: change.after,
    changed: change.changed,
  });

  router.get('/permissions', async (req, res) => {
    await authorize(req, rbacRoleReadPermission);
    res.json({ items: await options.permissionCatalog.list() });
  });

  router.get('/roles', async (req, res) => {
    await authorize(req, rbacRoleReadPermission);
    res.json({ items: await service.listRoles() });
  });

  router.post('/roles', async (req, res) => {
    const { name, description } = req.body as {
      name: string;
      description: string;
    };
    const role = await audited(
      req,
      'role-create',
      { role: name },
      async () => {
        await authorize(req, rbacRoleCreatePermission);
        return service.createRole(name, description);
      },
      created => ({ after: { ...created } }),
    );
    res.status(201).json(role);
  });

  router.get('/roles/export', async (req, res) => {
    await authorize(req, rbacRoleReadPermission);
    res
      .status(200)
      .type('application/yaml; charset=utf-8')
      .send(await service.exportRoles());
  });

  router.post('/roles/import', async (req, res) => {
    const mode = (req.query.mode ?? 'merge') as ImportMode;
    const dryRun = req.query.dryRun === 'true';
    if (typeof req.body !== 'string') {
      throw new InputError(
        'Send the role set as YAML text with Content-Type application/yaml or text/plain',
      );
    }
    // Validated before anything else: a broken document changes nothing.
    const roles = service.parseRoleSet(req.body);
    const required = [rbacRoleCreatePermission, rbacRoleUpdatePermission];
    if (mode === 'replace') required.push(rbacRoleDeletePermission);

    if (dryRun) {
      await authorize(req, ...required);
      res.json(await service.importRoles(roles, mode, { dryRun: true }));
      return;
    }

    // Severity from a preview; the import recomputes the diff under the lock.
    const preview = await service.previewImport(roles, mode);
    const meta = { mode, roles: roles.map(role => role.name) };
    const diff = await auditedChange({
      auditor,
      eventId: 'roles-import',
      severityLevel: diffTouchesPlatformAdmin(preview) ? 'critical' : 'high',
      meta,
      request: req,
      change: async () => {
        await authorize(req, ...required);
        return service.importRoles(roles, mode);
      },
      successMeta: result => ({ diff: result }),
    });
    res.json(diff);
  });

  router.get('/roles/:name', async (req, res) => {
    await authorize(req, rbacRoleReadPermission);
    res.json(await service.getRole(req.params.name));
  });

  router.delete('/roles/:name', async (req, res) => {
    const { name } = req.params;
    await audited(
      req,
      'role-delete',
      { role: name },
      async () => {
        await authorize(req, rbacRoleDeletePermission);
        return service.deleteRole(name);
      },
      deleted => ({ before: { ...deleted } }),
    );
    res.status(204).end();
  });

  router.put('/roles/:name/grants/:pattern', async (req, res) => {
    const { name, pattern } = req.params;
    const change = await audited(
      req,
      'role-grant',
      { role: name, grant: pattern },
      async () => {
        await authorize(req, rbacRoleUpdatePermission);
        return service.grant(name, pattern);
      },
      changeMeta,
    );
    res.json(change.role);
  });

  router.delete('/roles/:name/grants/:pattern', async (req, res) => {
    const { name, pattern } = req.params;
    const change = await audited(
      req,
      'role-revoke',
      { role: name, grant: pattern },
      async () => {
        await authorize(req, rbacRoleUpdatePermission);
        return service.revoke(name, pattern);
      },
      changeMeta,
    );
    res.json(change.role);
  });

  router.put('/roles/:name/members/:memberRef', async (req, res) => {
    const { name, memberRef } = req.params;
    const change = await audited(
      req,
      'role-member-add',
      { role: name, member: memberRef },
      async () => {
        await authorize(req, rbacRoleUpdatePermission);
        return service.addMember(name, memberRef);
      },
      changeMeta,
    );
    res.json(change.role);
  });

  router.delete('/roles/:name/members/:memberRef', async (req, res) => {
    const { name, memberRef } = req.params;
    const change = await audited(
      req,
      'role-member-remove',
      { role: name, member: memberRef },
      async () => {
        await authorize(req, rbacRoleUpdatePermission);
        return service.removeMember(name, memberRef);
      },
      changeMeta,
    );
    res.json(change.role);
  });

  router.get('/explain', async (req, res) => {
    await authorize(req, rbacDecisionExplainPermission);
    const { user, permission, resourceRef } = req.query as {
      user: string;
      permission: string;
      resourceRef?: string;
    };
    const userRef = parseUserRef(user);
    const entity = await catalog.getEntityByRef(userRef, {
      credentials: await auth.getOwnServiceCredentials(),
    });
    if (!entity)
      throw new NotFoundError(`User ${userRef} is not in the catalog`);
    const groups = (entity.relations ?? [])
      .filter(relation => relation.type === RELATION_MEMBER_OF)
      .map(relation => relation.targetRef);
    const explanation = await service.explain(
      { userEntityRef: userRef, ownershipEntityRefs: [userRef, ...groups] },
      permission,
    );
    if (resourceRef !== undefined) {
      explanation.resource = await explainResource(explanation, resourceRef);
    }
    res.json(explanation);
  });

  /**
   * The decision for one resource: the conditions the policy would return,
   * checked by the plugin that owns the resource.
   */
  async function explainResource(
    explanation: Explanation,
    resourceRef: string,
  ): Promise<NonNullable<Explanation['resource']>> {
    const { permission: name, user } = explanation;
    const info = (await permissionCatalog.list()).find(p => p.name === name);
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
        : { result: 'TENANTS', tenants: explanation.tenants ?? [] },
      { name, resourceType: info.resourceType },
      user,
    );
    if (!conditions) return { ref: resourceRef, result: 'ALLOW' };
    const result = await conditionApplier.apply({
      pluginId: info.pluginId,
      resourceType: info.resourceType,
      resourceRef,
      conditions,
    });
    return { ref: resourceRef, result, conditions };
  }

  router.get('/policy/snapshot', async (req, res) => {
    // Only the permission policy (a service) reads the whole policy.
    await httpAuth.credentials(req, { allow: ['service'] });
    const known = req.header('if-none-match');
    if (known && known === etag(await service.revision())) {
      res.status(304).end();
      return;
    }
    const snapshot = await service.snapshot();
    res.setHeader('ETag', etag(snapshot.revision));
    res.json(snapshot);
  });

  return router;
}
