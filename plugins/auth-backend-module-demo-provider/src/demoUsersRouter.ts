import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { CatalogService } from '@backstage/plugin-catalog-node';
import express from 'express';
import Router from 'express-promise-router';
import { DEMO_ROLE_ANNOTATION } from './authenticator';

/**
 * `GET /demo-users`: the users the local sign-in page offers, read from the
 * catalog (users annotated with their demo role). Reachable before sign-in.
 */
export function createDemoUsersRouter(options: {
  catalog: CatalogService;
  auth: AuthService;
}): express.Router {
  const { catalog, auth } = options;
  const router = Router();
  router.get('/demo-users', async (_req, res) => {
    const { items } = await catalog.getEntities(
      {
        filter: {
          kind: 'User',
          [`metadata.annotations.${DEMO_ROLE_ANNOTATION}`]:
            CATALOG_FILTER_EXISTS,
        },
        fields: [
          'metadata.name',
          `metadata.annotations`,
          'spec.profile.displayName',
        ],
        order: { field: 'metadata.name', order: 'asc' },
      },
      { credentials: await auth.getOwnServiceCredentials() },
    );
    res.json({
      items: items.map(user => ({
        name: user.metadata.name,
        displayName:
          (user.spec?.profile as { displayName?: string } | undefined)
            ?.displayName ?? user.metadata.name,
        role: user.metadata.annotations?.[DEMO_ROLE_ANNOTATION] ?? '',
      })),
    });
  });
  return router;
}
