#!/usr/bin/env node
// Checks, after `yarn build:backend`, that everything the container image
// copies exists and reaches the build context:
//   node scripts/check-docker-inputs.mjs [--dockerfile <path>]
// Every COPY/ADD source of the Dockerfile must exist and not be excluded by
// .dockerignore; the skeleton and bundle must be tarballs holding the
// backend. Docker itself is not needed (nor run).
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';

const root = path.resolve(
  path.dirname(new URL(import.meta.url).pathname),
  '..',
);
const args = process.argv.slice(2);
const dockerfile =
  args[0] === '--dockerfile' && args[1]
    ? path.resolve(args[1])
    : path.join(root, 'packages/backend/Dockerfile');

function fail(message) {
  process.stderr.write(`Docker inputs: ${message}\n`);
  process.exit(1);
}

/** The instructions, with continuation lines joined and comments dropped. */
function instructions(text) {
  const lines = [];
  let current = '';
  for (const raw of text.split('\n')) {
    const line = raw.trim();
    if (!current && (line === '' || line.startsWith('#'))) continue;
    current += ` ${line.replace(/\\$/, '')}`;
    if (!line.endsWith('\\')) {
      lines.push(current.trim());
      current = '';
    }
  }
  return lines;
}

/** A .dockerignore pattern as a regular expression over context paths. */
function patternToRegExp(pattern) {
  const source = pattern
    .replace(/\/$/, '')
    .split('/')
    .map(part =>
      part === '**'
        ? '.*'
        : part
            .replace(/[.+^${}()|[\]\\]/g, '\\$&')
            .replace(/\*/g, '[^/]*')
            .replace(/\?/g, '[^/]'),
    )
    .join('/')
    .replace(/\.\*\//g, '(?:.*/)?');
  // A pattern excludes the path and everything under it.
  return new RegExp(`^${source}(?:/.*)?$`);
}

function readIgnore() {
  const file = path.join(root, '.dockerignore');
  if (!existsSync(file)) return [];
  return readFileSync(file, 'utf8')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line =>
      line.startsWith('!')
        ? { negate: true, re: patternToRegExp(line.slice(1)) }
        : { negate: false, re: patternToRegExp(line) },
    );
}

function ignored(rules, contextPath) {
  let result = false;
  for (const rule of rules) {
    if (rule.re.test(contextPath)) result = !rule.negate;
  }
  return result;
}

if (!existsSync(dockerfile)) fail(`no Dockerfile at ${dockerfile}`);
const rules = readIgnore();
const sources = [];
for (const line of instructions(readFileSync(dockerfile, 'utf8'))) {
  const [keyword, ...words] = line.split(/\s+/);
  if (!/^(COPY|ADD)$/i.test(keyword)) continue;
  if (words.some(word => word.startsWith('--from='))) continue;
  const operands = words.filter(word => !word.startsWith('--'));
  if (operands[0]?.startsWith('[')) fail(`JSON form not supported: ${line}`);
  if (operands.length < 2) fail(`no source in: ${line}`);
  for (const source of operands.slice(0, -1)) {
    if (/[*?[]/.test(source)) fail(`globs are not checked: ${source}`);
    sources.push(source.replace(/^\.\//, '').replace(/\/$/, ''));
  }
}
if (sources.length === 0) fail('the Dockerfile copies nothing');

for (const source of sources) {
  const full = path.join(root, source);
  if (!existsSync(full)) {
    fail(`${source} does not exist (run yarn build:backend first?)`);
  }
  if (ignored(rules, source)) fail(`${source} is excluded by .dockerignore`);
}

// What must stay out of the build context.
for (const kept of [
  'node_modules',
  '.git',
  'data',
  '.tools',
  'packages/backend/src',
  'plugins/apps-backend/src',
]) {
  if (!ignored(rules, kept))
    fail(`.dockerignore lets ${kept} into the context`);
}

function tarListing(file) {
  if (statSync(file).size === 0) fail(`${file} is empty`);
  try {
    return execFileSync('tar', ['tzf', file], {
      encoding: 'utf8',
      maxBuffer: 64 * 1024 * 1024,
    })
      .split('\n')
      .map(entry => entry.replace(/^\.\//, ''));
  } catch (error) {
    return fail(
      `${path.relative(root, file)} is not a gzip tarball: ${error.message}`,
    );
  }
}
const dist = path.join(root, 'packages/backend/dist');
if (
  !tarListing(path.join(dist, 'skeleton.tar.gz')).includes(
    'packages/backend/package.json',
  )
) {
  fail('skeleton.tar.gz holds no packages/backend/package.json');
}
if (
  !tarListing(path.join(dist, 'bundle.tar.gz')).includes(
    'packages/backend/dist/index.cjs.js',
  )
) {
  fail('bundle.tar.gz holds no packages/backend/dist/index.cjs.js');
}
process.stdout.write(
  `OK: ${sources.length} Dockerfile sources exist, none excluded by .dockerignore; skeleton and bundle hold the backend\n`,
);
