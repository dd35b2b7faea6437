/**
 * The scale-out harness: real backend processes of the built backend on a
 * private PostgreSQL and Redis. Used by this package's tests and by the
 * load benchmark in bench/.
 */
export { PortalCluster, productionSecrets } from './harness/PortalCluster';
export { PortalInstance, INSTANCE_CONFIGS } from './harness/PortalInstance';
export type { Health } from './harness/PortalInstance';
export { PrivatePostgres, postgresBinDir } from './harness/PrivatePostgres';
export { PrivateRedis } from './harness/PrivateRedis';
export { SmtpSink } from './harness/SmtpSink';
export type { SentMail } from './harness/SmtpSink';
export { builtBackend, repoRoot } from './harness/builtBackend';
export { freePort, waitFor } from './harness/processes';
