/**
 * Phase 1: how fast POST /webhook acknowledges validly signed new-ticket webhooks, against a bare express app
 * answering 200 on the same machine. The pipeline runs in its own process with its worker pointed at a
 * Chatwoot that accepts connections and never answers, so the figures are ingress only (verify, parse,
 * enqueue in Postgres), not triage.
 */
import { spawn } from 'node:child_process';
import { loadavg } from 'node:os';
import { createServer, type Server, type Socket } from 'node:net';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { signWebhook } from '../../../ai-pipeline/src/ingress/signature.js';
import { pollUntilOk } from '../../../testkit/child-pipeline.js';
import { startFakeChatwoot } from '../../../testkit/fakes/chatwoot-server.js';
import { freePort } from '../../../testkit/postgres.js';
import { startStack } from '../../../testkit/stack.js';

export interface LoadFigures {
  requestsPerSecond: number;
  latencyP50Ms: number;
  latencyP99Ms: number;
  requests: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

export interface IngressFigures {
  connections: number;
  durationSeconds: number;
  bodyBytes: number;
  bare: LoadFigures;
  pipeline: LoadFigures;
  /** pipeline req/s ÷ bare req/s. */
  ratio: number;
  /** Distinct tickets whose webhook was answered 200. */
  ticketsAnswered: number;
  /** Requests sent but cut off when the run ended (no answer; may or may not be enqueued). */
  inFlightAtStop: number;
  triageJobs: number;
  followUpJobs: number;
  /** Every answered request was 200, every answered ticket has exactly one triage job, no job without a request. */
  verified: boolean;
  problems: string[];
  /** 1-minute load average when the run ended. */
  loadAverage: number;
}

const REPO_ROOT = resolve(import.meta.dirname, '../../..');
const WARM_UP_SECONDS = 3;
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

async function startBareServer(): Promise<{ port: number; stop(): Promise<void> }> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--import', 'tsx', join(REPO_ROOT, 'scripts/src/bench/bare-server.ts')], {
    cwd: REPO_ROOT,
    env: { ...process.env, PORT: String(port) },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const exited = new Promise((r) => child.once('exit', r));
  const deadline = Date.now() + 20_000;
  if (!(await pollUntilOk(`http://127.0.0.1:${port}/health`, () => Date.now() > deadline))) throw new Error('the bare express server did not start');
  return {
    port,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

function figures(r: autocannon.Result): LoadFigures {
  return {
    requestsPerSecond: Math.round(r.requests.average),
    latencyP50Ms: r.latency.p50,
    latencyP99Ms: r.latency.p99,
    requests: r.requests.total,
    non2xx: r.non2xx,
    errors: r.errors,
    timeouts: r.timeouts,
  };
}

interface Load {
  result: autocannon.Result;
  sent: number;
  answered: Map<number, number>;
}

/** autocannon with a fresh conversation id, message id, timestamp and signature per request. */
async function load(port: number, secret: string, template: Record<string, unknown>, connections: number, durationSeconds: number, firstId: number): Promise<Load> {
  let next = firstId;
  let sent = 0;
  const answered = new Map<number, number>(); // conversation id → status
  const result = await autocannon({
    url: `http://127.0.0.1:${port}`,
    connections,
    duration: durationSeconds,
    requests: [
      {
        method: 'POST',
        path: '/webhook',
        setupRequest: (req, context) => {
          const id = next++;
          sent++;
          const body = JSON.stringify({ ...template, id, conversation: { ...(template.conversation as object), id } });
          const ts = String(Math.floor(Date.now() / 1000));
          (context as { conversationId?: number }).conversationId = id;
          return {
            ...req,
            body,
            headers: {
              'content-type': 'application/json',
              'x-chatwoot-delivery': `bench-${id}`,
              'x-chatwoot-timestamp': ts,
              'x-chatwoot-signature': signWebhook(secret, ts, body),
            },
          };
        },
        onResponse: (status, _body, context) => {
          answered.set((context as { conversationId: number }).conversationId, status);
        },
      },
    ],
  });
  return { result, sent, answered };
}

export async function measureIngress(databaseUrl: string, options: { connections: number; durationSeconds: number }): Promise<IngressFigures> {
  const template = await templatePayload();
  const bodyBytes = Buffer.byteLength(JSON.stringify(template));
  const hole = await blackHole();
  const bare = await startBareServer();
  // The stack's pipeline in its own process, its worker's Chatwoot calls sent to the black hole.
  const stack = await startStack({
    databaseUrl,
    model: 'offline',
    enrichment: 'none',
    env: { LOG_LEVEL: 'info', CHATWOOT_BASE_URL: hole.url, CHATWOOT_ACCOUNT_ID: String((template.account as { id: number }).id) },
    pipeline: 'child',
    childBuilt: true,
  });
  const port = stack.child!.port;
  try {
    // Each server gets a short unmeasured warm-up first (JIT, connection pools), so both are measured warm.
    await load(bare.port, stack.webhookSecret, template, options.connections, WARM_UP_SECONDS, WARM_UP_IDS);
    const bareRun = await load(bare.port, stack.webhookSecret, template, options.connections, options.durationSeconds, 1);
    await load(port, stack.webhookSecret, template, options.connections, WARM_UP_SECONDS, WARM_UP_IDS);
    const pipeRun = await load(port, stack.webhookSecret, template, options.connections, options.durationSeconds, 10_000_000);
    await sleep(500); // let requests cut off at the end settle
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    const { rows } = await db.query<{ kind: string; conversation_id: number }>('SELECT kind, conversation_id FROM triage.jobs WHERE conversation_id < $1', [WARM_UP_IDS]);
    await db.end();

    const problems: string[] = [];
    const triage = new Map<number, number>();
    for (const r of rows.filter((r) => r.kind === 'triage')) triage.set(r.conversation_id, (triage.get(r.conversation_id) ?? 0) + 1);
    const ok = [...pipeRun.answered].filter(([, s]) => s === 200).map(([id]) => id);
    const notOk = [...pipeRun.answered].filter(([, s]) => s !== 200);
    if (notOk.length) problems.push(`${notOk.length} webhook(s) answered other than 200 (e.g. ${notOk[0]![1]})`);
    if (pipeRun.result.errors) problems.push(`${pipeRun.result.errors} connection error(s)`);
    const missing = ok.filter((id) => triage.get(id) !== 1);
    if (missing.length) problems.push(`${missing.length} answered ticket(s) without exactly one triage job`);
    const inFlight = pipeRun.sent - pipeRun.answered.size;
    const extra = triage.size - ok.length;
    if (extra < 0 || extra > inFlight) problems.push(`${triage.size} triage jobs for ${ok.length} answered tickets (${inFlight} cut off at stop)`);
    if ([...triage.values()].some((n) => n !== 1)) problems.push('a ticket was enqueued twice');

    const bareFigures = figures(bareRun.result);
    const pipeFigures = figures(pipeRun.result);
    return {
      connections: options.connections,
      durationSeconds: options.durationSeconds,
      bodyBytes,
      bare: bareFigures,
      pipeline: pipeFigures,
      ratio: Math.round((pipeFigures.requestsPerSecond / bareFigures.requestsPerSecond) * 1000) / 1000,
      ticketsAnswered: ok.length,
      inFlightAtStop: inFlight,
      triageJobs: triage.size,
      followUpJobs: rows.filter((r) => r.kind === 'followup').length,
      verified: problems.length === 0,
      problems,
      loadAverage: Math.round(loadavg()[0]! * 100) / 100,
    };
  } finally {
    await stack.stop();
    await bare.stop();
    await hole.close();
  }
}
