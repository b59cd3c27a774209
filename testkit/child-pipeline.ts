import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { freePort } from './postgres.js';

const REPO_ROOT = resolve(import.meta.dirname, '..');
const MAIN = join(REPO_ROOT, 'ai-pipeline/src/main.ts');
/** The compiled service (`npm run build`), what `npm start` runs: the bench measures this one. */
export const BUILT_MAIN = join(REPO_ROOT, 'ai-pipeline/dist/main.js');

/** The real pipeline (ai-pipeline/src/main.ts) in its own process, so it can be SIGKILLed and measured. */
export interface ChildPipeline {
  readonly pid: number;
  readonly port: number;
  readonly process: ChildProcess;
  /** Resolves with the exit code (or the signal's name) when the process has ended. */
  readonly exited: Promise<number | string>;
  /** kill -9, and wait until the process is gone. */
  kill9(): Promise<void>;
  /** SIGTERM (graceful stop), then SIGKILL after `graceMs`. */
  stop(graceMs?: number): Promise<void>;
  /** Peak resident set size so far, from /proc/<pid>/status VmHWM, in kB (null when /proc is not there). */
  peakRssKb(): number | null;
  /** Milliseconds from spawn to the first GET /health answered 200 (the port opens before the app is loaded). */
  readonly startupMs: number;
  /** Milliseconds from spawn until the app took the port over (GET /ready no longer "starting"). */
  readonly appStartMs: number;
}

/**
 * The node flags the built service runs with, read from the root package.json's start script (`exec node [flags]
 * ai-pipeline/dist/main.js`), which the Dockerfile and ai-pipeline's own start script repeat (checked by
 * scripts/test/deploy-wiring.test.ts): a built child, and so the bench, runs exactly what `npm start` runs.
 */
export function serviceNodeFlags(): string[] {
  const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts?: { start?: string } };
  const m = /\bexec node((?: --[\w-]+(?:=\S+)?)*) ai-pipeline\/dist\/main\.js$/.exec(pkg.scripts?.start ?? '');
  if (!m) throw new Error('package.json: the start script does not end with "exec node [flags] ai-pipeline/dist/main.js"');
  return m[1]!.split(' ').filter(Boolean);
}

/** A memory figure of a live process from /proc/<pid>/status (VmRSS now, VmHWM its peak), in kB; null without /proc or after exit. */
export function readProcStatusKb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  try {
    const m = new RegExp(`^${field}:\\s+(\\d+)\\s+kB$`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) : null;
  } catch {
    return null;
  }
}

/** utime + stime of a process from /proc/<pid>/stat, in seconds (clock ticks of 1/100 s); null without /proc. */
export function processCpuSeconds(pid: number): number | null {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces) start at field 3; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** VmHWM ("high water mark" of the resident set) of a live process, in kB. */
export const readPeakRssKb = (pid: number) => readProcStatusKb(pid, 'VmHWM');

/** Polls `url` every 10 ms until it answers 2xx; false when `isOver()` says to stop first. Shared by the pipeline's and the bench's baselines. */
export async function pollUntilOk(url: string, isOver: () => boolean): Promise<boolean> {
  for (;;) {
    try {
      if ((await fetch(url, { signal: AbortSignal.timeout(1000) })).ok) return true;
    } catch {
      // not listening yet
    }
    if (isOver()) return false;
    await sleep(10);
  }
}

async function healthy(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok;
  } catch {
    return false;
  }
}

/** The app has taken the port over from main.ts's early server (whose /ready says "starting"), ready or not. */
async function attached(port: number): Promise<boolean> {
  try {
    const res = await fetch(`http://127.0.0.1:${port}/ready`, { signal: AbortSignal.timeout(1000) });
    return ((await res.json()) as { status?: unknown }).status !== 'starting';
  } catch {
    return false;
  }
}

/**
 * A PIPELINE_ROLE=worker process beside a stack's web process: the same variables (`env`, usually the stack's), a port
 * of its own, and none of the request secrets, as compose starts it.
 */
export async function spawnWorkerProcess(env: Record<string, string>, options: Parameters<typeof spawnPipeline>[1] = {}): Promise<ChildPipeline> {
  return spawnPipeline({ ...env, PIPELINE_ROLE: 'worker', PORT: String(await freePort()), ...WORKER_WITHOUT_REQUEST_SECRETS }, options);
}

/** What compose empties for ai-pipeline-worker: a worker answers no webhook, /ingest or sidebar request. */
export const WORKER_WITHOUT_REQUEST_SECRETS = { CHATWOOT_WEBHOOK_SECRET: '', WEBHOOK_URL_TOKEN: '', INGEST_TOKEN: '', SIDEBAR_TOKEN: '' };

/**
 * Starts `node --import tsx ai-pipeline/src/main.ts` with `env` (PORT must be set) and waits for GET /health, then for the app to take the port over.
 * Node runs the file directly (no npx/npm wrapper), so the pid is the pipeline's own and SIGKILL hits it.
 * INIT_CWD points at an empty folder so no developer `.env` leaks into the run.
 */
export async function spawnPipeline(
  env: Record<string, string>,
  options: {
    startTimeoutMs?: number;
    stderr?: 'inherit' | 'ignore';
    /** run ai-pipeline/dist/main.js (built) instead of the TypeScript source */
    built?: boolean | undefined;
    /** node options before the script (e.g. --cpu-prof) */
    nodeArgs?: string[] | undefined;
  } = {},
): Promise<ChildPipeline> {
  const port = Number(env.PORT);
  if (!Number.isInteger(port) || port <= 0) throw new Error('spawnPipeline: env.PORT must be a fixed port');
  const spawnedAt = performance.now();
  const child = spawn(process.execPath, [...(options.nodeArgs ?? []), ...(options.built ? [...serviceNodeFlags(), BUILT_MAIN] : ['--import', 'tsx', MAIN])], {
    cwd: REPO_ROOT,
    env: { ...process.env, ...env, INIT_CWD: mkdtempSync(join(tmpdir(), 'child-pipeline-')) },
    stdio: ['ignore', 'ignore', options.stderr ?? 'inherit'],
  });
  const exited = new Promise<number | string>((r) => child.once('exit', (code, signal) => r(code ?? signal ?? 'unknown')));
  const pid = child.pid;
  if (pid === undefined) throw new Error('spawnPipeline: the child process did not start');

  const deadline = Date.now() + (options.startTimeoutMs ?? 30_000);
  let ended: number | string | undefined;
  void exited.then((e) => (ended = e));
  const waitFor = async (check: (port: number) => Promise<boolean>, what: string) => {
    while (!(await check(port))) {
      if (ended !== undefined) throw new Error(`spawnPipeline: the pipeline exited (${ended}) before ${what}`);
      if (Date.now() > deadline) {
        child.kill('SIGKILL');
        throw new Error(`spawnPipeline: ${what} on port ${port} not within ${options.startTimeoutMs ?? 30_000} ms`);
      }
      await sleep(10);
    }
    return Math.round(performance.now() - spawnedAt);
  };
  const startupMs = await waitFor(healthy, 'GET /health answered 200');
  const appStartMs = await waitFor(attached, 'the app took the port over');

  return {
    startupMs,
    appStartMs,
    pid,
    port,
    process: child,
    exited,
    async kill9() {
      if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
      await exited;
    },
    async stop(graceMs = 15_000) {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGTERM');
      const outcome = await Promise.race([exited, sleep(graceMs).then(() => 'timeout' as const)]);
      if (outcome === 'timeout') {
        child.kill('SIGKILL');
        await exited;
      }
    },
    peakRssKb: () => readPeakRssKb(pid),
  };
}
