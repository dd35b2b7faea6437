/**
 * Accepts app credentials on any backend plugin: verifies them in memory
 * against the apps plugin's credential snapshot, checks scopes and tenants,
 * applies rate limits and reports usage.
 *
 * @packageDocumentation
 */
export * from './secretHash';
export * from './AppCredentialVerifier';
export * from './AppAuth';
export * from './RateLimiter';
export * from './UsageRecorder';
export * from './service';
