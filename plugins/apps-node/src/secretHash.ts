import { Config } from '@backstage/config';
import { createHmac, timingSafeEqual } from 'node:crypto';

const MIN_KEY_LENGTH = 32;

/**
 * The key credential secrets are hashed with (`apps.secretHashKey`). The
 * local `apps.developmentSecretHashKey` is used only when NODE_ENV is
 * development or test, so a production portal never runs on the key that is
 * committed to the repository.
 */
export function readSecretHashKey(config: Config): Buffer {
  const configured = config.getOptionalString('apps.secretHashKey');
  const local = ['development', 'test'].includes(process.env.NODE_ENV ?? '');
  const key =
    configured ??
    (local
      ? config.getOptionalString('apps.developmentSecretHashKey')
      : undefined);
  if (!key) {
    throw new Error(
      'apps.secretHashKey is not set: set APPS_SECRET_HASH_KEY to a random string of at least 32 characters, the same on every backend instance',
    );
  }
  if (key.length < MIN_KEY_LENGTH) {
    throw new Error(
      `apps.secretHashKey must be at least ${MIN_KEY_LENGTH} characters long`,
    );
  }
  return Buffer.from(key, 'utf8');
}

/**
 * The keyed hash a credential secret is stored as: HMAC-SHA256, hex. The
 * secret has 256 random bits, so a slow hash adds nothing; the key makes a
 * leaked table useless without the configuration.
 */
export function hashSecret(key: Buffer, secret: string): string {
  return createHmac('sha256', key).update(secret, 'utf8').digest('hex');
}

/** Compares two hex hashes in constant time. */
export function hashesEqual(a: string, b: string): boolean {
  const left = Buffer.from(a, 'hex');
  const right = Buffer.from(b, 'hex');
  return left.length === right.length && timingSafeEqual(left, right);
}
