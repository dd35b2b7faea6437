import fs from 'node:fs';
import path from 'node:path';
import { parse } from 'yaml';
import { SecretCipher } from './SecretCipher';
import { TEST_SECRET_KEY } from '../__testUtils__/harness';

describe('SecretCipher', () => {
  const cipher = SecretCipher.fromBase64(TEST_SECRET_KEY);

  it('round-trips, with a fresh IV every time', () => {
    const a = cipher.encrypt('client-secret', 'tenant-1');
    const b = cipher.encrypt('client-secret', 'tenant-1');
    expect(a).not.toBe(b);
    expect(a).not.toContain('client-secret');
    expect(cipher.decrypt(a, 'tenant-1')).toBe('client-secret');
  });

  it('refuses tampered values and values of another tenant', () => {
    const stored = cipher.encrypt('client-secret', 'tenant-1');
    expect(() => cipher.decrypt(stored, 'tenant-2')).toThrow();
    const [v, iv, tag, data] = stored.split(':');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() =>
      cipher.decrypt(
        [v, iv, tag, flipped.toString('base64')].join(':'),
        'tenant-1',
      ),
    ).toThrow();
  });

  it('requires a 32-byte base64 key', () => {
    expect(() => SecretCipher.fromBase64('c2hvcnQ=')).toThrow(
      /32 random bytes/,
    );
    expect(() => SecretCipher.fromBase64('not base64 at all!')).toThrow();
  });

  it('accepts the local development key of app-config.yaml', () => {
    const config = parse(
      fs.readFileSync(
        path.resolve(__dirname, '../../../../app-config.yaml'),
        'utf8',
      ),
    );
    expect(() =>
      SecretCipher.fromBase64(config.tenants.developmentSecretKey),
    ).not.toThrow();
  });
});
