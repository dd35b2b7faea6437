import { ChildProcess } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { builtBackend, repoRoot } from './builtBackend';
import { exitOf, startChild, waitFor } from './processes';

/** The configuration files of a test instance: production's, then the tests' few changes. */
export const INSTANCE_CONFIGS = [
  'app-config.yaml',
  'app-config.production.yaml',
  path.join('packages', 'scale-out', 'app-config.scale-out.yaml'),
];

const LOG_DIR = path.join(tmpdir(), 'portal-scale-out-logs');

/** Health of an instance as a load balancer sees it. */
export type Health = number | 'down';

/**
 * One backend instance: the built backend as a real process, started the
 * way production starts it (`node --require .../instrumentation.js
 * packages/backend --config ...` from the
 * folder with the config files).
 */
export class PortalInstance {
  private child?: ChildProcess;
  private output: () => string = () => '';
  private earlierOutput = '';

  constructor(
    readonly name: string,
    readonly port: number,
    private readonly env: NodeJS.ProcessEnv,
    /** Where its OpenTelemetry exporter serves Prometheus' format. */
    readonly metricsPort: number,
  ) {}

  /** Where the process's output is also written, for a failed test's reader. */
  get logFile(): string {
    return path.join(LOG_DIR, `${this.name}-${this.port}.log`);
  }

  get url(): string {
    return `http://localhost:${this.port}`;
  }

  /** Starts the process; resolves when its readiness endpoint says 200. */
  async start(timeoutMs = 120_000): Promise<void> {
    if (this.child) throw new Error(`${this.name} is already running`);
    const backendDir = path.join(await builtBackend(), 'packages', 'backend');
    // As the production image starts it: OpenTelemetry first.
    const args = [
      '--require',
      path.join(backendDir, 'instrumentation.js'),
      backendDir,
    ];
    for (const config of INSTANCE_CONFIGS) args.push('--config', config);
    mkdirSync(LOG_DIR, { recursive: true });
    const started = startChild(process.execPath, args, {
      cwd: repoRoot,
      logFile: this.logFile,
      env: {
        ...this.env,
        PORTAL_BASE_URL: this.url,
        PORTAL_PORT: String(this.port),
        PORTAL_METRICS_PORT: String(this.metricsPort),
      },
    });
    this.child = started.child;
    this.output = started.output;
    const exited = exitOf(started.child);
    let gone = false;
    exited.then(() => {
      gone = true;
    });
    try {
      await waitFor(
        `${this.name} to be ready`,
        async () => {
          if (gone) {
            throw new Error(
              `${this.name} exited while starting (log: ${
                this.logFile
              }):\n${this.logs().slice(-4000)}`,
            );
          }
          return (await this.readiness()) === 200;
        },
        timeoutMs,
        250,
      );
    } catch (error) {
      await this.kill();
      throw error;
    }
  }

  /** GET /.backstage/health/v1/readiness: its status, or 'down' when nothing answers. */
  async readiness(): Promise<Health> {
    return this.health('readiness');
  }

  /** GET /.backstage/health/v1/liveness. */
  async liveness(): Promise<Health> {
    return this.health('liveness');
  }

  private async health(kind: string): Promise<Health> {
    try {
      const response = await fetch(`${this.url}/.backstage/health/v1/${kind}`, {
        signal: AbortSignal.timeout(2000),
      });
      await response.arrayBuffer();
      return response.status;
    } catch {
      return 'down';
    }
  }

  /** The process id while running. */
  get pid(): number | undefined {
    return this.child?.pid;
  }

  get running(): boolean {
    return (
      !!this.child &&
      this.child.exitCode === null &&
      this.child.signalCode === null
    );
  }

  /** Everything the process wrote since it was first started. */
  logs(): string {
    return this.earlierOutput + this.output();
  }

  /** Sends `signal` and waits for the exit (SIGTERM: a graceful shutdown). */
  async stop(
    signal: NodeJS.Signals = 'SIGTERM',
  ): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    const child = this.child;
    if (!child) return { code: null, signal: null };
    const exited = exitOf(child);
    child.kill(signal);
    const result = await exited;
    this.earlierOutput += this.output();
    this.output = () => '';
    this.child = undefined;
    return result;
  }

  /** Ends the process at once, as a crash or `kill -9` would. */
  async kill(): Promise<void> {
    await this.stop('SIGKILL');
  }
}
