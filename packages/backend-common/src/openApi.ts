import fs from 'node:fs';
import { createValidatedOpenApiRouter } from '@backstage/backend-openapi-utils';
import { resolvePackagePath } from '@backstage/backend-plugin-api';
import { Router } from 'express';
import { parse as parseYaml } from 'yaml';

/** The OpenAPI document `createValidatedOpenApiRouter` validates against. */
export type OpenApiSpec = Parameters<typeof createValidatedOpenApiRouter>[0];

/**
 * Loads a plugin's REST contract from its package, by default
 * `src/schema/openapi.yaml`.
 */
export function loadOpenApiSpec(
  packageName: string,
  path: string = 'src/schema/openapi.yaml',
): OpenApiSpec {
  const file = resolvePackagePath(packageName, path);
  return parseYaml(fs.readFileSync(file, 'utf8'));
}

/**
 * A router that validates every request against the package's OpenAPI
 * contract (loaded once, see `loadOpenApiSpec`).
 */
export function createPortalOpenApiRouter(
  packageName: string,
  options?: Parameters<typeof createValidatedOpenApiRouter>[1] & {
    specPath?: string;
  },
): Router {
  const { specPath, ...routerOptions } = options ?? {};
  return createValidatedOpenApiRouter(
    loadOpenApiSpec(packageName, specPath),
    routerOptions,
  );
}
