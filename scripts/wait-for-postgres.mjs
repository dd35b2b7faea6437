// Waits until PostgreSQL accepts connections: node wait-for-postgres.mjs <url> <seconds>
import { createRequire } from 'node:module';

const require = createRequire(`${process.cwd()}/packages/backend/package.json`);
const { Client } = require('pg');
const [url, seconds = '30'] = process.argv.slice(2);
const deadline = Date.now() + Number(seconds) * 1000;

for (;;) {
  const client = new Client({ connectionString: url });
  try {
    await client.connect();
    await client.query('select 1');
    await client.end();
    process.exit(0);
  } catch (error) {
    await client.end().catch(() => {});
    if (Date.now() > deadline) {
      console.error(`PostgreSQL at ${url} is not reachable: ${error.message}`);
      process.exit(1);
    }
    await new Promise(resolve => setTimeout(resolve, 1000));
  }
}
