/**
 * Phase 2 (and 4): tickets from tickets/ through the whole pipeline — the Chatwoot-compatible fake (one
 * simulated email per ticket, signed webhooks), a fake Claude answering after a fixed delay with valid
 * structured output, the fake enrichment service — with the pipeline in a child process whose peak RSS
 * (/proc/<pid>/status VmHWM) is read at the end.
 */
import { loadavg } from 'node:os';
import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { loadTickets, type Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';
import { pollUntilOk, processCpuSeconds, readProcStatusKb, spawnWorkerProcess, type ChildPipeline } from '../../../testkit/child-pipeline.js';
import { startStack } from '../../../testkit/stack.js';
import type { Deployment } from './args.js';
import { median } from './rounds.js';

export interface TriageFigures {
  /** What ran: the pipeline's defaults (adaptive, default ceiling) or a fixed WORKER_CONCURRENCY. */
  mode: 'default' | 'fixed';
  /** 'all': one process; 'split': PIPELINE_ROLE=web (start-up, idle and peak RSS, CPU below are its) + a PIPELINE_ROLE=worker process. */
  deployment: Deployment;
  /** 'split' only: the worker process's peak RSS (MB) and CPU seconds over the burst; null otherwise or without /proc. */
  workerPeakRssMb: number | null;
  workerCpuSeconds: number | null;
  /** The WORKER_CONCURRENCY the run used (the ceiling in default mode). */
  concurrency: number;
  tickets: number;
  modelDelayMs: number;
  wallSeconds: number;
  ticketsPerMinute: number;
  modelCallsPerTicket: number;
  inputTokensPerTicket: number;
  outputTokensPerTicket: number;
  /** Of inputTokensPerTicket: what a prompt cache serves (static tools/system marked cache_control, seen before). */
  cachedInputTokensPerTicket: number;
  /** Input tokens of the first model call (the analysis) of one ticket: ⌈chars/4⌉ of the request. */
  analysisInputTokens: number;
  /** REST requests the pipeline made to Chatwoot during the run ÷ tickets (triage and follow-up jobs), look-ups included. */
  chatwootRequestsPerTicket: number;
  /** The same without the process-wide requests (PROCESS_LOOKUPS: cached look-ups and the readiness re-check, not per ticket). */
  chatwootTicketRequestsPerTicket: number;
  /** How many process-wide look-ups were made during the run (in all, not per ticket). */
  chatwootLookups: number;
  /** The same, per request (method and the fake's route name), largest first. */
  chatwootRequestsByRoute: Record<string, number>;
  /** Milliseconds from spawning the built service to GET /health 200 (the port opens before the app is loaded). */
  startupMs: number;
  /** Milliseconds from spawning it until the app took the port over (webhooks held until then are answered). */
  appStartMs: number;
  /** 1-minute load average when the run ended (the machine is shared). */
  loadAverage: number;
  /** tickets × sequential model calls per ticket × delay ÷ concurrency. */
  idealSeconds: number;
  /** idealSeconds ÷ wallSeconds. */
  efficiency: number;
  /** Tickets that ended labelled ai-processed / ai-failed. */
  processed: number;
  failed: number;
  /** VmRSS of the idle pipeline once start-up has settled and V8 has reduced the heap (IDLE_SAMPLES samples); null without /proc. */
  idleRss: IdleRss | null;
  /** VmHWM (peak RSS) after the run, in MB; null without /proc. */
  peakRssMb: number | null;
  /** CPU seconds (user + system) the pipeline process spent from the first email until every job was done; null without /proc. Less load-dependent than wall time (GC work shows here). */
  cpuSeconds: number | null;
}

export interface IdleRss {
  /** The figure compared with the target: the median of the samples, in MB. */
  medianMb: number;
  minMb: number;
  maxMb: number;
  samplesMb: number[];
  /** Seconds after /ready answered (or the app took the port over) when the first sample was read. */
  settleSeconds: number;
  /**
   * VmRSS AFTER_STARTUP_MS after /ready, before V8 has given back what start-up used (its new space is then 8 or 16
   * MB, whichever start-up grew it to, so this reading is bimodal by ~8 MB): shown, not compared with the target.
   */
  afterStartupMb: number;
  /** Seconds after /ready when `afterStartupMb` was read. */
  afterStartupSeconds: number;
}

/**
 * Idle memory: after /ready (start-up's own work done), one reading AFTER_STARTUP_MS later, then IDLE_SAMPLES readings
 * IDLE_EVERY_MS apart from IDLE_SETTLE_MS on. V8's memory reducer shrinks the heap (the new space back to 1 MB) once
 * the process has allocated little for a while: seen 10–26 s after /ready in runs on this machine, in one or two
 * steps. A service that sits idle is measured after that, as ops would see it.
 */
const AFTER_STARTUP_MS = 3000;
const IDLE_SETTLE_MS = 45_000;
const IDLE_SAMPLES = 5;
const IDLE_EVERY_MS = 1000;

/** The pipeline's default ceiling (config.ts), for the ideal-time figure of a default run. */
const DEFAULT_CONCURRENCY = 32;
const TICKETS_DIR = resolve(import.meta.dirname, '../../../tickets');
/** The triage's model calls run one after the other (analysis, then the draft); enrichment runs beside the first. */
const SEQUENTIAL_CALLS = 2;

function rssMb(pid: number, field: 'VmRSS' | 'VmHWM'): number | null {
  const kb = readProcStatusKb(pid, field);
  return kb === null ? null : Math.round(kb / 102.4) / 10;
}

const round = (n: number, digits = 2) => Math.round(n * 10 ** digits) / 10 ** digits;

/** Waits for /ready 200 (the first Chatwoot check and help-center sync are done), at most 10 s, then samples VmRSS (see IDLE_SETTLE_MS). */
async function measureIdleRss(pid: number, port: number): Promise<IdleRss | null> {
  const deadline = Date.now() + 10_000;
  await pollUntilOk(`http://127.0.0.1:${port}/ready`, () => Date.now() > deadline);
  await sleep(AFTER_STARTUP_MS);
  const afterStartupMb = rssMb(pid, 'VmRSS');
  if (afterStartupMb === null) return null;
  await sleep(IDLE_SETTLE_MS - AFTER_STARTUP_MS);
  const samples: number[] = [];
  for (let i = 0; i < IDLE_SAMPLES; i++) {
    if (i > 0) await sleep(IDLE_EVERY_MS);
    const mb = rssMb(pid, 'VmRSS');
    if (mb === null) return null;
    samples.push(mb);
  }
  return { medianMb: median(samples), minMb: Math.min(...samples), maxMb: Math.max(...samples), samplesMb: samples, settleSeconds: IDLE_SETTLE_MS / 1000, afterStartupMb, afterStartupSeconds: AFTER_STARTUP_MS / 1000 };
}

/**
 * Requests the pipeline makes per process whatever the number of tickets, counted apart from the per-ticket requests:
 * the look-ups it caches (jobs/directory.ts: team and agent names; the pipeline's own profile) and the readiness
 * re-check of the Chatwoot settings (health/readiness.ts: the account's inboxes, every 60 s while it passes), which
 * falls into the burst when the burst starts 45 s after /ready (IDLE_SETTLE_MS).
 */
export const PROCESS_LOOKUPS = new Set(['GET listTeams', 'GET listAgents', 'GET /api/v1/profile', 'GET listInboxes']);

function routeOf(r: { method: string; route?: string; path: string }): string {
  return `${r.method} ${r.route ?? r.path}`;
}

/** Requests per ticket by `METHOD route`, largest first. */
function perTicketByRoute(requests: readonly { method: string; route?: string; path: string }[], tickets: number): Record<string, number> {
  const counts = new Map<string, number>();
  for (const r of requests) {
    const key = routeOf(r);
    counts.set(key, (counts.get(key) ?? 0) + 1);
  }
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1]).map(([k, n]) => [k, round(n / tickets)]));
}

/**
 * The pipeline's own defaults for concurrency, polling, retries and leases (the harness shortens them for tests), and
 * logs at info, as in production.
 */
export const PRODUCTION_JOB_ENV: Readonly<Record<string, string>> = {
  WORKER_CONCURRENCY: '',
  WORKER_ADAPTIVE: '',
  JOB_POLL_MS: '',
  JOB_RETRY_BASE_MS: '',
  JOB_LEASE_SECONDS: '',
  LOG_LEVEL: 'info',
};

/**
 * Waits until `tickets` triage jobs are finished (a ticket is triaged then: labels come before the draft note, so
 * they do not say so); throws past `deadline` (epoch ms).
 */
export async function waitUntilTriaged(db: pg.Pool, tickets: number, deadline: number): Promise<void> {
  const settled = async () =>
    Number((await db.query<{ n: string }>("SELECT count(*) AS n FROM triage.jobs WHERE kind = 'triage' AND status IN ('done', 'failed')")).rows[0]!.n);
  for (;;) {
    const n = await settled();
    if (n >= tickets) return;
    if (Date.now() > deadline) throw new Error(`triage bench: only ${n} of ${tickets} tickets settled in time`);
    await sleep(10);
  }
}

/** `concurrency: null` runs the pipeline's defaults (adaptive concurrency up to the default ceiling). */
export async function measureTriage(
  databaseUrl: string,
  options: { tickets: number; delayMs: number; concurrency: number | null; deployment?: Deployment },
): Promise<TriageFigures> {
  const deployment = options.deployment ?? 'all';
  const all = await loadTickets(TICKETS_DIR);
  const tickets: Ticket[] = Array.from({ length: options.tickets }, (_, i) => all[i % all.length]!);
  // The pipeline's own defaults for polling, retries and leases; in a child process so its memory can be read;
  // logs at info, as in production (to the child's stdout, discarded).
  const h = await startStack({
    databaseUrl,
    model: { delayMs: options.delayMs },
    env: {
      ...PRODUCTION_JOB_ENV,
      ...(options.concurrency === null ? {} : { WORKER_CONCURRENCY: String(options.concurrency), WORKER_ADAPTIVE: 'false' }),
      PIPELINE_ROLE: deployment === 'split' ? 'web' : 'all',
    },
    pipeline: 'child',
    // The built service (what npm start runs).
    childBuilt: true,
  });
  const child = h.child!;
  // Split: the jobs run in a worker process of their own (same variables, another port), woken by NOTIFY.
  let worker: ChildPipeline | null = null;
  if (deployment === 'split') {
    worker = await spawnWorkerProcess(h.env, { built: true }).catch(async (e: unknown) => {
      await h.stop();
      throw e;
    });
  }
  const concurrency = options.concurrency ?? Number(DEFAULT_CONCURRENCY);
  const modelCallsBefore = h.anthropic!.requests.length;
  const db = new pg.Pool({ connectionString: databaseUrl, max: 1 });
  try {
    const idleRss = await measureIdleRss(child.pid, child.port);
    // Counted from here: the start-up's readiness check is not the tickets' doing.
    const requestsBefore = h.chatwoot.requests.length;
    const cpuBefore = processCpuSeconds(child.pid);
    const workerCpuBefore = worker ? processCpuSeconds(worker.pid) : null;
    const started = performance.now();
    tickets.forEach((t, i) =>
      h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: `${t.id}.${i}@customers.example`, name: t.from_name ?? t.id }, subject: t.subject, text: t.body }),
    );
    await waitUntilTriaged(db, options.tickets, Date.now() + 60_000 + (options.tickets * SEQUENTIAL_CALLS * options.delayMs * 4) / concurrency);
    const wallSeconds = (performance.now() - started) / 1000;
    // Let the follow-up jobs (one per ticket, no model call) drain too, so the peak covers the whole run.
    for (;;) {
      const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM triage.jobs WHERE status IN ('queued', 'running')");
      if (Number(rows[0]!.n) === 0) break;
      await sleep(50);
    }
    const peakRssMb = rssMb(child.pid, 'VmHWM');
    const cpuAfter = processCpuSeconds(child.pid);
    const workerCpuAfter = worker ? processCpuSeconds(worker.pid) : null;
    const calls = h.anthropic!.requests.length - modelCallsBefore;
    const callsPerTicket = calls / options.tickets;
    const idealSeconds = (options.tickets * SEQUENTIAL_CALLS * options.delayMs) / 1000 / concurrency;
    const first = h.anthropic!.requests[modelCallsBefore];
    const conversations = h.chatwoot.state.conversations;
    const made = h.chatwoot.requests.slice(requestsBefore);
    return {
      mode: options.concurrency === null ? 'default' : 'fixed',
      deployment,
      workerPeakRssMb: worker ? rssMb(worker.pid, 'VmHWM') : null,
      workerCpuSeconds: workerCpuBefore === null || workerCpuAfter === null ? null : round(workerCpuAfter - workerCpuBefore),
      concurrency,
      tickets: options.tickets,
      modelDelayMs: options.delayMs,
      wallSeconds: round(wallSeconds),
      ticketsPerMinute: round((options.tickets / wallSeconds) * 60, 1),
      modelCallsPerTicket: round(callsPerTicket),
      inputTokensPerTicket: Math.round(h.anthropic!.inputTokens / options.tickets),
      outputTokensPerTicket: Math.round(h.anthropic!.outputTokens / options.tickets),
      cachedInputTokensPerTicket: Math.round(h.anthropic!.cachedInputTokens / options.tickets),
      analysisInputTokens: first ? Math.ceil(JSON.stringify(first).length / 4) : 0,
      chatwootRequestsPerTicket: round(made.length / options.tickets),
      chatwootTicketRequestsPerTicket: round(made.filter((r) => !PROCESS_LOOKUPS.has(routeOf(r))).length / options.tickets),
      chatwootLookups: made.filter((r) => PROCESS_LOOKUPS.has(routeOf(r))).length,
      chatwootRequestsByRoute: perTicketByRoute(made, options.tickets),
      startupMs: child.startupMs,
      appStartMs: child.appStartMs,
      loadAverage: round(loadavg()[0]!),
      idealSeconds: round(idealSeconds),
      efficiency: round(idealSeconds / wallSeconds, 3),
      processed: conversations.filter((c) => c.labels.includes('ai-processed')).length,
      failed: conversations.filter((c) => c.labels.includes('ai-failed')).length,
      idleRss,
      peakRssMb,
      cpuSeconds: cpuBefore === null || cpuAfter === null ? null : round(cpuAfter - cpuBefore),
    };
  } finally {
    await db.end();
    await worker?.stop();
    await child.stop();
    await h.stop();
  }
}
