import { execFileSync } from 'node:child_process';
import { defineConfig } from '@playwright/test';
import { generateProjects } from '@backstage/e2e-test-utils/playwright';

/**
 * End-to-end tests: every package with an `e2e-tests` folder, run in Debian's
 * Chromium (PORTAL_CHROMIUM overrides the binary). The portal is started on
 * the embedded database unless one is already running on its ports.
 */
const chromium =
  process.env.PORTAL_CHROMIUM ??
  execFileSync(
    'sh',
    ['-c', 'command -v chromium || command -v chromium-browser'],
    {
      encoding: 'utf8',
    },
  ).trim();

const launchOptions = {
  executablePath: chromium,
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-quic',
    '--no-first-run',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

export default defineConfig({
  timeout: 120_000,
  expect: { timeout: 30_000 },

  // The backend serves a production build of the frontend (as in
  // production, through the app-backend plugin): a page load then parses a
  // few MB of minified code instead of the dev server's ~60 MB, which made
  // every sign-in and navigation take seconds. The build takes ~20 s.
  webServer: [
    {
      // `bin/portal test` has just built the app with the backend
      // (PORTAL_APP_BUILT=1); otherwise it is built here.
      command: `${
        process.env.PORTAL_APP_BUILT ? '' : 'yarn workspace app build && '
      }yarn start backend --config ../../app-config.yaml --config ../../app-config.e2e.yaml`,
      url: 'http://localhost:7007/.backstage/health/v1/readiness',
      reuseExistingServer: true,
      timeout: 300_000,
    },
  ],

  forbidOnly: true,
  retries: process.env.CI ? 1 : 0,
  workers: 1,
  reporter: [
    ['list'],
    ['html', { open: 'never', outputFolder: 'e2e-test-report' }],
  ],

  use: {
    baseURL: process.env.PLAYWRIGHT_URL ?? 'http://localhost:7007',
    screenshot: 'only-on-failure',
    trace: 'retain-on-failure',
  },

  outputDir: 'node_modules/.cache/e2e-test-results',

  projects: generateProjects().map(project => ({
    ...project,
    use: { launchOptions },
  })),
});
