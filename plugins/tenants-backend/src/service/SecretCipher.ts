import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

const VERSION = 'v1';

/**
 * Encrypts secrets at rest (SSO client secrets) with AES-256-GCM. The key is
 * 32 bytes given base64-encoded in `tenants.secretKey`. Stored form:
 * `v1:<iv>:<tag>:<ciphertext>`, each part base64; a random 96-bit IV per
 * value; the tenant id is bound as additional authenticated data, so a
 * ciphertext copied to another tenant does not decrypt.
 */
export class SecretCipher {
  readonly #key: Buffer;

  static fromBase64(key: string): SecretCipher {
    const bytes = Buffer.from(key, 'base64');
    if (bytes.length !== 32 || bytes.toString('base64') !== key.trim()) {
      throw new Error(
        'tenants.secretKey must be the base64 encoding of exactly 32 random bytes (e.g. `openssl rand -base64 32`)',
      );
    }
    return new SecretCipher(bytes);
  }

  private constructor(key: Buffer) {
    this.#key = key;
  }

  encrypt(plaintext: string, context: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.#key, iv);
    cipher.setAAD(Buffer.from(context, 'utf8'));
    const ciphertext = Buffer.concat([
      cipher.update(plaintext, 'utf8'),
      cipher.final(),
    ]);
    return [
      VERSION,
      iv.toString('base64'),
      cipher.getAuthTag().toString('base64'),
      ciphertext.toString('base64'),
    ].join(':');
  }

  decrypt(stored: string, context: string): string {
    const [version, iv, tag, ciphertext] = stored.split(':');
    if (version !== VERSION || !iv || !tag || ciphertext === undefined) {
      throw new Error('Unknown secret format');
    }
    const decipher = createDecipheriv(
      'aes-256-gcm',
      this.#key,
      Buffer.from(iv, 'base64'),
    );
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64'));
    return Buffer.concat([
      decipher.update(Buffer.from(ciphertext, 'base64')),
      decipher.final(),
    ]).toString('utf8');
  }
}
