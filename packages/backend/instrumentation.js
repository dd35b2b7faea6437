/*
 * OpenTelemetry for the backend process, loaded before anything else with
 * `node --require ./instrumentation.js` (see Backstage's observability docs):
 * the HTTP instrumentation measures every request (method, status,
 * duration); the portal's plugin routers add each plugin's requests per
 * route template (`portal_plugin_request_duration`, see
 * @controlplane/backend-common's RequestMetrics: the Express
 * instrumentation gave the same labels at a third of the throughput,
 * bench/README.md); Backstage's own metrics (scheduled tasks, catalog, ...)
 * go to the same meter. Everything is served in
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
  // Without a trace exporter, spans are not sampled at all: the request
  // metrics do not need them, and a span per Express layer is the cost.
  const tracing = !['', 'none'].includes(
    process.env.OTEL_TRACES_EXPORTER ?? '',
  );
  if (!tracing) {
    process.env.OTEL_TRACES_EXPORTER = 'none';
    process.env.OTEL_TRACES_SAMPLER ??= 'always_off';
  }
  process.env.OTEL_LOGS_EXPORTER ??= 'none';
  process.env.OTEL_METRICS_EXPORTER ??= 'none';

  const { NodeSDK } = require('@opentelemetry/sdk-node');
  const { PrometheusExporter } = require('@opentelemetry/exporter-prometheus');
  const {
    HttpInstrumentation,
  } = require('@opentelemetry/instrumentation-http');

  const LOOPBACK_HOSTS = new Set(['localhost', '127.0.0.1', '::1', '[::1]']);
  const port = Number(process.env.PORTAL_METRICS_PORT ?? 9464);
  const host = process.env.PORTAL_METRICS_HOST ?? '127.0.0.1';
  const sdk = new NodeSDK({
    serviceName: 'controlplane-portal',
    // Only the service's name on target_info: the default detectors would
    // publish the process' command line and host details.
    resourceDetectors: [],
    metricReaders: [new PrometheusExporter({ port, host })],
    // Without traces nothing needs the active span carried through every
    // promise and callback (AsyncLocalStorage), nor trace headers read or
    // sent: the metrics only need each request's start and end.
    ...(tracing ? {} : { contextManager: null, textMapPropagator: null }),
    instrumentations: [
      new HttpInstrumentation({
        // The exporter's own scrapes are not requests of the portal.
        ignoreIncomingRequestHook: request =>
          request.socket?.localPort === port,
        // A plugin calling another plugin of this process (permissions,
        // catalog, ...) goes over loopback; the receiving side measures
        // that request already, so it is not measured twice. Calls to
        // other hosts are.
        ignoreOutgoingRequestHook: options =>
          LOOPBACK_HOSTS.has(String(options.hostname ?? options.host ?? '')),
      }),
    ],
  });
  sdk.start();
  process.once('beforeExit', () => {
    sdk.shutdown().catch(() => undefined);
  });
}
