/**
 * The audit backend plugin: the immutable, hash-chained audit trail of the
 * portal with signed checkpoints, ingestion (API-LOG), queries, verifiable
 * exports and retention.
 *
 * @packageDocumentation
 */
export { auditPlugin as default } from './plugin';
