import {
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { randomUUID } from 'node:crypto';
import { run } from './processes';

/** The repository's root: the nearest folder up from here with backstage.json. */
function findRepoRoot(): string {
  for (let dir = process.cwd(); ; dir = path.dirname(dir)) {
    if (existsSync(path.join(dir, 'backstage.json'))) return dir;
    if (path.dirname(dir) === dir) {
      throw new Error(
        'Run inside the portal repository (no backstage.json found)',
      );
    }
  }
}

/** The repository's root folder. */
export const repoRoot = findRepoRoot();

const BUNDLE = path.join(repoRoot, 'packages/backend/dist/bundle.tar.gz');
const BACKEND_ROLES = new Set([
  'backend',
  'backend-plugin',
  'backend-plugin-module',
  'node-library',
  'common-library',
]);

function newestSourceChange(): { file: string; mtimeMs: number } {
  let newest = { file: '', mtimeMs: 0 };
  const visit = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) {
        if (entry.name !== 'node_modules' && entry.name !== '__fixtures__') {
          visit(full);
        }
      } else if (!/\.test\.tsx?$/.test(entry.name)) {
        const { mtimeMs } = statSync(full);
        if (mtimeMs > newest.mtimeMs) newest = { file: full, mtimeMs };
      }
    }
  };
  for (const group of ['packages', 'plugins']) {
    for (const name of readdirSync(path.join(repoRoot, group))) {
      const dir = path.join(repoRoot, group, name);
      if (name === 'scale-out' || !existsSync(path.join(dir, 'package.json'))) {
        continue;
      }
      const pkg = JSON.parse(
        readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      if (!BACKEND_ROLES.has(pkg.backstage?.role)) continue;
      for (const sub of ['src', 'migrations']) {
        if (existsSync(path.join(dir, sub))) visit(path.join(dir, sub));
      }
    }
  }
  return newest;
}

/**
 * The production build of the backend (`yarn build:backend`, what the
 * container image copies), unpacked into a temporary folder, ready for
 * `node <folder>/packages/backend`. Third-party modules are the
 * repository's own install, linked in (the image gets the same versions
 * from yarn.lock); the portal's packages are the built ones of the bundle.
 * Unpacked once per bundle and reused.
 */
let unpacking: Promise<string> | undefined;

export function builtBackend(): Promise<string> {
  unpacking ??= unpack();
  return unpacking;
}

async function unpack(): Promise<string> {
  if (!existsSync(BUNDLE)) {
    throw new Error(
      'No backend build: run `yarn build:backend` first (bin/portal test does)',
    );
  }
  const bundle = statSync(BUNDLE);
  const changed = newestSourceChange();
  if (changed.mtimeMs > bundle.mtimeMs) {
    throw new Error(
      `The backend build is older than ${path.relative(
        repoRoot,
        changed.file,
      )}: run \`yarn build:backend\` again`,
    );
  }
  const target = path.join(
    tmpdir(),
    `portal-backend-${Math.floor(bundle.mtimeMs)}-${bundle.size}`,
  );
  if (existsSync(path.join(target, '.ready'))) return target;

  const staging = `${target}.${process.pid}.${randomUUID()}`;
  rmSync(staging, { recursive: true, force: true });
  mkdirSync(staging, { recursive: true });
  await run('tar', ['xzf', BUNDLE, '-C', staging]);
  linkModules(staging);
  writeFileSync(path.join(staging, '.ready'), '');
  try {
    renameSync(staging, target);
  } catch (error) {
    // Another test process unpacked it at the same time: use theirs.
    rmSync(staging, { recursive: true, force: true });
    if (!existsSync(path.join(target, '.ready'))) throw error;
  }
  return target;
}

function linkModules(root: string) {
  const modules = path.join(root, 'node_modules');
  mkdirSync(path.join(modules, '@controlplane'), { recursive: true });
  const repoModules = path.join(repoRoot, 'node_modules');
  for (const entry of readdirSync(repoModules)) {
    if (entry === '@controlplane' || entry === 'app' || entry === '.bin') {
      continue;
    }
    symlinkSync(path.join(repoModules, entry), path.join(modules, entry));
  }
  for (const group of ['packages', 'plugins']) {
    if (!existsSync(path.join(root, group))) continue;
    for (const name of readdirSync(path.join(root, group))) {
      const dir = path.join(root, group, name);
      const { name: pkgName } = JSON.parse(
        readFileSync(path.join(dir, 'package.json'), 'utf8'),
      );
      if (pkgName === 'backend') continue;
      // Relative, so the links survive the rename of the staging folder.
      const link = path.join(modules, pkgName);
      symlinkSync(path.relative(path.dirname(link), dir), link);
    }
  }
}
