import {
  chownSync,
  existsSync,
  mkdtempSync,
  readdirSync,
  rmSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { execFileSync } from 'node:child_process';
import { freePort, isRoot, run } from './processes';

/**
 * Where PostgreSQL's server programs are: PORTAL_PG_BINDIR, else
 * `pg_config --bindir`, else the newest version in Debian's layout
 * (the server programs are not on the PATH there).
 */
export function postgresBinDir(): string {
  const candidates: string[] = [];
  if (process.env.PORTAL_PG_BINDIR)
    candidates.push(process.env.PORTAL_PG_BINDIR);
  try {
    candidates.push(
      execFileSync('pg_config', ['--bindir'], { encoding: 'utf8' }).trim(),
    );
  } catch {
    // No pg_config: try Debian's layout.
  }
  const debianRoot = path.join(path.sep, 'usr', 'lib', 'postgresql');
  if (existsSync(debianRoot)) {
    const versions = readdirSync(debianRoot)
      .filter(name => /^\d+$/.test(name))
      .sort((a, b) => Number(b) - Number(a));
    candidates.push(...versions.map(v => path.join(debianRoot, v, 'bin')));
  }
  const found = candidates.find(dir => existsSync(path.join(dir, 'initdb')));
  if (!found) {
    throw new Error(
      'PostgreSQL server programs (initdb, pg_ctl) not found: install PostgreSQL or set PORTAL_PG_BINDIR',
    );
  }
  return found;
}

/**
 * A PostgreSQL cluster of its own (initdb in a temporary folder, its own
 * port), so a test can restart or stop it without touching the machine's
 * server that other tests use.
 */
export class PrivatePostgres {
  private constructor(
    readonly dataDir: string,
    readonly port: number,
    private readonly binDir: string,
  ) {}

  /** `postgresql://postgres@127.0.0.1:<port>` (trust authentication). */
  get url(): string {
    return `postgresql://postgres@127.0.0.1:${this.port}`;
  }

  static async start(): Promise<PrivatePostgres> {
    const binDir = postgresBinDir();
    const dataDir = mkdtempSync(path.join(tmpdir(), 'portal-pg-'));
    if (isRoot()) {
      const uid = Number(
        execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }),
      );
      const gid = Number(
        execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }),
      );
      chownSync(dataDir, uid, gid);
    }
    const pg = new PrivatePostgres(dataDir, await freePort(), binDir);
    await pg.exec('initdb', [
      '--pgdata',
      path.join(dataDir, 'data'),
      '--username',
      'postgres',
      '--auth',
      'trust',
      '--encoding',
      'UTF8',
      '--no-sync',
    ]);
    await pg.serverStart();
    return pg;
  }

  /** Runs one of PostgreSQL's programs (as the postgres user when root). */
  async exec(program: string, args: string[]): Promise<string> {
    return run(path.join(this.binDir, program), args, {
      asUser: isRoot() ? 'postgres' : undefined,
    });
  }

  /** Path of a client program (pg_dump, pg_restore) of the same version. */
  program(name: string): string {
    return path.join(this.binDir, name);
  }

  async serverStart(): Promise<void> {
    // Two instances keep a pool per plugin database each: allow plenty.
    const options = [
      `-p ${this.port}`,
      `-k ${this.dataDir}`,
      '-c listen_addresses=127.0.0.1',
      '-c max_connections=400',
      '-c shared_buffers=64MB',
    ].join(' ');
    await this.exec('pg_ctl', [
      'start',
      '--pgdata',
      path.join(this.dataDir, 'data'),
      '--wait',
      '--log',
      path.join(this.dataDir, 'server.log'),
      '-o',
      options,
    ]);
  }

  /** A fast shutdown: open sessions are ended, as in a real restart. */
  async serverStop(): Promise<void> {
    await this.exec('pg_ctl', [
      'stop',
      '--pgdata',
      path.join(this.dataDir, 'data'),
      '--wait',
      '--mode',
      'fast',
    ]);
  }

  async destroy(): Promise<void> {
    try {
      await this.serverStop();
    } catch {
      // Already stopped.
    }
    rmSync(this.dataDir, { recursive: true, force: true });
  }
}
