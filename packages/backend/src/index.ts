/*
 * The portal backend. Every backend plugin and module listed in this
 * package's dependencies is discovered and started; operators choose which
 * ones run with `backend.packages` (include/exclude) in app-config, without
 * touching code. See README "Install or remove a plugin".
 */
import {
  createBackend,
  discoveryFeatureLoader,
} from '@backstage/backend-defaults';

const backend = createBackend();
backend.add(discoveryFeatureLoader);
backend.start();
