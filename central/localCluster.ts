/**
 * A PostgreSQL cluster of its own in a data directory, for `npm run central` without DATABASE_URL
 * and for the tests. PostgreSQL refuses to run as root: as root, initdb and the server run as the
 * `postgres` user (runuser) in a directory that user owns.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { chownSync, existsSync, mkdirSync, readdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import pg from 'pg';

/** initdb and pg_ctl from the PATH, else from Debian's versioned folder (/usr/lib/postgresql/N/bin). */
function pgBinary(cmd: string): string {
  const onPath = spawnSync('sh', ['-c', `command -v ${cmd}`], { encoding: 'utf8' }).stdout.trim();
  if (onPath) return onPath;
  const root = '/usr/lib/postgresql';
  const versions = existsSync(root) ? readdirSync(root).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) if (existsSync(join(root, v, 'bin', cmd))) return join(root, v, 'bin', cmd);
  throw new Error(`${cmd} not found: install PostgreSQL's server (Debian: apt-get install -y postgresql)`);
}

function asPostgres(name: string, args: string[]): string {
  const cmd = pgBinary(name);
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  return execFileSync(isRoot ? 'runuser' : cmd, isRoot ? ['-u', 'postgres', '--', cmd, ...args] : args, { encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const port = (srv.address() as { port: number }).port;
      srv.close(() => resolve(port));
    });
  });
}

export interface LocalCluster {
  url: string;
  port: number;
  stop(): Promise<void>;
}

export async function startLocalCluster(dir: string, opts: { port?: number; fast?: boolean } = {}): Promise<LocalCluster> {
  const isRoot = typeof process.getuid === 'function' && process.getuid() === 0;
  const data = join(dir, 'pgdata');
  mkdirSync(dir, { recursive: true });
  if (isRoot) {
    // The postgres user must own the folder it writes to.
    const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
    chownSync(dir, id('-u'), id('-g'));
  }
  if (!existsSync(join(data, 'PG_VERSION'))) asPostgres('initdb', ['-D', data, '-A', 'trust', '-U', 'antre', '-E', 'UTF8', '--no-instructions']);
  const port = opts.port ?? (await freePort());
  // The tests trade durability for speed; a real central server keeps PostgreSQL's defaults.
  const fast = opts.fast ? ' -c fsync=off -c synchronous_commit=off -c full_page_writes=off' : '';
  asPostgres('pg_ctl', ['-D', data, '-l', join(dir, 'postgres.log'), '-w', '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1${fast}`, 'start']);
  const admin = new pg.Client({ host: '127.0.0.1', port, user: 'antre', database: 'postgres' });
  await admin.connect();
  const exists = await admin.query("SELECT 1 FROM pg_database WHERE datname = 'antre'");
  if (exists.rowCount === 0) await admin.query('CREATE DATABASE antre');
  await admin.end();
  return {
    url: `postgres://antre@127.0.0.1:${port}/antre`,
    port,
    stop: async () => {
      asPostgres('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']);
    },
  };
}
