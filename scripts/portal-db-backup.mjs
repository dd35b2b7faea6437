#!/usr/bin/env node
// Backs up and restores every plugin database of the portal (one PostgreSQL
// database per plugin, named <prefix><pluginId>):
//   node scripts/portal-db-backup.mjs dump    --url <postgres url> --out <dir>
//   node scripts/portal-db-backup.mjs restore --url <postgres url> --from <dir>
// Options: --prefix (default backstage_plugin_), --bindir (folder of pg_dump
// and pg_restore; default PORTAL_PG_BINDIR or the PATH). The secrets are not
// in the databases: see docs/deployment.md, "Backup and restore".
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';

// pg is a dependency of the backend package.
const require = createRequire(
  new URL('../packages/backend/package.json', import.meta.url),
);
const pg = require('pg');

function parseArgs(argv) {
  const [command, ...rest] = argv;
  const options = {};
  for (let i = 0; i < rest.length; i += 2) {
    const key = rest[i];
    if (!key?.startsWith('--') || rest[i + 1] === undefined) {
      fail(`Unexpected argument ${key ?? ''}`);
    }
    options[key.slice(2)] = rest[i + 1];
  }
  return { command, options };
}

function fail(message) {
  process.stderr.write(`${message}\n`);
  process.stderr.write(
    'Usage: portal-db-backup.mjs dump --url <postgres url> --out <dir>\n' +
      '       portal-db-backup.mjs restore --url <postgres url> --from <dir>\n',
  );
  process.exit(2);
}

function program(options, name) {
  const dir = options.bindir ?? process.env.PORTAL_PG_BINDIR;
  return dir ? path.join(dir, name) : name;
}

function databaseUrl(serverUrl, database) {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** The URL without its password, for the manifest and messages. */
function redacted(serverUrl) {
  const url = new URL(serverUrl);
  url.password = '';
  return url.toString();
}

function sha256(file) {
  return createHash('sha256').update(readFileSync(file)).digest('hex');
}

async function withClient(serverUrl, fn) {
  const client = new pg.Client({
    connectionString: databaseUrl(serverUrl, 'postgres'),
  });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

async function dump(options) {
  const { url, out } = options;
  if (!url || !out) fail('dump needs --url and --out');
  const prefix = options.prefix ?? 'backstage_plugin_';
  const databases = await withClient(url, async client =>
    (
      await client.query(
        'select datname from pg_database where starts_with(datname, $1) order by datname',
        [prefix],
      )
    ).rows.map(row => row.datname),
  );
  if (databases.length === 0) {
    fail(`No databases named ${prefix}* on ${redacted(url)}`);
  }
  mkdirSync(out, { recursive: true });
  const manifest = {
    createdAt: new Date().toISOString(),
    source: redacted(url),
    prefix,
    databases: [],
  };
  for (const database of databases) {
    const file = `${database}.dump`;
    execFileSync(program(options, 'pg_dump'), [
      '--format=custom',
      '--no-owner',
      `--file=${path.join(out, file)}`,
      databaseUrl(url, database),
    ]);
    manifest.databases.push({
      name: database,
      file,
      sha256: sha256(path.join(out, file)),
    });
    process.stdout.write(`dumped ${database}\n`);
  }
  writeFileSync(
    path.join(out, 'manifest.json'),
    `${JSON.stringify(manifest, null, 2)}\n`,
  );
  process.stdout.write(`Backup of ${databases.length} databases in ${out}\n`);
}

async function restore(options) {
  const { url, from } = options;
  if (!url || !from) fail('restore needs --url and --from');
  const manifestFile = path.join(from, 'manifest.json');
  if (!existsSync(manifestFile)) fail(`No manifest.json in ${from}`);
  const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
  // Check every file before touching the server.
  for (const { name, file, sha256: expected } of manifest.databases) {
    const full = path.join(from, file);
    if (!existsSync(full) || sha256(full) !== expected) {
      fail(`The dump of ${name} (${file}) is missing or altered`);
    }
  }
  await withClient(url, async client => {
    const existing = (
      await client.query('select datname from pg_database')
    ).rows.map(row => row.datname);
    const clash = manifest.databases.find(db => existing.includes(db.name));
    if (clash) {
      fail(
        `${clash.name} already exists on ${redacted(
          url,
        )}: restore into an empty server (or drop it first)`,
      );
    }
    for (const { name } of manifest.databases) {
      await client.query(`create database "${name.replace(/"/g, '""')}"`);
    }
  });
  for (const { name, file } of manifest.databases) {
    execFileSync(program(options, 'pg_restore'), [
      '--no-owner',
      '--exit-on-error',
      `--dbname=${databaseUrl(url, name)}`,
      path.join(from, file),
    ]);
    process.stdout.write(`restored ${name}\n`);
  }
  process.stdout.write(
    `Restored ${manifest.databases.length} databases (backup of ${manifest.createdAt})\n`,
  );
}

const { command, options } = parseArgs(process.argv.slice(2));
try {
  if (command === 'dump') await dump(options);
  else if (command === 'restore') await restore(options);
  else fail(`Unknown command ${command ?? ''}`);
} catch (error) {
  process.stderr.write(`${error.message ?? error}\n`);
  process.exit(1);
}
