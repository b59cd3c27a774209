import { resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, type Harness } from '../../../testkit/harness.js';
import { loadTickets } from '../../src/tickets/ticket.js';
import { emailOf, forbiddenWrites, modelCallsOnce, notTriagedOnce } from './invariants.js';

let h: Harness;
beforeAll(async () => {
  // 800 deliveries at once on a 2-core machine, all in this one process (fake Chatwoot, fake Claude, the pipeline):
  // this test is about idempotency, not latency, so the deliveries may take longer than Chatwoot's 5 s here.
  // The webhook's latency under load is measured by `npm run bench` (ingress).
  h = await startHarness({ databaseUrl: await freshDatabaseUrl('dups'), model: { delayMs: 20 }, webhookTimeoutMs: 60_000 });
});
afterAll(async () => h?.stop());

describe('duplicate deliveries', () => {
  it('100 tickets, each message_created delivered 5 more times at once plus its conversation_created again: one triage each', async () => {
    const tickets = await loadTickets(resolve(import.meta.dirname, '../../../tickets'));
    expect(tickets).toHaveLength(100);
    const before = h.chatwoot.deliveries.length;
    const conversations = tickets.map((t, i) => h.chatwoot.simulateIncomingEmail(emailOf(t, h.inboxId, i)).conversation.displayId);
    // Taken before anything is awaited: the pipeline's own notes later cause message_created deliveries too.
    const originals = h.chatwoot.deliveries.slice(before).filter((d) => d.event === 'message_created' || d.event === 'conversation_created');
    expect(originals).toHaveLength(200);
    const redeliveries = originals.flatMap((d) => (d.event === 'message_created' ? Array(5).fill(d.deliveryId) : [d.deliveryId])) as string[];
    // All 600 at once, while the 200 originals are still in flight: the same keys race each other inside the enqueue.
    await Promise.all(redeliveries.map((id) => h.chatwoot.redeliver(id)));
    await h.chatwoot.waitForDeliveries();
    expect(originals.flatMap((d) => d.attempts.map((a) => a.status)).filter((s) => s !== 200)).toEqual([]);
    expect(originals.map((d) => d.attempts.length).reduce((a, b) => a + b, 0)).toBe(800);

    await h.idle(120_000);

    expect(notTriagedOnce(h.chatwoot)).toEqual([]);
    expect(h.chatwoot.state.conversations.map((c) => c.displayId).sort((a, b) => a - b)).toEqual([...conversations].sort((a, b) => a - b));
    expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    // Two model calls per ticket (analysis, draft; no draft for mail a machine wrote): no ticket was analysed twice.
    expect(h.anthropic!.requests).toHaveLength(modelCallsOnce(h.chatwoot, 100));
    const { rows } = await h.pipeline.pool.query<{ kind: string; status: string; n: string }>(
      'SELECT kind, status, count(*) AS n FROM triage.jobs GROUP BY kind, status ORDER BY kind, status',
    );
    expect(rows).toEqual([
      { kind: 'followup', status: 'done', n: 100 },
      { kind: 'triage', status: 'done', n: 100 },
    ]);
    const records = await h.pipeline.pool.query<{ n: string }>("SELECT count(*) AS n FROM triage.records WHERE kind = 'triage'");
    expect(records.rows[0]!.n).toBe(100);
  }, 180_000);
});
