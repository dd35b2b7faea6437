import {
  ApiBlueprint,
  createFrontendModule,
} from '@backstage/frontend-plugin-api';
import {
  ALL_RELATION_PAIRS,
  ALL_RELATIONS,
  catalogGraphApiRef,
  DefaultCatalogGraphApi,
} from '@backstage/plugin-catalog-graph';
import {
  RELATION_DEPLOYMENT_OF,
  RELATION_HAS_DEPLOYMENT,
  RELATION_SERVED_BY,
  RELATION_SERVES_TENANT,
} from '@controlplane/plugin-catalog-controlplane-common';

// The relation graph only draws relation types it knows; teach it ours.
const catalogGraphApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: catalogGraphApiRef,
      deps: {},
      factory: () =>
        new DefaultCatalogGraphApi({
          knownRelations: [
            ...ALL_RELATIONS,
            RELATION_HAS_DEPLOYMENT,
            RELATION_DEPLOYMENT_OF,
            RELATION_SERVED_BY,
            RELATION_SERVES_TENANT,
          ],
          knownRelationPairs: [
            ...ALL_RELATION_PAIRS,
            [RELATION_HAS_DEPLOYMENT, RELATION_DEPLOYMENT_OF],
            [RELATION_SERVED_BY, RELATION_SERVES_TENANT],
          ],
          defaultRelationTypes: { exclude: [] },
        }),
    }),
});

/** Control-plane relations in the catalog graph. */
export const catalogGraphModuleControlPlane = createFrontendModule({
  pluginId: 'catalog-graph',
  extensions: [catalogGraphApi],
});
