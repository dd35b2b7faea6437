/**
 * Catalog frontend modules for the control-plane kinds: entity cards and
 * list filters for the catalog, relation types for the catalog graph.
 *
 * @packageDocumentation
 */
import { createFrontendFeatureLoader } from '@backstage/frontend-plugin-api';
import { catalogModuleControlPlane } from './catalogModule';
import { catalogGraphModuleControlPlane } from './catalogGraphModule';

export { catalogModuleControlPlane, catalogGraphModuleControlPlane };
export { EnvironmentChip } from './components/EnvironmentChip';

export default createFrontendFeatureLoader({
  loader: () => [catalogModuleControlPlane, catalogGraphModuleControlPlane],
});
