import { ChildProcess } from 'node:child_process';
import { connect } from 'node:net';
import { exitOf, freePort, startChild, waitFor } from './processes';

function answers(port: number): Promise<boolean> {
  return new Promise(resolve => {
    const socket = connect(port, '127.0.0.1');
    socket.once('connect', () => {
      socket.destroy();
      resolve(true);
    });
    socket.once('error', () => resolve(false));
  });
}

/** A redis-server of its own on its own port, which a test may stop and start. */
export class PrivateRedis {
  private child?: ChildProcess;

  private constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivateRedis> {
    const redis = new PrivateRedis(await freePort());
    await redis.serverStart();
    return redis;
  }

  async serverStart(): Promise<void> {
    const { child } = startChild(
      'redis-server',
      [
        '--port',
        String(this.port),
        '--bind',
        '127.0.0.1',
        '--save',
        '',
        '--appendonly',
        'no',
      ],
      {},
    );
    this.child = child;
    await waitFor(
      `Redis on port ${this.port}`,
      () => answers(this.port),
      10_000,
    );
  }

  async serverStop(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    child.kill('SIGTERM');
    await exitOf(child);
  }
}
