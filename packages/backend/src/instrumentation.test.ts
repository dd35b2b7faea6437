import { execFile } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);
const INSTRUMENTATION = path.resolve(__dirname, '../instrumentation.js');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        resolve(typeof address === 'object' && address ? address.port : 0),
      );
    });
  });
}

// An Express app as the backend mounts plugins (a router under /api/<id>),
// three requests and a miss, then the exporter's answer on stdout.
const APP = `
const express = require('express');
const app = express();
const router = express.Router();
router.get('/orders/:id', (req, res) => res.json({ id: req.params.id }));
app.use('/api/shop', router);
const server = app.listen(0, '127.0.0.1', async () => {
  const base = 'http://127.0.0.1:' + server.address().port;
  for (const id of [1, 2, 3]) await fetch(base + '/api/shop/orders/' + id);
  await fetch(base + '/nothing');
  const metrics = await fetch('http://127.0.0.1:' + process.env.PORTAL_METRICS_PORT + '/metrics');
  process.stdout.write(await metrics.text());
  server.close();
  process.exit(0);
});
`;

describe('instrumentation.js', () => {
  it("exports the backend's requests in Prometheus' format, without the paths callers sent", async () => {
    const port = await freePort();
    const { stdout } = await run(
      process.execPath,
      ['--require', INSTRUMENTATION, '-e', APP],
      {
        cwd: path.resolve(__dirname, '..'),
        env: { ...process.env, PORTAL_METRICS_PORT: String(port) },
        timeout: 60_000,
      },
    );
    const count = (route: string, status: string) =>
      stdout
        .split('\n')
        .find(
          line =>
            line.startsWith('http_server_request_duration_count{') &&
            line.includes(route) &&
            line.includes(`http_response_status_code="${status}"`),
        );
    // Per method and status (per route: the portal's plugin routers add
    // portal_plugin_request_duration, see @controlplane/backend-common).
    expect(count('http_request_method="GET"', '200')).toMatch(/ 3$/);
    expect(count('http_request_method="GET"', '404')).toMatch(/ 1$/);
    expect(stdout).not.toContain('/nothing');
    expect(stdout).not.toContain('orders/1');
    // The service's name, not the process' command line or host.
    expect(stdout).toContain('target_info{service_name="controlplane-portal"');
    expect(stdout).not.toContain('process_command_args');
    expect(stdout).not.toContain('host_name');
  }, 90_000);

  it('does nothing with PORTAL_METRICS=off', async () => {
    const port = await freePort();
    const { stdout } = await run(
      process.execPath,
      [
        '--require',
        INSTRUMENTATION,
        '-e',
        `fetch('http://127.0.0.1:${port}/metrics').then(() => process.stdout.write('served'), () => process.stdout.write('refused'))`,
      ],
      {
        env: {
          ...process.env,
          PORTAL_METRICS: 'off',
          PORTAL_METRICS_PORT: String(port),
        },
        timeout: 60_000,
      },
    );
    expect(stdout).toBe('refused');
  }, 90_000);
});
