/**
 * How responsive the pipeline's event loop stays while the offline model (no API key) triages a burst, with the model
 * in its own thread (OFFLINE_MODEL_THREAD=true, the default) and on the main thread (false):
 *   npm run build && npx tsx scripts/src/offline-burst.ts [--tickets 200]
 * Each mode starts the built pipeline (a child process, offline model, loopback fakes), waits until it is ready, sends
 * the tickets of tickets/dev/ as new e-mail conversations at once and, until every triage job is done, times a GET
 * /health every 5 ms (answered by the same event loop as the webhooks). The fake Chatwoot runs in this process, so the
 * figures include its own delays; compare the two modes, not the absolute values.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { resolve } from 'node:path';
import pg from 'pg';
import { loadTickets } from '../../ai-pipeline/src/tickets/ticket.js';
import { startStack } from '../../testkit/stack.js';
import { pollUntilOk } from '../../testkit/child-pipeline.js';
import { PRODUCTION_JOB_ENV, waitUntilTriaged } from './bench/triage.js';

const arg = process.argv.indexOf('--tickets');
const TICKETS = arg > 0 ? Number(process.argv[arg + 1]) : 200;
if (!Number.isInteger(TICKETS) || TICKETS < 1) throw new Error('--tickets: expected a whole number of tickets, at least 1');
const dev = await loadTickets(resolve(import.meta.dirname, '../../tickets/dev'));

const quantile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))] ?? NaN;
};

async function run(thread: boolean): Promise<string> {
  const stack = await startStack({
    model: 'offline',
    enrichment: 'none',
    env: { ...PRODUCTION_JOB_ENV, OFFLINE_MODEL_THREAD: String(thread) },
    pipeline: 'child',
    childBuilt: true,
  });
  const db = new pg.Pool({ connectionString: stack.env.DATABASE_URL, max: 1 });
  try {
    const port = stack.child!.port;
    await pollUntilOk(`http://127.0.0.1:${port}/ready`, () => false);
    const latencies: number[] = [];
    let probing = true;
    const probe = (async () => {
      while (probing) {
        const started = performance.now();
        const res = await fetch(`http://127.0.0.1:${port}/health`).catch(() => null);
        if (res) {
          await res.text();
          latencies.push(performance.now() - started);
        }
        await sleep(5);
      }
    })();
    const started = performance.now();
    for (let i = 0; i < TICKETS; i++) {
      const t = dev[i % dev.length]!;
      stack.chatwoot.simulateIncomingEmail({ inboxId: stack.inboxId, from: { email: `${t.id}.${i}@customers.example`, name: t.id }, subject: t.subject, text: t.body });
    }
    await waitUntilTriaged(db, TICKETS, Date.now() + 300_000);
    const seconds = (performance.now() - started) / 1000;
    probing = false;
    await probe;
    const ms = (p: number) => quantile(latencies, p).toFixed(1);
    return `${String(thread).padEnd(21)} ${seconds.toFixed(1).padStart(8)} ${String(latencies.length).padStart(7)} ${ms(0.5).padStart(7)} ${ms(0.99).padStart(7)} ${ms(1).padStart(7)}`;
  } finally {
    await db.end();
    await stack.stop();
  }
}

const rows = [await run(true), await run(false)];
console.log(`${TICKETS} tickets from tickets/dev/, offline model; GET /health every 5 ms until all are triaged`);
console.log('OFFLINE_MODEL_THREAD  burst s  probes  p50 ms  p99 ms  max ms');
for (const row of rows) console.log(row);
