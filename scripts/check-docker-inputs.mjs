#!/usr/bin/env node
// Checks, after `yarn build:backend`, what the container image
// (packages/backend/Dockerfile, a host build) copies, without Docker:
//   node scripts/check-docker-inputs.mjs [--dockerfile <path>]
//
// - every COPY/ADD source exists in the build context (the repository root)
//   and no file of it is excluded by .dockerignore;
// - skeleton.tar.gz and bundle.tar.gz are gzip tarballs holding the backend
//   (its package.json in the skeleton, its entry point in the bundle) and
//   the frontend, and every package of the bundle is in the skeleton;
// - the files the production start reads are in the image: the --config
//   files of CMD, the catalog files of app-config.production.yaml and the
//   yarn release named by .yarnrc.yml;
// - the image agrees with scripts/package-backend.sh (same inputs, same
//   start command) and with the project (Node major version, port,
//   NODE_ENV, a non-root user);
// - .dockerignore keeps node_modules, .git, data, .tools and every package's
//   sources out of the build context, re-includes nothing the Dockerfile
//   does not copy, and the context stays small.
// Exits 1 naming the first problem; prints one OK line otherwise. Only
// Node's standard library is used (gzip and tar are read here).
import {
  existsSync,
  lstatSync,
  readdirSync,
  readFileSync,
  statSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gunzipSync } from 'node:zlib';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
// The two tarballs are most of it (about 15 MB today).
const MAX_CONTEXT_BYTES = 50 * 1024 * 1024;

function fail(message) {
  process.stderr.write(`check-docker-inputs: ${message}\n`);
  process.exit(1);
}

function parseArgs(argv) {
  let dockerfile = path.join(root, 'packages/backend/Dockerfile');
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--dockerfile' && argv[i + 1]) {
      dockerfile = path.resolve(argv[i + 1]);
      i += 1;
    } else {
      fail(
        `unexpected argument ${argv[i]}; usage: check-docker-inputs.mjs [--dockerfile <path>]`,
      );
    }
  }
  return { dockerfile };
}

const rel = file => path.relative(root, file) || '.';

// ---------------------------------------------------------------------------
// .dockerignore, matched the way Docker does it (moby/patternmatcher): each
// pattern is cleaned and anchored at the context root; `*` and `?` stay
// within one path segment, `**` spans any number of them; a pattern that
// matches a path or one of its parent folders excludes the path, `!`
// re-includes it, and the last matching pattern decides.

function compilePattern(raw) {
  let pattern = path.posix.normalize(raw.replace(/\\/g, '/'));
  pattern = pattern.replace(/^\/+/, '').replace(/\/+$/, '');
  let source = '^';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '*' && pattern[i + 1] === '*') {
      i += 1;
      if (pattern[i + 1] === '/') i += 1;
      source += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
    } else if (ch === '*') {
      source += '[^/]*';
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const end = pattern.indexOf(']', i + 1);
      if (end < 0) fail(`.dockerignore: unclosed [ in ${raw}`);
      source += pattern.slice(i, end + 1).replace(/^\[!/, '[^');
      i = end;
    } else {
      source += ch.replace(/[.+^${}()|\\\]]/g, '\\$&');
    }
  }
  return { text: pattern, re: new RegExp(`${source}$`) };
}

function readIgnoreRules(dockerfile) {
  // BuildKit prefers <Dockerfile>.dockerignore next to the Dockerfile.
  const candidates = [
    `${dockerfile}.dockerignore`,
    path.join(root, '.dockerignore'),
  ];
  const file = candidates.find(candidate => existsSync(candidate));
  if (!file) fail('no .dockerignore: the whole repository would be sent');
  const rules = readFileSync(file, 'utf8')
    .split('\n')
    .map(line => line.trim())
    .filter(line => line && !line.startsWith('#'))
    .map(line => {
      const negate = line.startsWith('!');
      const body = negate ? line.slice(1).trim() : line;
      return { negate, ...compilePattern(body) };
    });
  return { file, rules };
}

/** Whether a context path (relative, with /) is left out of the context. */
function isIgnored(rules, contextPath) {
  const parts = contextPath.split('/');
  const candidates = parts.map((_, i) => parts.slice(0, i + 1).join('/'));
  let ignored = false;
  for (const rule of rules) {
    if (candidates.some(candidate => rule.re.test(candidate))) {
      ignored = !rule.negate;
    }
  }
  return ignored;
}

/** Whether a negation could re-include something below an ignored folder. */
function mayReinclude(rules, folder) {
  return rules.some(
    rule =>
      rule.negate &&
      (/[*?[]/.test(rule.text) || rule.text.startsWith(`${folder}/`)),
  );
}

/** Every file below a folder (context paths), following no symlinks. */
function walkFiles(contextPath) {
  const full = path.join(root, contextPath);
  if (!lstatSync(full).isDirectory()) return [contextPath];
  const files = [];
  for (const entry of readdirSync(full, { withFileTypes: true })) {
    files.push(...walkFiles(`${contextPath}/${entry.name}`));
  }
  return files;
}

/** Files and bytes Docker would send as the build context. */
function contextSize(rules) {
  let files = 0;
  let bytes = 0;
  const visit = (contextPath, full) => {
    for (const entry of readdirSync(full, { withFileTypes: true })) {
      const child = contextPath ? `${contextPath}/${entry.name}` : entry.name;
      const childFull = path.join(full, entry.name);
      const ignored = isIgnored(rules, child);
      if (entry.isDirectory()) {
        if (!ignored || mayReinclude(rules, child)) visit(child, childFull);
      } else if (!ignored) {
        files += 1;
        bytes += lstatSync(childFull).size;
      }
    }
  };
  visit('', root);
  return { files, bytes };
}

// ---------------------------------------------------------------------------
// Dockerfile

/** Instructions with continuation lines joined; comments dropped. */
function readInstructions(text) {
  const instructions = [];
  let current = null;
  text.split('\n').forEach((raw, index) => {
    const line = raw.trim();
    if (line.startsWith('#') || (current === null && line === '')) return;
    if (current === null) current = { line: index + 1, text: '' };
    const continued = line.endsWith('\\');
    current.text += ` ${continued ? line.slice(0, -1) : line}`;
    if (!continued) {
      const textOf = current.text.trim();
      const [keyword] = textOf.split(/\s+/, 1);
      instructions.push({
        line: current.line,
        keyword: keyword.toUpperCase(),
        args: textOf.slice(keyword.length).trim(),
      });
      current = null;
    }
  });
  if (current) fail(`Dockerfile ends inside a continued line`);
  return instructions;
}

/** Exec form (JSON array) or shell form split on whitespace. */
function words(args) {
  if (args.startsWith('[')) {
    try {
      const parsed = JSON.parse(args);
      if (Array.isArray(parsed) && parsed.every(w => typeof w === 'string')) {
        return { json: true, list: parsed };
      }
    } catch {
      // Docker treats an invalid JSON array as shell form.
    }
  }
  return { json: false, list: args.split(/\s+/).filter(Boolean) };
}

const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'from', 'parents']);
const ADD_FLAGS = new Set(['chown', 'chmod', 'link', 'checksum']);

function parseDockerfile(file) {
  if (!existsSync(file)) fail(`no Dockerfile at ${file}`);
  const where = instruction => `${rel(file)}:${instruction.line}`;
  const image = {
    copies: [],
    runs: [],
    env: {},
    user: 'root',
    workdir: '/',
    expose: [],
    cmd: null,
    from: null,
  };
  let order = 0;
  for (const instruction of readInstructions(readFileSync(file, 'utf8'))) {
    const { keyword, args } = instruction;
    order += 1;
    if (keyword === 'FROM') {
      // A new stage: only the last one is the image.
      image.from = args.split(/\s+/)[0];
      Object.assign(image, {
        copies: [],
        runs: [],
        env: {},
        user: 'root',
        workdir: '/',
        expose: [],
        cmd: null,
      });
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      if (args.includes('<<')) {
        fail(`${where(instruction)}: heredocs are not checked`);
      }
      const tokens = args.split(/\s+/);
      const flags = {};
      while (tokens[0]?.startsWith('--')) {
        const [name, value = 'true'] = tokens.shift().slice(2).split('=');
        const known = keyword === 'COPY' ? COPY_FLAGS : ADD_FLAGS;
        if (!known.has(name)) {
          fail(`${where(instruction)}: unknown ${keyword} flag --${name}`);
        }
        flags[name] = value;
      }
      if (flags.from) continue; // from another stage or image
      const { list } = words(tokens.join(' '));
      if (list.length < 2) {
        fail(
          `${where(instruction)}: ${keyword} needs a source and a destination`,
        );
      }
      const dest = list[list.length - 1];
      const sources = list.slice(0, -1);
      if (sources.length > 1 && !dest.endsWith('/')) {
        fail(
          `${where(
            instruction,
          )}: several sources need a destination ending in /`,
        );
      }
      for (const source of sources) {
        if (/^[a-z]+:\/\/|^git@/i.test(source)) {
          fail(`${where(instruction)}: remote source ${source} is not checked`);
        }
        if (/[*?[]/.test(source)) {
          fail(`${where(instruction)}: glob ${source} is not checked`);
        }
        const normalized = path.posix
          .normalize(source.replace(/^\/+/, ''))
          .replace(/\/+$/, '');
        if (normalized === '..' || normalized.startsWith('../')) {
          fail(`${where(instruction)}: ${source} is outside the build context`);
        }
        image.copies.push({
          at: where(instruction),
          source: normalized,
          dest,
          multiple: sources.length > 1,
          workdir: image.workdir,
          order,
        });
      }
    } else if (keyword === 'RUN') {
      image.runs.push({ at: where(instruction), text: args, order });
    } else if (keyword === 'ENV') {
      for (const match of args.matchAll(/([A-Za-z_][\w]*)=("[^"]*"|\S*)/g)) {
        image.env[match[1]] = match[2].replace(/^"|"$/g, '');
      }
      if (!args.includes('=')) {
        const [name, ...value] = args.split(/\s+/);
        image.env[name] = value.join(' ');
      }
    } else if (keyword === 'USER') {
      image.user = args.split(':')[0];
    } else if (keyword === 'WORKDIR') {
      image.workdir = path.posix.resolve(image.workdir, args);
    } else if (keyword === 'EXPOSE') {
      image.expose.push(...args.split(/\s+/).map(port => port.split('/')[0]));
    } else if (keyword === 'CMD') {
      image.cmd = { at: where(instruction), ...words(args) };
    }
  }
  if (!image.from) fail(`${rel(file)} has no FROM`);
  if (image.copies.length === 0) fail(`${rel(file)} copies nothing`);
  return image;
}

/** Where a copied file lands in the image. */
function destination(copy, sourceFile) {
  const dest = path.posix.resolve(copy.workdir, copy.dest);
  const isDir = lstatSync(path.join(root, copy.source)).isDirectory();
  if (isDir) {
    // A folder's contents are copied into the destination.
    return path.posix.join(dest, path.posix.relative(copy.source, sourceFile));
  }
  return copy.dest.endsWith('/') || copy.multiple
    ? path.posix.join(dest, path.posix.basename(sourceFile))
    : dest;
}

// ---------------------------------------------------------------------------
// gzip + tar (ustar, pax and GNU long names)

function readTarball(contextPath) {
  const file = path.join(root, contextPath);
  const buffer = readFileSync(file);
  if (buffer.length === 0) fail(`${contextPath} is empty`);
  if (buffer[0] !== 0x1f || buffer[1] !== 0x8b) {
    fail(`${contextPath} is not gzip compressed`);
  }
  let tar;
  try {
    tar = gunzipSync(buffer);
  } catch (error) {
    return fail(`${contextPath} is not valid gzip: ${error.message}`);
  }
  const entries = new Map();
  const text = (start, end) =>
    tar.toString('utf8', start, end).replace(/\0.*$/s, '');
  const octal = (start, end) => {
    if (tar[start] & 0x80) {
      let value = 0;
      for (let i = start + 1; i < end; i += 1) value = value * 256 + tar[i];
      return value;
    }
    return parseInt(text(start, end).trim() || '0', 8);
  };
  let offset = 0;
  let longName = null;
  while (offset + 512 <= tar.length) {
    const header = tar.subarray(offset, offset + 512);
    if (header.every(byte => byte === 0)) break;
    let sum = 0;
    for (let i = 0; i < 512; i += 1) {
      sum += i >= 148 && i < 156 ? 0x20 : header[i];
    }
    if (sum !== octal(offset + 148, offset + 156)) {
      fail(`${contextPath}: bad tar header checksum at byte ${offset}`);
    }
    const size = octal(offset + 124, offset + 136);
    const type = String.fromCharCode(header[156] || 0x30);
    const dataStart = offset + 512;
    if (dataStart + size > tar.length) fail(`${contextPath} is truncated`);
    const data = tar.subarray(dataStart, dataStart + size);
    if (type === 'x' || type === 'L') {
      if (type === 'L') {
        longName = data.toString('utf8').replace(/\0.*$/s, '');
      } else {
        const pax = data.toString('utf8');
        const match = pax.match(/(?:^|\n)\d+ path=([^\n]*)\n/);
        if (match) longName = match[1];
      }
    } else if (type !== 'g') {
      let name = longName;
      if (!name) {
        const prefix =
          tar.toString('latin1', offset + 257, offset + 262) === 'ustar'
            ? text(offset + 345, offset + 500)
            : '';
        name = (prefix ? `${prefix}/` : '') + text(offset, offset + 100);
      }
      longName = null;
      name = name.replace(/^\.\//, '').replace(/\/$/, '');
      if (name && name !== '.') entries.set(name, { type, data });
    }
    offset = dataStart + Math.ceil(size / 512) * 512;
  }
  if (entries.size === 0) fail(`${contextPath} holds no files`);
  return entries;
}

// ---------------------------------------------------------------------------

const { dockerfile } = parseArgs(process.argv.slice(2));
const image = parseDockerfile(dockerfile);
const { file: ignoreFile, rules } = readIgnoreRules(dockerfile);
const sources = image.copies.map(copy => copy.source);

// 1. Every source exists and reaches the build context, file by file.
const imageFiles = new Set();
for (const copy of image.copies) {
  if (!existsSync(path.join(root, copy.source))) {
    fail(
      `${copy.at}: ${copy.source} does not exist (run yarn build:backend first?)`,
    );
  }
  for (const file of walkFiles(copy.source)) {
    if (isIgnored(rules, file)) {
      fail(`${copy.at}: ${file} is excluded by ${rel(ignoreFile)}`);
    }
    imageFiles.add(destination(copy, file));
  }
}

// 2. The build outputs.
const copiedTarball = name => {
  const copy = image.copies.find(c => c.source.endsWith(`/${name}`));
  if (!copy) fail(`the Dockerfile does not copy ${name}`);
  const extracted = image.runs.find(run =>
    new RegExp(`\\btar\\s+-?x[a-z]*\\s+${name.replace('.', '\\.')}\\b`).test(
      run.text,
    ),
  );
  if (!extracted) fail(`no RUN of the Dockerfile extracts ${name}`);
  return { copy, extracted, entries: readTarball(copy.source) };
};
const skeleton = copiedTarball('skeleton.tar.gz');
const bundle = copiedTarball('bundle.tar.gz');
const backendManifest = skeleton.entries.get('packages/backend/package.json');
if (!backendManifest) {
  fail('skeleton.tar.gz holds no packages/backend/package.json');
}
const backendMain = path.posix.join(
  'packages/backend',
  JSON.parse(backendManifest.data.toString('utf8')).main ?? 'index.js',
);
if (backendMain !== 'packages/backend/dist/index.cjs.js') {
  fail(
    `packages/backend/package.json main is ${backendMain}, not dist/index.cjs.js`,
  );
}
if (!bundle.entries.has('packages/backend/dist/index.cjs.js')) {
  fail('bundle.tar.gz holds no packages/backend/dist/index.cjs.js');
}
if (!bundle.entries.has('packages/app/dist/index.html')) {
  fail('bundle.tar.gz holds no packages/app/dist/index.html (the frontend)');
}
for (const name of bundle.entries.keys()) {
  if (/^(packages|plugins)\/[^/]+\/package\.json$/.test(name)) {
    if (!skeleton.entries.has(name)) {
      fail(
        `${name} is in the bundle but not in the skeleton (no dependencies installed for it)`,
      );
    }
  }
}
const focus = image.runs.find(run =>
  run.text.includes('yarn workspaces focus --all --production'),
);
if (!focus) fail('no RUN yarn workspaces focus --all --production');
if (skeleton.extracted.order > focus.order || focus.order > bundle.copy.order) {
  fail(
    'the skeleton must be extracted before, the bundle copied after, yarn workspaces focus',
  );
}
for (const name of ['package.json', 'yarn.lock', '.yarnrc.yml']) {
  if (!sources.includes(name)) fail(`the Dockerfile does not copy ${name}`);
}

// 3. What the production start reads, relative to the working directory.
const inImage = file => imageFiles.has(path.posix.resolve(image.workdir, file));
const yarnPath = readFileSync(path.join(root, '.yarnrc.yml'), 'utf8').match(
  /^yarnPath:\s*['"]?([^'"\s]+)/m,
);
if (yarnPath && !inImage(yarnPath[1])) {
  fail(`.yarnrc.yml names ${yarnPath[1]}, which the image lacks`);
}
if (!image.cmd?.json) fail('CMD is missing or not in exec (JSON) form');
const cmd = image.cmd.list;
const configsOf = list =>
  list.flatMap((word, i) => (list[i - 1] === '--config' ? [word] : []));
const cmdConfigs = configsOf(cmd);
if (cmd[0] !== 'node' || cmd[1] !== 'packages/backend') {
  fail(`${image.cmd.at}: CMD does not start node packages/backend`);
}
for (const config of cmdConfigs) {
  if (!inImage(config)) fail(`CMD reads ${config}, which the image lacks`);
}
if (!cmdConfigs.includes('app-config.production.yaml')) {
  fail('CMD does not read app-config.production.yaml');
}
const productionConfig = readFileSync(
  path.join(root, 'app-config.production.yaml'),
  'utf8',
);
for (const match of productionConfig.matchAll(
  /^\s*target:\s*['"]?(\.\/[^'"\s]+)/gm,
)) {
  if (!inImage(match[1])) {
    fail(`app-config.production.yaml reads ${match[1]}, which the image lacks`);
  }
}

// 4. The project: Node version, port, production mode, a non-root user.
const engines = JSON.parse(
  readFileSync(path.join(root, 'package.json'), 'utf8'),
).engines?.node;
const baseMajor = image.from.match(/^node:(\d+)/)?.[1];
if (!baseMajor || engines?.match(/\d+/)?.[0] !== baseMajor) {
  fail(`base image ${image.from} does not match engines.node ${engines}`);
}
if (image.env.NODE_ENV !== 'production')
  fail('ENV NODE_ENV=production is missing');
if (['root', '0', ''].includes(image.user)) fail('the image runs as root');
const port =
  productionConfig.match(/^\s*listen:\s*['"]?:?(\d+)/m)?.[1] ?? '7007';
if (!image.expose.includes(port)) fail(`the image does not EXPOSE ${port}`);

// 5. scripts/package-backend.sh assembles the same folder without Docker.
const packageScript = readFileSync(
  path.join(root, 'scripts/package-backend.sh'),
  'utf8',
)
  .split('\n')
  .filter(line => !line.trim().startsWith('#'));
const scriptSources = [];
for (const line of packageScript) {
  const cp = line.match(/^\s*cp\s+(?:-\w+\s+)*(.+?)\s+"\$target\/?"\s*$/);
  if (cp) scriptSources.push(...cp[1].split(/\s+/));
  const tar = line.match(/^\s*tar\s+-?x\w*\s+(\S+)\s+-C\s+"\$target"/);
  if (tar) scriptSources.push(tar[1]);
}
const covers = (outer, inner) =>
  inner === outer || inner.startsWith(`${outer}/`);
for (const source of sources) {
  if (!scriptSources.some(s => covers(s, source))) {
    fail(
      `the Dockerfile copies ${source}, scripts/package-backend.sh does not`,
    );
  }
}
for (const source of scriptSources) {
  if (!sources.some(s => covers(source, s))) {
    fail(
      `scripts/package-backend.sh copies ${source}, the Dockerfile does not`,
    );
  }
}
const scriptText = readFileSync(
  path.join(root, 'scripts/package-backend.sh'),
  'utf8',
);
if (!scriptText.includes('yarn workspaces focus --all --production')) {
  fail('scripts/package-backend.sh installs dependencies differently');
}
const scriptStart = scriptText
  .split('\n')
  .find(line => line.includes('node packages/backend'));
if (
  !scriptStart ||
  configsOf(scriptStart.split(/\s+/)).join() !== cmdConfigs.join()
) {
  fail(
    'scripts/package-backend.sh starts the backend with other --config files than CMD',
  );
}

// 6. What stays out of the build context.
const keptOut = ['node_modules', '.git', 'data', '.tools'];
for (const folder of ['packages', 'plugins']) {
  for (const entry of readdirSync(path.join(root, folder), {
    withFileTypes: true,
  })) {
    if (entry.isDirectory()) {
      keptOut.push(
        `${folder}/${entry.name}/src`,
        `${folder}/${entry.name}/node_modules`,
      );
    }
  }
}
for (const kept of keptOut) {
  if (!isIgnored(rules, kept) || !isIgnored(rules, `${kept}/any/file.ts`)) {
    fail(`${rel(ignoreFile)} lets ${kept} into the build context`);
  }
  const copied = sources.find(source => covers(kept, source));
  if (copied)
    fail(`the Dockerfile copies ${copied}, which must stay out of the image`);
}
for (const rule of rules.filter(r => r.negate)) {
  if (!sources.some(source => covers(source, rule.text))) {
    fail(
      `${rel(ignoreFile)} re-includes !${
        rule.text
      }, which the Dockerfile does not copy`,
    );
  }
}
const context = contextSize(rules);
if (context.bytes > MAX_CONTEXT_BYTES) {
  fail(
    `the build context is ${(context.bytes / 1048576).toFixed(0)} MB (${
      context.files
    } files); exclude more in ${rel(ignoreFile)}`,
  );
}

process.stdout.write(
  `OK ${rel(dockerfile)}: ${sources.length} sources (${
    imageFiles.size
  } files) exist and pass ${rel(ignoreFile)}; ` +
    `skeleton ${skeleton.entries.size} and bundle ${bundle.entries.size} entries hold the backend and frontend; ` +
    `configs, catalog files and yarn release copied; agrees with scripts/package-backend.sh; ` +
    `context ${context.files} files, ${(context.bytes / 1048576).toFixed(
      1,
    )} MB\n`,
);
