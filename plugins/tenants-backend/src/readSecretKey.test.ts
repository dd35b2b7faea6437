import { ConfigReader } from '@backstage/config';
import { readSecretKey } from './plugin';

describe('readSecretKey', () => {
  const savedNodeEnv = process.env.NODE_ENV;
  afterEach(() => {
    process.env.NODE_ENV = savedNodeEnv;
  });
  const config = (tenants: object) => new ConfigReader({ tenants });

  it('prefers tenants.secretKey everywhere', () => {
    process.env.NODE_ENV = 'production';
    expect(
      readSecretKey(config({ secretKey: 'prod', developmentSecretKey: 'dev' })),
    ).toBe('prod');
  });

  it('uses the development key only in development and tests', () => {
    process.env.NODE_ENV = 'development';
    expect(readSecretKey(config({ developmentSecretKey: 'dev' }))).toBe('dev');
    // Production without TENANTS_SECRET_KEY must not fall back to the
    // key published in app-config.yaml.
    process.env.NODE_ENV = 'production';
    expect(readSecretKey(config({ developmentSecretKey: 'dev' }))).toBe(
      undefined,
    );
  });
});
