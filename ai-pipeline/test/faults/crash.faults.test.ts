import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ChildPipeline } from '../../../testkit/child-pipeline.js';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { waitUntil } from '../../../testkit/harness.js';
import { FAST_TEST_ENV, startStack, type Stack } from '../../../testkit/stack.js';
import { loadTickets } from '../../src/tickets/ticket.js';
import { emailOf, forbiddenWrites, modelCallsOnce, notTriagedOnce } from './invariants.js';
import { seededRandom } from '../../src/util/random.js';

let h: Stack;
let child: ChildPipeline | undefined;
let db: pg.Pool;
beforeAll(async () => {
  // No pipeline yet: the test starts it as a child process (so it can be SIGKILLed) on the stack's port, database and fakes.
  h = await startStack({ databaseUrl: await freshDatabaseUrl('crash'), model: { delayMs: 100 }, env: { ...FAST_TEST_ENV }, pipeline: 'none' });
  db = new pg.Pool({ connectionString: h.env.DATABASE_URL, max: 2 });
});
afterAll(async () => {
  await db?.end();
  await h?.stop();
});

describe('kill -9 at random moments', () => {
  it('100 tickets fed in 4 batches, the pipeline SIGKILLed and restarted 3 times mid-run: all triaged, none twice', async () => {
    const seed = Number(process.env.CRASH_SEED ?? Date.now() % 1_000_000);
    const random = seededRandom(seed);
    const tickets = await loadTickets(resolve(import.meta.dirname, '../../../tickets'));
    const env = { JOB_LEASE_SECONDS: '2', JOB_RETRY_BASE_MS: '200' };
    child = await h.spawnChild(env);

    const processed = () => h.chatwoot.state.conversations.filter((c) => c.labels.includes('ai-processed')).length;
    const kills: { processedBefore: number; running: number; done: number }[] = [];
    for (let batch = 0; batch < 4; batch++) {
      const before = h.chatwoot.deliveries.length;
      for (let i = batch * 25; i < (batch + 1) * 25; i++) h.chatwoot.simulateIncomingEmail(emailOf(tickets[i]!, h.inboxId, i));
      const mine = h.chatwoot.deliveries.slice(before);
      await h.chatwoot.waitForDeliveries();
      // Only kill once every webhook of the batch was acknowledged: Chatwoot never retries, so a delivery that
      // hits a dead process is the sweep's job (not under test here), not the queue's.
      expect(mine.filter((d) => d.status !== 200).map((d) => `${d.event}: ${d.status ?? d.error}`)).toEqual([]);
      if (batch === 3) break;
      // A random moment inside the batch's processing: after a random number of its tickets are done, plus jitter.
      const target = batch * 25 + Math.floor(random() * 20);
      await waitUntil(() => processed() >= target, 60_000, `${target} tickets processed`);
      const afterMs = Math.round(random() * 150);
      await sleep(afterMs);
      const { rows } = await db.query<{ status: string; n: string }>('SELECT status, count(*) AS n FROM triage.jobs GROUP BY status');
      const count = (s: string) => Number(rows.find((r) => r.status === s)?.n ?? 0);
      await child.kill9();
      kills.push({ processedBefore: target, running: count('running'), done: count('done') });
      child = await h.spawnChild(env);
    }

    await waitUntil(() => processed() === 100, 120_000, `all 100 conversations processed (seed ${seed})`);
    await waitUntil(async () => {
      const { rows } = await db.query<{ n: string }>("SELECT count(*) AS n FROM triage.jobs WHERE status IN ('queued', 'running')");
      return Number(rows[0]!.n) === 0;
    }, 60_000, 'the queue to drain');
    await child.stop();

    console.info(`crash faults: seed ${seed}; kills ${JSON.stringify(kills)}; model calls ${h.anthropic!.requests.length} for 100 tickets`);
    // At least one kill hit jobs in flight (otherwise this test tested nothing).
    expect(kills.reduce((n, k) => n + k.running, 0)).toBeGreaterThan(0);
    expect(notTriagedOnce(h.chatwoot)).toEqual([]);
    expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    const { rows } = await db.query<{ kind: string; status: string; n: string }>(
      'SELECT kind, status, count(*) AS n FROM triage.jobs GROUP BY kind, status ORDER BY kind, status',
    );
    expect(rows).toEqual([
      { kind: 'followup', status: 'done', n: 100 },
      { kind: 'triage', status: 'done', n: 100 },
    ]);
    // Checkpoints: a model call is repeated only when the kill landed while it was in flight (≤ 4 per kill).
    const once = modelCallsOnce(h.chatwoot, 100);
    expect(h.anthropic!.requests.length).toBeGreaterThanOrEqual(once);
    expect(h.anthropic!.requests.length).toBeLessThanOrEqual(once + 4 * kills.length);
  }, 240_000);
});
