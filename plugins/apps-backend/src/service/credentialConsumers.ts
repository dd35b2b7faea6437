import { Config } from '@backstage/config';

/**
 * The plugins that verify app credentials with apps-node's
 * `appCredentialsServiceRef` (today audit; flags, billing and promotions
 * when they accept apps): the only service principals that may read the
 * credential snapshot (secret hashes) and report usage.
 */
export const DEFAULT_CREDENTIAL_CONSUMERS: readonly string[] = [
  'audit',
  'flags',
  'billing',
  'promotions',
];

/** `apps.credentialConsumers`, or {@link DEFAULT_CREDENTIAL_CONSUMERS}. */
export function readCredentialConsumers(config: Config): readonly string[] {
  return (
    config.getOptionalStringArray('apps.credentialConsumers') ??
    DEFAULT_CREDENTIAL_CONSUMERS
  );
}
