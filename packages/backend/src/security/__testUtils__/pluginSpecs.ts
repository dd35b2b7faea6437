import fs from 'node:fs';
import path from 'node:path';
import { parse as parseYaml } from 'yaml';

/** The repository root (this file is packages/backend/src/security/__testUtils__/). */
export const REPO_ROOT = path.resolve(__dirname, '../../../../..');

/** An OpenAPI 3.0 document as parsed from YAML. */
export type OpenApiDocument = {
  paths: Record<string, Record<string, unknown>>;
  components?: {
    schemas?: Record<string, unknown>;
    parameters?: Record<string, unknown>;
    requestBodies?: Record<string, unknown>;
  };
};

/** A JSON schema of an OpenAPI document (3.0 subset, `$ref`s unresolved). */
export type Schema = Record<string, any>;

/** One backend plugin with a REST contract. */
export interface PluginSpec {
  /** The plugin id; its API is mounted at `/api/<pluginId>`. */
  pluginId: string;
  /** The backend package, e.g. `@controlplane/plugin-apps-backend`. */
  packageName: string;
  document: OpenApiDocument;
}

/**
 * Who may call an operation: the `x-controlplane-access` vendor extension
 * every operation of every plugin declares (docs/plugin-guide.md).
 */
export interface OperationAccess {
  /** Users need this permission (no roles: 403, or 404 for one resource). */
  permission?: string;
  /** Any signed-in user may call it. */
  users?: 'any';
  /** Backstage service principals of these plugins only, or of any plugin. */
  services?: 'any' | string[];
  /** A config key naming further plugins whose services may call it. */
  servicesFromConfig?: string;
  /** Managed apps with a credential carrying one of these scopes. */
  appScopes?: string[];
  /** No credentials at all (the request carries its own, e.g. a token). */
  public?: boolean;
}

/** A parameter of an operation (`in: path` or `in: query`). */
export interface Parameter {
  name: string;
  in: 'path' | 'query' | 'header' | 'cookie';
  required?: boolean;
  schema?: Schema;
}

/** One operation of a plugin's contract. */
export interface SpecOperation {
  plugin: PluginSpec;
  method: 'get' | 'post' | 'put' | 'patch' | 'delete';
  /** The OpenAPI path, e.g. `/apps/{id}`. */
  path: string;
  operationId: string;
  parameters: Parameter[];
  /** The request body's schema per media type, when the operation has one. */
  body?: { required: boolean; content: Record<string, Schema> };
  /** The parsed annotation, or why it is missing or malformed. */
  access: OperationAccess | { invalid: string };
  /** `POST /api/apps/apps/{id}/api-keys (IssueCredential)`, for messages. */
  label: string;
}

const METHODS = ['get', 'post', 'put', 'patch', 'delete'] as const;
const ACCESS_KEYS = [
  'permission',
  'users',
  'services',
  'servicesFromConfig',
  'appScopes',
  'public',
];

/**
 * Every `plugins/<id>-backend/src/schema/openapi.yaml` of the repository,
 * so a plugin added later is covered without touching the suite.
 */
export function discoverPluginSpecs(root = REPO_ROOT): PluginSpec[] {
  const pluginsDir = path.join(root, 'plugins');
  return fs
    .readdirSync(pluginsDir)
    .filter(dir => dir.endsWith('-backend'))
    .filter(dir =>
      fs.existsSync(path.join(pluginsDir, dir, 'src/schema/openapi.yaml')),
    )
    .sort()
    .map(dir => ({
      // Mounted like the generator names it: plugins/<id>-backend -> /api/<id>.
      pluginId: dir.replace(/-backend$/, ''),
      packageName: JSON.parse(
        fs.readFileSync(path.join(pluginsDir, dir, 'package.json'), 'utf8'),
      ).name,
      document: parseYaml(
        fs.readFileSync(
          path.join(pluginsDir, dir, 'src/schema/openapi.yaml'),
          'utf8',
        ),
      ),
    }));
}

/** Reads `x-controlplane-access`; `{ invalid }` says what is wrong. */
export function parseAccess(value: unknown): SpecOperation['access'] {
  if (value === undefined) {
    return { invalid: 'no x-controlplane-access annotation' };
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { invalid: 'x-controlplane-access must be an object' };
  }
  const access = value as Record<string, unknown>;
  const unknown = Object.keys(access).filter(k => !ACCESS_KEYS.includes(k));
  if (unknown.length > 0) {
    return { invalid: `unknown x-controlplane-access keys: ${unknown}` };
  }
  const isStringList = (v: unknown) =>
    Array.isArray(v) && v.every(item => typeof item === 'string');
  if (access.permission !== undefined && typeof access.permission !== 'string')
    return { invalid: 'permission must be a permission name' };
  if (access.users !== undefined && access.users !== 'any')
    return { invalid: "users must be 'any'" };
  if (
    access.services !== undefined &&
    access.services !== 'any' &&
    !isStringList(access.services)
  )
    return { invalid: "services must be 'any' or a list of plugin ids" };
  if (access.appScopes !== undefined && !isStringList(access.appScopes))
    return { invalid: 'appScopes must be a list of scopes' };
  if (access.public !== undefined && access.public !== true)
    return { invalid: 'public must be true when given' };
  const callers = [
    access.permission,
    access.users,
    access.services,
    access.appScopes,
    access.public,
  ].filter(v => v !== undefined);
  if (callers.length === 0) {
    return { invalid: 'x-controlplane-access names no caller' };
  }
  return access as OperationAccess;
}

/** A `$ref` into the document's components, resolved; anything else as is. */
function dereference<T>(document: OpenApiDocument, value: any): T {
  const ref = value?.$ref;
  if (typeof ref !== 'string') return value;
  const [, section, name] = ref.match(/^#\/components\/(\w+)\/(.+)$/) ?? [];
  const components = document.components as Record<string, any> | undefined;
  return components?.[section]?.[name] as T;
}

/** Every operation of a plugin's contract. */
export function operationsOf(plugin: PluginSpec): SpecOperation[] {
  const operations: SpecOperation[] = [];
  const parametersOf = (list: unknown) =>
    ((list ?? []) as unknown[]).map(p =>
      dereference<Parameter>(plugin.document, p),
    );
  for (const [specPath, pathItem] of Object.entries(plugin.document.paths)) {
    const shared = parametersOf(pathItem.parameters);
    for (const method of METHODS) {
      const operation = pathItem[method] as Record<string, any> | undefined;
      if (!operation) continue;
      const own = parametersOf(operation.parameters);
      const parameters = [
        ...shared.filter(p => !own.some(o => o.name === p.name)),
        ...own,
      ];
      const requestBody = dereference<any>(
        plugin.document,
        operation.requestBody,
      );
      operations.push({
        plugin,
        method,
        path: specPath,
        operationId: operation.operationId,
        parameters,
        body: requestBody
          ? {
              required: Boolean(requestBody.required),
              content: Object.fromEntries(
                Object.entries(
                  requestBody.content as Record<string, { schema: Schema }>,
                ).map(([type, media]) => [type, media.schema ?? {}]),
              ),
            }
          : undefined,
        access: parseAccess(operation['x-controlplane-access']),
        label: `${method.toUpperCase()} /api/${plugin.pluginId}${specPath} (${
          operation.operationId
        })`,
      });
    }
  }
  return operations;
}
