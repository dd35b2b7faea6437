#!/usr/bin/env node
// Prints a Backstage user token for a demo user of the running local portal,
// for scripts that call the REST API as that user:
//   TOKEN=$(yarn --silent portal-token ada)
//   curl -H "Authorization: Bearer $TOKEN" http://localhost:7007/api/catalog/entities
// Only works where the `demo` sign-in provider is enabled (local development).

const DEMO_USER_HEADER = 'x-controlplane-demo-user';

const [
  userName,
  backendUrl = process.env.PORTAL_BACKEND_URL ?? 'http://localhost:7007',
] = process.argv.slice(2);

if (!userName || userName.startsWith('-')) {
  console.error('Usage: yarn portal-token <demo user name> [backend url]');
  console.error(
    'Demo users: see examples/org.yaml, or GET <backend>/api/auth/demo-users',
  );
  process.exit(2);
}

const response = await fetch(`${backendUrl}/api/auth/demo/refresh`, {
  headers: {
    [DEMO_USER_HEADER]: userName,
    'x-requested-with': 'XMLHttpRequest',
  },
}).catch(error => {
  console.error(
    `Cannot reach the portal backend at ${backendUrl}: ${
      error.cause?.message ?? error.message
    }`,
  );
  process.exit(1);
});
const body = await response.json().catch(() => ({}));
if (!response.ok) {
  console.error(
    `Sign-in as "${userName}" failed (HTTP ${response.status}): ${
      body.error?.message ?? response.statusText
    }`,
  );
  process.exit(1);
}
process.stdout.write(`${body.backstageIdentity.token}\n`);
