/**
 * Phase 1: how fast POST /webhook acknowledges validly signed new-ticket webhooks, against a bare express app
 * answering 200 on the same machine. The pipeline runs in its own process with its worker pointed at a
 * Chatwoot that accepts connections and never answers, so the figures are ingress only (verify, parse,
 * enqueue in Postgres), not triage. Its model is the fake Claude, as deployed with a key (`model: 'offline'`: no key,
 * the offline model trained in the pipeline's memory; its larger live heap makes each major GC longer).
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { pollUntilOk, processCpuSeconds, spawnWorkerProcess, type ChildPipeline } from '../../../testkit/child-pipeline.js';
import { startFakeChatwoot } from '../../../testkit/fakes/chatwoot-server.js';
import { freePort } from '../../../testkit/postgres.js';
import { startStack } from '../../../testkit/stack.js';
import type { Deployment } from './args.js';
import { probeCommits, type CommitProbe } from './commit-probe.js';
import { histogramBuckets, quantilesBetween, type HistogramQuantiles } from './histogram.js';
import { pacedRoundInChild, poolRounds, type PacedRun } from './paced.js';
import { median, roundOrder, summarisePairs, type RoundFigures } from './rounds.js';
import { signedWebhook } from './signed-webhook.js';

export interface LoadFigures {
  /** Median over the rounds of requests answered per second (each round: answered ÷ its wall time). */
  requestsPerSecond: number;
  /** Medians over the rounds of each round's p50 / p99 (autocannon's latency per request). */
  latencyP50Ms: number;
  latencyP99Ms: number;
  /** The range over the rounds. */
  requestsPerSecondRange: [min: number, max: number];
  latencyP99MsRange: [min: number, max: number];
  /** One entry per round, in order. */
  perRound: RoundFigures[];
  /** Median over the rounds of the server process's CPU time (user + system) per answered request, in µs (null without /proc). */
  cpuMicrosPerRequest: number | null;
  /** Totals over every round. */
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface IngressFigures {
  /** The pipeline's model: the fake Claude (with a key) or the offline model (no key). */
  model: 'claude' | 'offline';
  /** 'all': one pipeline process takes the webhooks and runs the jobs; 'split': PIPELINE_ROLE=web answers, a PIPELINE_ROLE=worker process beside it runs the jobs. */
  role: Deployment;
  connections: number;
  /** Seconds of load per round and side. */
  durationSeconds: number;
  /** Rounds; each measures the bare app and the pipeline once, alternating which goes first. */
  rounds: number;
  bodyBytes: number;
  bare: LoadFigures;
  /**
   * The floor: Node's own http server with no framework and no work (read the body, answer 200), measured in the same
   * rounds right after the bare app. No server can answer this load on this machine faster; its p99 is what the
   * machine and the load generator leave for any webhook handler.
   */
  floor: LoadFigures;
  pipeline: LoadFigures;
  /** The pipeline's Postgres during its rounds, medians over the rounds. */
  database: {
    /** Its durability settings and what one single-row commit costs (measured before the rounds, same load). */
    commit: CommitProbe;
    /** Transactions committed in the pipeline's database per answered webhook (group commit: well below 1). */
    commitsPerRequest: number;
    /** CPU time of all Postgres processes per answered webhook, in µs (null when Postgres is not on this machine). */
    cpuMicrosPerRequest: number | null;
  };
  /** Median over the rounds of pipeline req/s ÷ bare req/s of the same round. */
  ratio: number;
  ratioRange: [min: number, max: number];
  /** Each round's ratio, in order. */
  ratios: number[];
  /** Distinct tickets whose webhook was answered 200. */
  ticketsAnswered: number;
  /** Requests sent but cut off when a round ended (no answer; may or may not be enqueued). */
  inFlightAtStop: number;
  triageJobs: number;
  followUpJobs: number;
  /** Every answered request was 200, every answered ticket has exactly one triage job, no job without a request. */
  verified: boolean;
  problems: string[];
  /**
   * Latency when the webhooks come evenly spaced at a steady rate (bench/paced.ts, up to the same connections, each round
   * sent by a fresh process of its own with its webhooks signed beforehand) instead
   * of as fast as the server answers: as many rounds per side as the saturating ones, after them, alternating which side
   * goes first; p50/p99 over every request of a side's rounds pooled (one 5 s round is 1,000 requests, whose p99 is its
   * 10 slowest: one stall of the shared machine decides it), with the per-round p99 range. Saturated, latency is mostly
   * queueing (connections ÷ throughput); paced, it is what one webhook costs.
   */
  paced: {
    requestsPerSecond: number;
    bare: ReturnType<typeof poolRounds>;
    pipeline: ReturnType<typeof poolRounds>;
    /** The pipeline's own `triage_webhook_commit_seconds` over its paced rounds: how long the webhooks waited for their commit. */
    pipelineCommitWait: HistogramQuantiles;
  };
  /** 1-minute load average when the run ended, and when the measured rounds began. */
  loadAverage: number;
  loadAverageAtStart: number;
}

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const WARM_UP_SECONDS = 3;
/** The steady rate of the paced round: far above any one Chatwoot account's webhook traffic, well below saturation. */
export const PACED_REQUESTS_PER_SECOND = 200;
/** Conversation ids of the warm-up requests (left out of the checks). */
const WARM_UP_IDS = 900_000_000;

/** A realistic message_created payload (from the Chatwoot-compatible fake), to be re-numbered per request. */
async function templatePayload(): Promise<Record<string, unknown>> {
  const fake = await startFakeChatwoot();
  try {
    const inbox = fake.addInbox({ name: 'Support', kind: 'email', email: 'support@studyapp.example' });
    fake.addWebhook({ url: 'http://127.0.0.1:9/unused', subscriptions: ['message_created'] });
    fake.simulateIncomingEmail({
      inboxId: inbox.id,
      from: { email: 'bench@customers.example', name: 'Bench Customer' },
      subject: 'Export funktioniert nicht',
      text: 'Hallo,\n\nseit dem Update kann ich meine Karteikarten nicht mehr als PDF exportieren. Die App zeigt nur einen Fehler an und schliesst sich dann. Ich habe morgen eine Prüfung und brauche die Karten dringend.\n\nViele Grüsse\nBench',
    });
    const payload = fake.deliveries.find((d) => d.event === 'message_created')!.payload;
    await fake.waitForDeliveries();
    return structuredClone(payload);
  } finally {
    await fake.close();
  }
}

/** Accepts TCP connections and never answers: the worker's Chatwoot calls hang until their own timeout. */
async function blackHole(): Promise<{ url: string; close(): Promise<void> }> {
  const sockets = new Set<Socket>();
  const server: Server = createServer((s) => {
    sockets.add(s);
    s.on('error', () => {});
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as { port: number }).port;
  return {
    url: `http://127.0.0.1:${port}`,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((r) => server.close(r));
    },
  };
}

/** A baseline server process (bench/bare-server.ts): bare express, or `framework: 'none'` for Node's http server alone. */
async function startBareServer(nodeArgs: string[], framework: 'express' | 'none' = 'express'): Promise<{ port: number; pid: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, [...nodeArgs, '--import', 'tsx', join(REPO_ROOT, 'scripts/src/bench/bare-server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port), ...(framework === 'none' ? { BARE_FRAMEWORK: 'none' } : {}) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 20_000;
  if (!(await pollUntilOk(`http://127.0.0.1:${port}/health`, () => Date.now() > deadline))) throw new Error(`the bare ${framework === 'none' ? 'node:http' : 'express'} server did not start`);
  return {
    port,
    pid: child.pid!,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function roundFigures(r: autocannon.Result): RoundFigures {
  return { requestsPerSecond: Math.round(r.requests.total / Math.max(r.duration, 0.001)), latencyP50Ms: r.latency.p50, latencyP99Ms: r.latency.p99 };
}

function loadFigures(runs: Load[], side: ReturnType<typeof summarisePairs>['baseline']): LoadFigures {
  const results = runs.map((r) => r.result);
  const sum = (f: (r: autocannon.Result) => number) => results.reduce((a, r) => a + f(r), 0);
  const cpu = runs.map((r) => (r.cpuSeconds === null || r.result.requests.total === 0 ? null : (r.cpuSeconds * 1e6) / r.result.requests.total));
  return {
    cpuMicrosPerRequest: cpu.some((c) => c === null) ? null : Math.round(median(cpu as number[])),
    requestsPerSecond: Math.round(side.requestsPerSecond.median),
    latencyP50Ms: side.latencyP50Ms.median,
    latencyP99Ms: side.latencyP99Ms.median,
    requestsPerSecondRange: [side.requestsPerSecond.min, side.requestsPerSecond.max],
    latencyP99MsRange: [side.latencyP99Ms.min, side.latencyP99Ms.max],
    perRound: results.map(roundFigures),
    requests: sum((r) => r.requests.total),
    non2xx: sum((r) => r.non2xx),
    errors: sum((r) => r.errors),
    timeouts: sum((r) => r.timeouts),
  };
}

interface Load {
  result: autocannon.Result;
  sent: number;
  answered: Map<number, number>;
  /** CPU time (user + system) the server process used during the run, in seconds; null without /proc. */
  cpuSeconds: number | null;
}

/** The pipeline's database during its rounds: commits and the Postgres server's CPU (all its processes). */
interface DatabaseUse {
  commits: number;
  cpuSeconds: number | null;
}

/** Postgres' processes: the postmaster (parent of our backend) and its children; empty when it is not on this machine. */
function postgresPids(backendPid: number): number[] {
  try {
    const ppidOf = (pid: number) => Number(readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ')[1]);
    const postmaster = ppidOf(backendPid);
    const children = readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .filter((d) => {
        try {
          return ppidOf(Number(d)) === postmaster;
        } catch {
          return false;
        }
      })
      .map(Number);
    return [postmaster, ...children];
  } catch {
    return [];
  }
}

async function databaseUse(db: pg.Client, run: () => Promise<void>): Promise<DatabaseUse> {
  const commits = async () =>
    Number((await db.query<{ n: string }>('SELECT xact_commit AS n FROM pg_stat_database WHERE datname = current_database()')).rows[0]!.n);
  const backend = (await db.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')).rows[0]!.pid;
  const cpu = () => {
    const pids = postgresPids(backend);
    if (pids.length === 0) return null;
    return pids.reduce((a, pid) => a + (processCpuSeconds(pid) ?? 0), 0);
  };
  const [c0, cpu0] = [await commits(), cpu()];
  await run();
  // The statistics collector reports a backend's counts when it goes idle (at most ~1 s late).
  await sleep(1100);
  const [c1, cpu1] = [await commits(), cpu()];
  return { commits: c1 - c0 - 1, cpuSeconds: cpu0 === null || cpu1 === null ? null : cpu1 - cpu0 };
}

/** autocannon with a fresh conversation id, message id, timestamp and signature per request. */
async function load(
  server: { port: number; pid: number },
  secret: string,
  template: Record<string, unknown>,
  connections: number,
  durationSeconds: number,
  firstId: number,
): Promise<Load> {
  const cpuBefore = processCpuSeconds(server.pid);
  let next = firstId;
  let sent = 0;
  const answered = new Map<number, number>(); // conversation id → status
  const result = await autocannon({
    url: `http://127.0.0.1:${server.port}`,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/webhook',
        setupRequest: (req, context) => {
          const signed = signedWebhook(secret, template, next++);
          sent++;
          (context as { conversationId?: number }).conversationId = signed.id;
          return { ...req, body: signed.body, headers: signed.headers };
        },
        onResponse: (status, _body, context) => {
          answered.set((context as { conversationId: number }).conversationId, status);
        },
      },
    ],
  });
  const cpuAfter = processCpuSeconds(server.pid);
  return { result, sent, answered, cpuSeconds: cpuBefore === null || cpuAfter === null ? null : cpuAfter - cpuBefore };
}

function databaseFigures(use: DatabaseUse[], runs: Load[]): Omit<IngressFigures['database'], 'commit'> {
  const per = (x: number, i: number) => x / Math.max(1, runs[i]!.result.requests.total);
  const cpu = use.map((u, i) => (u.cpuSeconds === null ? null : per(u.cpuSeconds * 1e6, i)));
  return {
    commitsPerRequest: Math.round(median(use.map((u, i) => per(u.commits, i))) * 1000) / 1000,
    cpuMicrosPerRequest: cpu.some((c) => c === null) ? null : Math.round(median(cpu as number[])),
  };
}

const loadAverageNow = () => Math.round(loadavg()[0]! * 100) / 100;
/** Conversation ids of round i's pipeline requests start here (bare rounds use the ids below 10,000,000). */
const pipelineIds = (round: number) => 10_000_000 * (round + 1);

/**
 * The servers run side by side, each is warmed up, then `rounds` rounds measure the bare app (with the node:http floor
 * right after it) and the pipeline `durationSeconds` each, alternating which goes first, so all see the same machine.
 * The ratio is the median of the rounds' ratios; afterwards every 200 is checked against the jobs table (one triage
 * job per answered ticket).
 */
export async function measureIngress(
  databaseUrl: string,
  options: {
    connections: number;
    durationSeconds: number;
    rounds: number;
    /** The pipeline's model (default 'claude': the fake Claude; its jobs' calls never reach Chatwoot anyway). */
    model?: 'claude' | 'offline';
    /** The deployment (default 'all'); with 'split' the measured process is the web one, the worker runs beside it. */
    role?: Deployment;
    /** write the pipeline's V8 CPU profile (node --cpu-prof) into this folder */
    cpuProfileDir?: string;
  },
): Promise<IngressFigures> {
  const template = await templatePayload();
  const bodyBytes = Buffer.byteLength(JSON.stringify(template));
  const profile = options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${resolve(options.cpuProfileDir)}`] : [];
  const hole = await blackHole();
  const bare = await startBareServer(profile).catch(async (e: unknown) => {
    await hole.close();
    throw e;
  });
  const floor = await startBareServer([], 'none').catch(async (e: unknown) => {
    await bare.stop();
    await hole.close();
    throw e;
  });
  const role = options.role ?? 'all';
  // The stack's pipeline in its own process, its worker's Chatwoot calls sent to the black hole.
  const stack = await startStack({
    databaseUrl,
    model: options.model === 'offline' ? 'offline' : { delayMs: 200 },
    enrichment: 'none',
    env: {
      LOG_LEVEL: 'info',
      CHATWOOT_BASE_URL: hole.url,
      CHATWOOT_ACCOUNT_ID: String((template.account as { id: number }).id),
      PIPELINE_ROLE: role === 'split' ? 'web' : 'all',
    },
    childNodeArgs: profile,
    pipeline: 'child',
    childBuilt: true,
  }).catch(async (e: unknown) => {
    await floor.stop();
    await bare.stop();
    await hole.close();
    throw e;
  });
  const pipeline = { port: stack.child!.port, pid: stack.child!.pid };
  const secret = stack.webhookSecret;
  let worker: ChildPipeline | null = null;
  try {
    // Split: the jobs the web process enqueues are run by a worker process of their own, woken by NOTIFY.
    if (role === 'split') worker = await spawnWorkerProcess(stack.env, { built: true });
    // Each server gets a short unmeasured warm-up first (JIT, connection pools), so both are measured warm.
    await load(bare, secret, template, options.connections, WARM_UP_SECONDS, WARM_UP_IDS);
    await load(floor, secret, template, options.connections, WARM_UP_SECONDS, WARM_UP_IDS);
    await load(pipeline, secret, template, options.connections, WARM_UP_SECONDS, WARM_UP_IDS + 1_000_000);
    const loadAverageAtStart = loadAverageNow();
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const commit = await probeCommits(db);
    const bareRuns: Load[] = [];
    const floorRuns: Load[] = [];
    const pipeRuns: Load[] = [];
    const dbUse: DatabaseUse[] = [];
    for (let i = 0; i < options.rounds; i++) {
      for (const side of roundOrder(i)) {
        if (side === 'baseline') {
          bareRuns.push(await load(bare, secret, template, options.connections, options.durationSeconds, 1 + i * 1_000_000));
          floorRuns.push(await load(floor, secret, template, options.connections, options.durationSeconds, 1 + i * 1_000_000));
        }
        else dbUse.push(await databaseUse(db, async () => void pipeRuns.push(await load(pipeline, secret, template, options.connections, options.durationSeconds, pipelineIds(i)))));
      }
    }
    // The paced round: webhooks evenly spaced at a steady rate, both sides (its webhooks are checked with the others).
    // Each round from a fresh process of its own (bench/paced-child.ts), with its webhooks signed before the first is due.
    const paced = (server: { port: number }, firstId: number) =>
      pacedRoundInChild({ port: server.port, secret, template, firstId, rate: PACED_REQUESTS_PER_SECOND, connections: options.connections, durationSeconds: options.durationSeconds });
    const pacedBare: PacedRun[] = [];
    const pacedPipeline: PacedRun[] = [];
    const commitWait = async () => histogramBuckets(await (await fetch(`http://127.0.0.1:${pipeline.port}/metrics`)).text(), 'triage_webhook_commit_seconds');
    // The histogram's growth over each paced pipeline round, summed: only those rounds' webhooks.
    const commitGrowth = new Map<number, number>();
    for (let i = 0; i < options.rounds; i++) {
      for (const side of roundOrder(i)) {
        if (side === 'baseline') pacedBare.push(await paced(bare, 1 + (options.rounds + 1 + i) * 1_000_000));
        else {
          const before = await commitWait();
          pacedPipeline.push(await paced(pipeline, pipelineIds(options.rounds + i)));
          for (const [le, n] of await commitWait()) commitGrowth.set(le, (commitGrowth.get(le) ?? 0) + n - (before.get(le) ?? 0));
        }
      }
    }
    const checked = [...pipeRuns.map((r) => ({ sent: r.sent, answered: r.answered, errors: r.result.errors })), ...pacedPipeline];
    await sleep(500); // let requests cut off at the end settle
    const { rows } = await db.query<{ kind: string; conversation_id: number }>('SELECT kind, conversation_id FROM triage.jobs WHERE conversation_id < $1', [WARM_UP_IDS]);
    await db.end();

    const problems: string[] = [];
    const triage = new Map<number, number>();
    for (const r of rows.filter((r) => r.kind === 'triage')) triage.set(Number(r.conversation_id), (triage.get(Number(r.conversation_id)) ?? 0) + 1);
    const answered = checked.flatMap((run) => [...run.answered]);
    const ok = answered.filter(([, s]) => s === 200).map(([id]) => id);
    const notOk = answered.filter(([, s]) => s !== 200);
    if (notOk.length) problems.push(`${notOk.length} webhook(s) answered other than 200 (e.g. ${notOk[0]![1]})`);
    const errors = checked.reduce((a, run) => a + run.errors, 0);
    if (errors) problems.push(`${errors} connection error(s)`);
    const missing = ok.filter((id) => triage.get(id) !== 1);
    if (missing.length) problems.push(`${missing.length} answered ticket(s) without exactly one triage job`);
    const inFlight = checked.reduce((a, run) => a + run.sent, 0) - answered.length;
    const extra = triage.size - ok.length;
    if (extra < 0 || extra > inFlight) problems.push(`${triage.size} triage jobs for ${ok.length} answered tickets (${inFlight} cut off at stop)`);
    if ([...triage.values()].some((n) => n !== 1)) problems.push('a ticket was enqueued twice');

    const summary = summarisePairs(
      bareRuns.map((r) => roundFigures(r.result)),
      pipeRuns.map((r) => roundFigures(r.result)),
    );
    return {
      model: options.model ?? 'claude',
      role,
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      rounds: options.rounds,
      bodyBytes,
      database: { commit, ...databaseFigures(dbUse, pipeRuns) },
      bare: loadFigures(bareRuns, summary.baseline),
      floor: loadFigures(floorRuns, summarisePairs(floorRuns.map((r) => roundFigures(r.result)), pipeRuns.map((r) => roundFigures(r.result))).baseline),
      pipeline: loadFigures(pipeRuns, summary.candidate),
      ratio: summary.ratio.median,
      ratioRange: [summary.ratio.min, summary.ratio.max],
      ratios: summary.ratios,
      ticketsAnswered: ok.length,
      inFlightAtStop: inFlight,
      triageJobs: triage.size,
      followUpJobs: rows.filter((r) => r.kind === 'followup').length,
      verified: problems.length === 0,
      problems,
      paced: {
        requestsPerSecond: PACED_REQUESTS_PER_SECOND,
        bare: poolRounds(pacedBare),
        pipeline: poolRounds(pacedPipeline),
        pipelineCommitWait: quantilesBetween(new Map(), commitGrowth),
      },
      loadAverage: loadAverageNow(),
      loadAverageAtStart,
    };
  } finally {
    // A graceful stop (SIGTERM) lets node write the CPU profile; otherwise the stack ends the child with SIGKILL.
    if (options.cpuProfileDir) await stack.child?.stop(60_000);
    await worker?.kill9();
    await stack.stop();
    await bare.stop();
    await floor.stop();
    await hole.close();
  }
}
