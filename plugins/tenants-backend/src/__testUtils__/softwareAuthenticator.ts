import {
  createHash,
  generateKeyPairSync,
  KeyObject,
  randomBytes,
  sign,
} from 'node:crypto';
import type {
  AuthenticationResponseJSON,
  RegistrationResponseJSON,
} from '@simplewebauthn/server';
import { cose, isoCBOR } from '@simplewebauthn/server/helpers';

const FLAG_UP = 0x01;
const FLAG_UV = 0x04;
const FLAG_AT = 0x40;

const sha256 = (data: Uint8Array | string) =>
  createHash('sha256').update(data).digest();
const bytes = (buffer: Buffer) => new Uint8Array(buffer);
const u32 = (value: number) => {
  const out = Buffer.alloc(4);
  out.writeUInt32BE(value);
  return out;
};

/** What a ceremony may be told to get wrong, as an attacker's client would. */
export interface Tamper {
  /** The page origin in the client data; default the authenticator's. */
  origin?: string;
  /** Sign with this key instead of the credential's own. */
  signingKey?: KeyObject;
  /** The signature counter to report; default the next one. */
  counter?: number;
}

/**
 * A WebAuthn authenticator in software, as a browser and a platform
 * authenticator would answer: a P-256 key pair per credential, a real
 * `none` attestation (authenticator data with the RP id hash, flags
 * UP|UV|AT, counter, AAGUID, credential id and the COSE public key), client
 * data of type `webauthn.create` / `webauthn.get`, and ES256 (DER) signatures
 * over authenticator data || SHA-256(client data).
 */
export class SoftwareAuthenticator {
  readonly credentialId = randomBytes(32).toString('base64url');
  readonly #keys = generateKeyPairSync('ec', { namedCurve: 'P-256' });
  #counter = 0;

  constructor(readonly options: { rpId: string; origin: string }) {}

  /** The counter the last ceremony reported. */
  get counter(): number {
    return this.#counter;
  }

  /** A key of no credential, for a forged signature. */
  static strangerKey(): KeyObject {
    return generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey;
  }

  /** Answers creation options, as `navigator.credentials.create()` would. */
  create(
    options: { challenge: string },
    tamper: Tamper = {},
  ): RegistrationResponseJSON {
    const jwk = this.#keys.publicKey.export({ format: 'jwk' });
    const publicKey = isoCBOR.encode(
      new Map<number, number | Uint8Array>([
        [cose.COSEKEYS.kty, cose.COSEKTY.EC2],
        [cose.COSEKEYS.alg, cose.COSEALG.ES256],
        [cose.COSEKEYS.crv, cose.COSECRV.P256],
        [cose.COSEKEYS.x, bytes(Buffer.from(jwk.x!, 'base64url'))],
        [cose.COSEKEYS.y, bytes(Buffer.from(jwk.y!, 'base64url'))],
      ]),
    );
    const id = Buffer.from(this.credentialId, 'base64url');
    const idLength = Buffer.alloc(2);
    idLength.writeUInt16BE(id.length);
    const authData = Buffer.concat([
      this.#header(FLAG_UP | FLAG_UV | FLAG_AT, tamper),
      Buffer.alloc(16), // AAGUID: none for a software authenticator.
      idLength,
      id,
      publicKey,
    ]);
    const attestationObject = isoCBOR.encode(
      new Map<string, string | Uint8Array | Map<string, never>>([
        ['fmt', 'none'],
        ['attStmt', new Map<string, never>()],
        ['authData', bytes(authData)],
      ]),
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON: this.#clientData(
          'webauthn.create',
          options.challenge,
          tamper,
        ),
        attestationObject: Buffer.from(attestationObject).toString('base64url'),
        transports: ['internal'],
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** Answers request options, as `navigator.credentials.get()` would. */
  get(
    options: { challenge: string },
    tamper: Tamper = {},
  ): AuthenticationResponseJSON {
    const authData = this.#header(FLAG_UP | FLAG_UV, tamper);
    const clientDataJSON = this.#clientData(
      'webauthn.get',
      options.challenge,
      tamper,
    );
    const signature = sign(
      'sha256',
      Buffer.concat([
        authData,
        sha256(Buffer.from(clientDataJSON, 'base64url')),
      ]),
      tamper.signingKey ?? this.#keys.privateKey,
    );
    return {
      id: this.credentialId,
      rawId: this.credentialId,
      type: 'public-key',
      response: {
        clientDataJSON,
        authenticatorData: authData.toString('base64url'),
        signature: signature.toString('base64url'),
      },
      clientExtensionResults: {},
      authenticatorAttachment: 'platform',
    };
  }

  /** RP id hash, flags and the signature counter (which moves on). */
  #header(flags: number, tamper: Tamper): Buffer {
    this.#counter = tamper.counter ?? this.#counter + 1;
    return Buffer.concat([
      sha256(this.options.rpId),
      Buffer.from([flags]),
      u32(this.#counter),
    ]);
  }

  #clientData(type: string, challenge: string, tamper: Tamper): string {
    return Buffer.from(
      JSON.stringify({
        type,
        challenge,
        origin: tamper.origin ?? this.options.origin,
        crossOrigin: false,
      }),
    ).toString('base64url');
  }
}
