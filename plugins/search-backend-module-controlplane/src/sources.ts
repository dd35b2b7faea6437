import {
  DocumentCollatorFactory,
  IndexableDocument,
} from '@backstage/plugin-search-common';
import {
  appsAppReadPermission,
  ManagedApp,
} from '@controlplane/plugin-apps-common';
import {
  FlagSummary,
  flagsFlagReadPermission,
} from '@controlplane/plugin-flags-common';
import {
  Incident,
  incidentsIncidentReadPermission,
} from '@controlplane/plugin-incidents-common';
import {
  PromotionRequest,
  promotionsRequestReadPermission,
} from '@controlplane/plugin-promotions-common';
import { rbacRoleReadPermission, Role } from '@controlplane/plugin-rbac-common';
import {
  Tenant,
  tenantsTenantReadPermission,
} from '@controlplane/plugin-tenants-common';
import {
  PluginCollatorDeps,
  PluginCollatorFactory,
} from './PluginCollatorFactory';

/** A document whose visibility is decided per resource (tenant scoping). */
export interface AuthorizedDocument extends IndexableDocument {
  /** The resource the plugin's read permission is decided on. */
  authorization: { resourceRef: string };
}

/** A tenant: found by name, display name and domain; shows plan and status. */
export interface TenantDocument extends AuthorizedDocument {
  name: string;
  displayName: string;
  domain: string;
  plan: string;
  status: string;
  /** The tenant it belongs to: itself. */
  tenant: string;
}

/** A managed application: shows its owner, environment and status. */
export interface AppDocument extends AuthorizedDocument {
  appId: string;
  name: string;
  owner: string;
  environment: string;
  status: string;
  /** The tenants it serves (a tenant-scoped user sees it only when all are theirs). */
  tenants: string[];
}

/**
 * A flag definition: shows its lifecycle. Definitions are read with a basic
 * permission (no tenant to scope by), so every document is visible to every
 * holder of `flags.flag.read`; no tenant's override is indexed.
 */
export interface FlagDocument extends IndexableDocument {
  key: string;
  flagType: string;
  lifecycle: string;
  owner?: string;
  tags: string[];
  killed: boolean;
  potentiallyStale: boolean;
}

/** A promotion (or rollback) request: shows its status and environments. */
export interface PromotionDocument extends AuthorizedDocument {
  requestId: string;
  requestKind: string;
  target: string;
  tenant: string;
  sourceEnvironment: string;
  targetEnvironment: string;
  version: string;
  status: string;
  requestedBy: string;
}

/** An incident or ticket: shows its severity and status. */
export interface IncidentDocument extends AuthorizedDocument {
  incidentId: string;
  severity: string;
  priority: string;
  category: string;
  status: string;
  /** Absent for the platform's own incidents (platform staff only). */
  tenant?: string;
}

/**
 * An RBAC role: shows its description. Roles are read with a basic
 * permission, so every holder of `rbac.role.read` finds every role.
 */
export interface RoleDocument extends IndexableDocument {
  name: string;
  description: string;
  grantCount: number;
  memberCount: number;
}

const segment = (value: string) => encodeURIComponent(value);

/** `a, b and c`; `none` for an empty list. */
function listText(values: readonly string[]): string {
  if (values.length === 0) return 'none';
  if (values.length === 1) return values[0];
  return `${values.slice(0, -1).join(', ')} and ${values[values.length - 1]}`;
}

/** `1 grant`, `3 grants`. */
const count = (n: number, noun: string) => `${n} ${noun}${n === 1 ? '' : 's'}`;

/** The sentences that are there, each ending with a full stop. */
const sentences = (...parts: Array<string | undefined | null>) =>
  parts
    .map(part => part?.trim())
    .filter((part): part is string => !!part)
    .map(part => (/[.!?]$/.test(part) ? part : `${part}.`))
    .join(' ');

/** The search document of a tenant; its page is `/tenants/<name>`. */
export function tenantDocument(tenant: Tenant): TenantDocument {
  return {
    title: tenant.displayName || tenant.name,
    text: sentences(
      `Tenant ${tenant.name} (${tenant.domain}): ${tenant.plan} plan, ${tenant.status}`,
      tenant.statusReason,
    ),
    location: `/tenants/${segment(tenant.name)}`,
    name: tenant.name,
    displayName: tenant.displayName || tenant.name,
    domain: tenant.domain,
    plan: tenant.plan,
    status: tenant.status,
    tenant: tenant.name,
    authorization: { resourceRef: tenant.name },
  };
}

/** The search document of a managed app; its page is `/apps/<id>`. */
export function appDocument(app: ManagedApp): AppDocument {
  return {
    title: app.title || app.name,
    text: sentences(
      app.description,
      `App ${app.name} in ${app.environment}, owned by ${app.owner}, ${app.status}`,
      `Serves ${listText(app.tenants)}`,
    ),
    location: `/apps/${segment(app.id)}`,
    appId: app.id,
    name: app.name,
    owner: app.owner,
    environment: app.environment,
    status: app.status,
    tenants: app.tenants,
    authorization: { resourceRef: app.id },
  };
}

/** The search document of a flag definition; its page is `/flags/<key>`. */
export function flagDocument(flag: FlagSummary): FlagDocument {
  return {
    title: flag.key,
    text: sentences(
      flag.description,
      `${flag.type} flag, ${flag.lifecycle}${flag.killed ? ', killed' : ''}${
        flag.potentiallyStale ? ', potentially stale' : ''
      }`,
      flag.owner ? `Owned by ${flag.owner}` : undefined,
      flag.tags.length > 0 ? `Tags: ${flag.tags.join(', ')}` : undefined,
    ),
    location: `/flags/${segment(flag.key)}`,
    key: flag.key,
    flagType: flag.type,
    lifecycle: flag.lifecycle,
    ...(flag.owner ? { owner: flag.owner } : {}),
    tags: flag.tags,
    killed: flag.killed,
    potentiallyStale: flag.potentiallyStale,
  };
}

/**
 * The search document of a promotion request; its page is
 * `/promotions/requests/<id>`.
 */
export function promotionDocument(
  request: PromotionRequest,
): PromotionDocument {
  const what = `${request.kind === 'rollback' ? 'Rollback' : 'Promotion'} of ${
    request.target
  } ${request.version}`;
  return {
    title: request.title || `${what} to ${request.targetEnvironment}`,
    text: sentences(
      `${what} from ${request.sourceEnvironment} to ${request.targetEnvironment} for ${request.tenant}: ${request.status}`,
      `Requested by ${request.requestedBy}`,
      request.reason,
    ),
    location: `/promotions/requests/${segment(request.id)}`,
    requestId: request.id,
    requestKind: request.kind,
    target: request.target,
    tenant: request.tenant,
    sourceEnvironment: request.sourceEnvironment,
    targetEnvironment: request.targetEnvironment,
    version: request.version,
    status: request.status,
    requestedBy: request.requestedBy,
    authorization: { resourceRef: request.id },
  };
}

/** The search document of an incident; its page is `/incidents/<id>`. */
export function incidentDocument(incident: Incident): IncidentDocument {
  return {
    title: incident.title,
    text: sentences(
      `${incident.severity} ${
        incident.category
      } incident, ${incident.status.replace('_', ' ')}, ${
        incident.tenant ? `tenant ${incident.tenant}` : 'platform'
      }`,
      incident.description,
    ),
    location: `/incidents/${segment(incident.id)}`,
    incidentId: incident.id,
    severity: incident.severity,
    priority: incident.priority,
    category: incident.category,
    status: incident.status,
    ...(incident.tenant ? { tenant: incident.tenant } : {}),
    authorization: { resourceRef: incident.id },
  };
}

/** The search document of an RBAC role; its page is `/rbac/roles/<name>`. */
export function roleDocument(role: Role): RoleDocument {
  return {
    title: role.name,
    text: sentences(
      role.description,
      `Role with ${count(role.grants.length, 'grant')} and ${count(
        role.members.length,
        'member',
      )}`,
    ),
    location: `/rbac/roles/${segment(role.name)}`,
    name: role.name,
    description: role.description,
    grantCount: role.grants.length,
    memberCount: role.members.length,
  };
}

/**
 * A collator factory for each kind of control-plane object: the owning
 * plugin's list route (every status, so an operator also finds a suspended
 * tenant or a closed incident) and the plugin's read permission.
 */
export function createControlPlaneCollatorFactories(
  deps: PluginCollatorDeps,
): DocumentCollatorFactory[] {
  return [
    new PluginCollatorFactory<Tenant, TenantDocument>(
      {
        type: 'tenant',
        pluginId: 'tenants',
        path: '/tenants',
        query: { status: 'active,suspended,offboarded' },
        paged: true,
        visibilityPermission: tenantsTenantReadPermission,
        toDocument: tenantDocument,
      },
      deps,
    ),
    new PluginCollatorFactory<ManagedApp, AppDocument>(
      {
        type: 'app',
        pluginId: 'apps',
        path: '/apps',
        paged: true,
        visibilityPermission: appsAppReadPermission,
        toDocument: appDocument,
      },
      deps,
    ),
    new PluginCollatorFactory<FlagSummary, FlagDocument>(
      {
        type: 'flag',
        pluginId: 'flags',
        path: '/flags',
        query: { lifecycle: 'active,deprecated,archived' },
        paged: true,
        visibilityPermission: flagsFlagReadPermission,
        toDocument: flagDocument,
      },
      deps,
    ),
    new PluginCollatorFactory<PromotionRequest, PromotionDocument>(
      {
        type: 'promotion',
        pluginId: 'promotions',
        path: '/requests',
        paged: true,
        visibilityPermission: promotionsRequestReadPermission,
        toDocument: promotionDocument,
      },
      deps,
    ),
    new PluginCollatorFactory<Incident, IncidentDocument>(
      {
        type: 'incident',
        pluginId: 'incidents',
        path: '/incidents',
        paged: true,
        visibilityPermission: incidentsIncidentReadPermission,
        toDocument: incidentDocument,
      },
      deps,
    ),
    new PluginCollatorFactory<Role, RoleDocument>(
      {
        type: 'role',
        pluginId: 'rbac',
        path: '/roles',
        paged: false,
        visibilityPermission: rbacRoleReadPermission,
        toDocument: roleDocument,
      },
      deps,
    ),
  ];
}
