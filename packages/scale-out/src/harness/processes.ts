import { ChildProcess, execFile, spawn } from 'node:child_process';
import { once } from 'node:events';
import { createWriteStream } from 'node:fs';
import { createServer } from 'node:net';
import { promisify } from 'node:util';

const execFileAsync = promisify(execFile);

/** A TCP port nothing listens on right now, chosen by the kernel. */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  await new Promise(resolve => server.close(resolve));
  if (!address || typeof address === 'string') {
    throw new Error('Could not read the port of a probe server');
  }
  return address.port;
}

/** Whether this process runs as root (PostgreSQL refuses to run as root). */
export function isRoot(): boolean {
  return typeof process.getuid === 'function' && process.getuid() === 0;
}

/**
 * Runs a command to its end and returns its output; fails with the output
 * when it exits non-zero. `asUser` runs it as another user (through runuser).
 */
export async function run(
  command: string,
  args: string[],
  options: { asUser?: string; env?: NodeJS.ProcessEnv; cwd?: string } = {},
): Promise<string> {
  const [file, argv] = options.asUser
    ? ['runuser', ['-u', options.asUser, '--', command, ...args]]
    : [command, args];
  try {
    const { stdout } = await execFileAsync(file, argv, {
      env: options.env ?? process.env,
      cwd: options.cwd,
      maxBuffer: 64 * 1024 * 1024,
    });
    return stdout;
  } catch (error) {
    const failed = error as { stdout?: string; stderr?: string };
    throw new Error(
      `${command} ${args.join(' ')} failed: ${error}\n${failed.stdout ?? ''}${
        failed.stderr ?? ''
      }`,
    );
  }
}

/** Resolves when the child has exited, with its exit code or signal. */
export function exitOf(
  child: ChildProcess,
): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
  if (child.exitCode !== null || child.signalCode !== null) {
    return Promise.resolve({ code: child.exitCode, signal: child.signalCode });
  }
  return new Promise(resolve =>
    child.once('exit', (code, signal) => resolve({ code, signal })),
  );
}

/** Starts a long-running child process whose output is kept in memory. */
export function startChild(
  command: string,
  args: string[],
  options: { env?: NodeJS.ProcessEnv; cwd?: string; logFile?: string },
): { child: ChildProcess; output: () => string } {
  const child = spawn(command, args, {
    env: options.env,
    cwd: options.cwd,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const chunks: string[] = [];
  const log = options.logFile
    ? createWriteStream(options.logFile, { flags: 'a' })
    : undefined;
  const keep = (data: string) => {
    chunks.push(data);
    log?.write(data);
  };
  child.stdout?.setEncoding('utf8').on('data', keep);
  child.stderr?.setEncoding('utf8').on('data', keep);
  child.once('exit', () => log?.end());
  return { child, output: () => chunks.join('') };
}

/** Polls `check` every `intervalMs` until it returns true or time is up. */
export async function waitFor(
  what: string,
  check: () => Promise<boolean> | boolean,
  timeoutMs: number,
  intervalMs = 100,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (await check()) return;
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}`);
    }
    await new Promise(resolve => setTimeout(resolve, intervalMs));
  }
}
