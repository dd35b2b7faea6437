import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { auditTrailServiceRef } from './auditTrail';
import {
  DurableAuditor,
  readMinimumSeverity,
  readSeverityLogLevels,
} from './DurableAuditor';

/**
 * Replaces Backstage's `coreServices.auditor` for every plugin: each event
 * is logged exactly as the default auditor logs it, and its outcome is
 * recorded in the audit trail when its severity is at least
 * `audit.minimumSeverity`.
 */
export const auditorServiceFactory = createServiceFactory({
  service: coreServices.auditor,
  deps: {
    config: coreServices.rootConfig,
    logger: coreServices.logger,
    auth: coreServices.auth,
    httpAuth: coreServices.httpAuth,
    plugin: coreServices.pluginMetadata,
    trail: auditTrailServiceRef,
  },
  createRootContext({ config }) {
    // Read (and validate) once for all plugins.
    return {
      logLevels: readSeverityLogLevels(config),
      minimumSeverity: readMinimumSeverity(config),
    };
  },
  factory({ logger, auth, httpAuth, plugin, trail }, context) {
    return new DurableAuditor({
      pluginId: plugin.getId(),
      logger,
      auth,
      httpAuth,
      trail,
      ...context,
    });
  },
});
