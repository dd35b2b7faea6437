import { randomBytes } from 'node:crypto';
import {
  AppEnvironment,
  clientIdPrefixFor,
} from '@controlplane/plugin-apps-common';

const BASE32 = 'abcdefghijklmnopqrstuvwxyz234567';

/** 16 lower-case base32 characters: 80 random bits. */
function randomBase32(length: number): string {
  const bytes = randomBytes(Math.ceil((length * 5) / 8));
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = ((value << 8) | byte) & 0xffff;
    bits += 8;
    while (bits >= 5 && out.length < length) {
      out += BASE32[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new public client id: `cp_live_` / `cp_test_` and 16 base32 characters. */
export function newClientId(environment: AppEnvironment): string {
  return `${clientIdPrefixFor(environment)}${randomBase32(16)}`;
}

/** A new client secret: 32 random bytes, base64url (43 characters). */
export function newClientSecret(): string {
  return randomBytes(32).toString('base64url');
}
