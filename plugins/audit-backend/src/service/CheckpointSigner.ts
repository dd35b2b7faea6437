import {
  createHash,
  createPrivateKey,
  createPublicKey,
  generateKeyPairSync,
  KeyObject,
  sign,
  verify,
} from 'node:crypto';

/** Signs checkpoints of the chain with an Ed25519 key. */
export class CheckpointSigner {
  readonly publicKeyPem: string;
  readonly keyId: string;

  /** From a PEM (PKCS#8) Ed25519 private key, e.g. `audit.signingKey`. */
  static fromPem(pem: string): CheckpointSigner {
    const key = createPrivateKey(pem);
    if (key.asymmetricKeyType !== 'ed25519') {
      throw new Error(
        `audit.signingKey must be an Ed25519 private key, not ${key.asymmetricKeyType}`,
      );
    }
    return new CheckpointSigner(key, false);
  }

  /** A key pair made at start; checkpoints then prove little after a restart. */
  static ephemeral(): CheckpointSigner {
    return new CheckpointSigner(
      generateKeyPairSync('ed25519').privateKey,
      true,
    );
  }

  private constructor(
    private readonly privateKey: KeyObject,
    readonly ephemeral: boolean,
  ) {
    const publicKey = createPublicKey(privateKey);
    this.publicKeyPem = publicKey.export({
      type: 'spki',
      format: 'pem',
    }) as string;
    this.keyId = keyIdOf(this.publicKeyPem);
  }

  /** Base64 Ed25519 signature of the message's UTF-8 bytes. */
  sign(message: string): string {
    return sign(null, Buffer.from(message, 'utf8'), this.privateKey).toString(
      'base64',
    );
  }
}

/** First 16 hex digits of the sha256 of the DER public key. */
export function keyIdOf(publicKeyPem: string): string {
  const der = createPublicKey(publicKeyPem).export({
    type: 'spki',
    format: 'der',
  });
  return createHash('sha256').update(der).digest('hex').slice(0, 16);
}

export function verifySignature(
  message: string,
  signature: string,
  publicKeyPem: string,
): boolean {
  try {
    return verify(
      null,
      Buffer.from(message, 'utf8'),
      createPublicKey(publicKeyPem),
      Buffer.from(signature, 'base64'),
    );
  } catch {
    return false;
  }
}

export const nodeSha256 = (text: string) =>
  createHash('sha256').update(text, 'utf8').digest('hex');
