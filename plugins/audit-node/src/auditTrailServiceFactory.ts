import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { auditTrailServiceRef } from './auditTrail';
import { DefaultAuditTrail } from './DefaultAuditTrail';

/** The pluginId of the audit backend, whose store the trail writes to. */
const AUDIT_PLUGIN_ID = 'audit';

/**
 * The root audit trail: buffers events until the audit backend attaches its
 * store, then writes them in order. Falls back to log-only, with one
 * warning, when the audit plugin is not installed in this backend or does
 * not attach in time.
 */
export const auditTrailServiceFactory = createServiceFactory({
  service: auditTrailServiceRef,
  deps: {
    logger: coreServices.rootLogger,
    config: coreServices.rootConfig,
    lifecycle: coreServices.rootLifecycle,
    instanceMetadata: coreServices.rootInstanceMetadata,
  },
  async factory({ logger, config, lifecycle, instanceMetadata }) {
    const attachTimeoutMs =
      (config.getOptionalNumber('audit.trail.writerAttachTimeoutSeconds') ??
        30) * 1000;
    const trail = new DefaultAuditTrail({
      logger: logger.child({ service: 'audit-trail' }),
      maxBufferedEvents: config.getOptionalNumber(
        'audit.trail.maxBufferedEvents',
      ),
      maxWaitMs: attachTimeoutMs,
    });

    const installed = await instanceMetadata.getInstalledPlugins();
    if (!installed.some(plugin => plugin.pluginId === AUDIT_PLUGIN_ID)) {
      trail.fallBackToLogOnly(
        `the ${AUDIT_PLUGIN_ID} plugin is not installed in this backend`,
      );
      return trail;
    }

    let startTimer: NodeJS.Timeout | undefined;
    lifecycle.addStartupHook(() => {
      if (trail.mode !== 'waiting') {
        return;
      }
      // Plugins have all initialized: the audit plugin should have attached.
      startTimer = setTimeout(() => {
        trail.fallBackToLogOnly(
          `the ${AUDIT_PLUGIN_ID} plugin did not attach its store within ${
            attachTimeoutMs / 1000
          }s of the backend start`,
        );
      }, attachTimeoutMs);
      startTimer.unref();
    });
    lifecycle.addShutdownHook(async () => {
      clearTimeout(startTimer);
      // Write what the plugins recorded before they stopped.
      await trail.flush();
      trail.fallBackToLogOnly('the backend is shutting down');
    });
    return trail;
  },
});
