import { execFileSync } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * A throwaway native PostgreSQL server for benchmarks: the `postgresql`
 * package's binaries, a temporary data folder, 127.0.0.1 on a free port, fsync
 * off (like PGlite). Stopped and removed by stop().
 */
export interface NativePostgres {
  port: number;
  version: string;
  /** Runs SQL (or a psql meta-command such as \copy) with psql; returns its unaligned output. */
  psql(sql: string): string;
  stop(): void;
}

function postgresBin(): string {
  const base = '/usr/lib/postgresql';
  if (!existsSync(base)) throw new Error('Native PostgreSQL is not installed (no /usr/lib/postgresql).');
  const version = readdirSync(base)
    .filter((v) => existsSync(join(base, v, 'bin', 'initdb')))
    .sort((a, b) => Number(b) - Number(a))[0];
  if (version === undefined) throw new Error('No PostgreSQL server binaries under /usr/lib/postgresql.');
  return join(base, version, 'bin');
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() =>
        typeof address === 'object' && address !== null
          ? resolve(address.port)
          : reject(new Error('no port')),
      );
    });
  });
}

export async function startNativePostgres(settings: string[] = []): Promise<NativePostgres> {
  const bin = postgresBin();
  const dir = mkdtempSync(join(tmpdir(), 'loupe-bench-pg-'));
  const data = join(dir, 'data');
  const port = await freePort();
  // initdb and the server refuse to run as root: run them as the postgres user when root.
  const asServer = (cmd: string, args: string[]): void => {
    if (process.getuid?.() === 0)
      execFileSync('runuser', ['-u', 'postgres', '--', cmd, ...args], { stdio: 'ignore' });
    else execFileSync(cmd, args, { stdio: 'ignore' });
  };
  if (process.getuid?.() === 0) {
    const uid = execFileSync('id', ['-u', 'postgres'], { encoding: 'utf8' }).trim();
    const gid = execFileSync('id', ['-g', 'postgres'], { encoding: 'utf8' }).trim();
    chownSync(dir, Number(uid), Number(gid));
  }
  asServer(join(bin, 'initdb'), ['-D', data, '--auth=trust', '--username=bench', '--no-sync']);
  const options = [
    `-p ${port}`,
    `-k ${dir}`,
    '-c listen_addresses=127.0.0.1',
    '-c fsync=off',
    '-c synchronous_commit=off',
    ...settings.map((s) => `-c ${s}`),
  ].join(' ');
  asServer(join(bin, 'pg_ctl'), ['-D', data, '-w', '-l', join(dir, 'server.log'), '-o', options, 'start']);
  return {
    port,
    version: bin.split('/').at(-2) ?? '?',
    psql: (sql: string): string =>
      execFileSync(
        'psql',
        [
          '-h',
          '127.0.0.1',
          '-p',
          String(port),
          '-U',
          'bench',
          '-d',
          'postgres',
          '-v',
          'ON_ERROR_STOP=1',
          '-qAt',
          '-c',
          sql,
        ],
        { encoding: 'utf8', maxBuffer: 1 << 28 },
      ),
    stop(): void {
      try {
        asServer(join(bin, 'pg_ctl'), ['-D', data, '-m', 'immediate', 'stop']);
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    },
  };
}
