import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/**
 * Operators remove a backend plugin with `backend.packages.exclude` in
 * app-config, without touching code. This starts the real backend the way
 * `yarn start` does, once with every plugin and once with notifications
 * excluded, and checks that the excluded plugin's routes are gone.
 */

const repoRoot = path.resolve(__dirname, '../../..');
const STARTUP_TIMEOUT_MS = 150_000;

type RunningBackend = { baseUrl: string; stop: () => Promise<void> };

async function waitUntilReady(
  baseUrl: string,
  child: ChildProcess,
  output: () => string,
) {
  const deadline = Date.now() + STARTUP_TIMEOUT_MS;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) {
      throw new Error(`Backend exited with ${child.exitCode}:\n${output()}`);
    }
    try {
      const response = await fetch(`${baseUrl}/.backstage/health/v1/readiness`);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise(resolve => setTimeout(resolve, 500));
  }
  throw new Error(`Backend did not become ready:\n${output().slice(-4000)}`);
}

async function startBackend(
  port: number,
  extraConfig: string,
): Promise<RunningBackend> {
  const configDir = fs.mkdtempSync(path.join(os.tmpdir(), 'portal-toggle-'));
  const configFile = path.join(configDir, 'app-config.test.yaml');
  const baseUrl = `http://localhost:${port}`;
  fs.writeFileSync(
    configFile,
    `backend:
  baseUrl: ${baseUrl}
  listen: { port: ${port} }
  database: { client: better-sqlite3, connection: ':memory:' }
${extraConfig}`,
  );
  const child = spawn(
    process.execPath,
    [
      require.resolve('@backstage/cli/bin/backstage-cli'),
      'package',
      'start',
      '--config',
      path.join(repoRoot, 'app-config.yaml'),
      '--config',
      configFile,
    ],
    {
      cwd: path.resolve(__dirname, '..'),
      detached: true,
      env: { ...process.env, NODE_ENV: 'development' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let output = '';
  child.stdout?.on('data', chunk => (output += chunk));
  child.stderr?.on('data', chunk => (output += chunk));

  const stop = async () => {
    if (child.exitCode === null && child.pid) {
      const exited = new Promise(resolve => child.once('exit', resolve));
      process.kill(-child.pid, 'SIGTERM');
      const forced = setTimeout(
        () => process.kill(-child.pid!, 'SIGKILL'),
        10_000,
      );
      await exited;
      clearTimeout(forced);
    }
    fs.rmSync(configDir, { recursive: true, force: true });
  };
  try {
    await waitUntilReady(baseUrl, child, () => output);
  } catch (error) {
    await stop();
    throw error;
  }
  return { baseUrl, stop };
}

const status = async (url: string) => (await fetch(url)).status;

describe('installing and removing backend plugins by configuration', () => {
  it(
    'serves a plugin that is installed and drops its routes once excluded',
    async () => {
      const all = await startBackend(7201, '');
      try {
        // Present: the plugin's router answers (and refuses the anonymous caller).
        expect(
          await status(`${all.baseUrl}/api/notifications/notifications`),
        ).toBe(401);
        expect(await status(`${all.baseUrl}/api/catalog/entities`)).toBe(401);
      } finally {
        await all.stop();
      }

      const trimmed = await startBackend(
        7202,
        `  packages:
    exclude: ['@backstage/plugin-notifications-backend']
`,
      );
      try {
        expect(
          await status(`${trimmed.baseUrl}/api/notifications/notifications`),
        ).toBe(404);
        // The rest of the portal still runs.
        expect(await status(`${trimmed.baseUrl}/api/catalog/entities`)).toBe(
          401,
        );
      } finally {
        await trimmed.stop();
      }
    },
    2 * STARTUP_TIMEOUT_MS + 30_000,
  );
});
