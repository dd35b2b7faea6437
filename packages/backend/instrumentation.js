/*
 * OpenTelemetry for the backend process, loaded before anything else with
 * `node --require ./instrumentation.js` (see Backstage's observability docs):
 * the HTTP and Express instrumentations measure every request (route
 * template, status, duration), and Backstage's own metrics (scheduled
 * tasks, catalog, ...) go to the same meter. Everything is served in
 * Prometheus' format for an external Prometheus and Grafana:
 *
 *   PORTAL_METRICS_PORT  the exporter's port (default 9464)
 *   PORTAL_METRICS_HOST  the interface it listens on (default 127.0.0.1;
 *                        the production image sets 0.0.0.0)
 *   PORTAL_METRICS=off   no instrumentation at all
 *
 * No traces or logs leave the process unless OTEL_TRACES_EXPORTER or
 * OTEL_LOGS_EXPORTER say where.
 */
if (process.env.PORTAL_METRICS !== 'off') {
  process.env.OTEL_TRACES_EXPORTER ??= 'none';
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';

  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const {
    HttpInstrumentation,
  } = require('@opentelemetry/instrumentation-http');
  const {
    ExpressInstrumentation,
  } = require('@opentelemetry/instrumentation-express');

  const port = Number(process.env.PORTAL_METRICS_PORT ?? 9464);
  const host = process.env.PORTAL_METRICS_HOST ?? '127.0.0.1';
  const sdk = new NodeSDK({
    serviceName: 'controlplane-portal',
    // Only the service's name on target_info: the default detectors would
    // publish the process' command line and host details.
    resourceDetectors: [],
    metricReaders: [new PrometheusExporter({ port, host })],
    instrumentations: [
      new HttpInstrumentation({
        // The exporter's own scrapes are not requests of the portal.
        ignoreIncomingRequestHook: request =>
          request.socket?.localPort === port,
      }),
      new ExpressInstrumentation(),
    ],
  });
  sdk.start();
  process.once('beforeExit', () => {
    sdk.shutdown().catch(() => undefined);
  });
}
