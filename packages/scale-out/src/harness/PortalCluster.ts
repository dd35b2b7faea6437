import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { PortalInstance } from './PortalInstance';
import { PrivatePostgres } from './PrivatePostgres';
import { PrivateRedis } from './PrivateRedis';
import { SmtpSink } from './SmtpSink';
import { FakeOidcIssuer } from '@controlplane/test-utils';
import { freePort } from './processes';

/** The secrets of README "Production", made up for one test run. */
export function productionSecrets(): Record<string, string> {
  return {
    AUTH_SESSION_SECRET: randomBytes(24).toString('hex'),
    TENANTS_SECRET_KEY: randomBytes(32).toString('base64'),
    APPS_SECRET_HASH_KEY: randomBytes(32).toString('hex'),
    TENANT_LOGIN_CLIENT_SECRET: randomBytes(24).toString('hex'),
    AUDIT_SIGNING_KEY: generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString(),
  };
}

/**
 * Backend instances sharing one PostgreSQL and one Redis, each a real
 * process of the built backend with the production configuration. The
 * mail server is a sink (outside the system); OIDC is replaced by the demo
 * sign-in (see app-config.scale-out.yaml).
 */
export class PortalCluster {
  readonly instances: PortalInstance[] = [];

  private constructor(
    readonly postgres: PrivatePostgres,
    readonly redis: PrivateRedis,
    readonly smtp: SmtpSink,
    private readonly issuer: FakeOidcIssuer,
    private readonly secrets: Record<string, string>,
  ) {}

  static async create(
    options: {
      postgres?: PrivatePostgres;
      secrets?: Record<string, string>;
    } = {},
  ): Promise<PortalCluster> {
    const [postgres, redis, smtp, issuer] = await Promise.all([
      options.postgres ?? PrivatePostgres.start(),
      PrivateRedis.start(),
      SmtpSink.start(),
      FakeOidcIssuer.start(),
    ]);
    return new PortalCluster(
      postgres,
      redis,
      smtp,
      issuer,
      options.secrets ?? productionSecrets(),
    );
  }

  /** The secrets every instance shares; a restore needs the same ones. */
  get sharedSecrets(): Record<string, string> {
    return { ...this.secrets };
  }

  /** The environment of README "Production" for this cluster's services. */
  environment(): NodeJS.ProcessEnv {
    const env: NodeJS.ProcessEnv = {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      NODE_ENV: 'test',
      POSTGRES_HOST: '127.0.0.1',
      POSTGRES_PORT: String(this.postgres.port),
      POSTGRES_USER: 'postgres',
      POSTGRES_PASSWORD: '',
      REDIS_URL: this.redis.url,
      SMTP_HOST: '127.0.0.1',
      SMTP_PORT: String(this.smtp.port),
      SMTP_SECURE: 'false',
      SMTP_FROM: 'portal@example.com',
      OIDC_METADATA_URL: this.issuer.metadataUrl,
      OIDC_CLIENT_ID: 'unused',
      OIDC_CLIENT_SECRET: 'unused',
      PORTAL_INITIAL_ADMIN: 'user:default/ada',
      // Profiling, e.g. `--cpu-prof --cpu-prof-dir=/tmp/profiles` (benchmarks).
      ...(process.env.PORTAL_INSTANCE_NODE_OPTIONS
        ? { NODE_OPTIONS: process.env.PORTAL_INSTANCE_NODE_OPTIONS }
        : {}),
      ...this.secrets,
    };
    return env;
  }

  /**
   * Adds an instance (not started) on a free port; `env` adds to (or
   * overrides) the cluster's environment for this instance only.
   */
  async addInstance(
    name: string,
    env: NodeJS.ProcessEnv = {},
  ): Promise<PortalInstance> {
    const instance = new PortalInstance(
      name,
      await freePort(),
      { ...this.environment(), ...env },
      await freePort(),
    );
    this.instances.push(instance);
    return instance;
  }

  /** Adds `count` instances and starts them at the same time, as a rollout does. */
  async startInstances(names: string[]): Promise<PortalInstance[]> {
    const started = await Promise.all(
      names.map(name => this.addInstance(name)),
    );
    await Promise.all(started.map(instance => instance.start()));
    return started;
  }

  async destroy(options: { keepPostgres?: boolean } = {}): Promise<void> {
    await Promise.all(this.instances.map(instance => instance.kill()));
    await Promise.all([
      this.redis.serverStop(),
      this.smtp.close(),
      this.issuer.close(),
      options.keepPostgres ? undefined : this.postgres.destroy(),
    ]);
  }
}
