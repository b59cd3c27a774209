import { resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, waitUntil, type Harness } from '../../../testkit/harness.js';
import { loadTickets } from '../../src/tickets/ticket.js';
import { emailOf, forbiddenWrites, modelCallsOnce, notTriagedOnce } from './invariants.js';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl('outage'),
    model: { delayMs: 150 },
    // The pipeline's own defaults for retries (the harness shortens them): an empty value means "default".
    env: { JOB_MAX_ATTEMPTS: '', JOB_RETRY_BASE_MS: '' },
  });
});
afterAll(async () => h?.stop());

describe('Chatwoot down for 20 s in the middle of a run', () => {
  it('10 s connection refused, then 10 s of 502: every ticket completes after it returns, none labelled ai-failed', async () => {
    expect(h.config.JOB_MAX_ATTEMPTS).toBe(6);
    expect(h.config.JOB_RETRY_BASE_MS).toBe(2000);
    const tickets = await loadTickets(resolve(import.meta.dirname, '../../../tickets'));
    for (const [i, t] of tickets.entries()) h.chatwoot.simulateIncomingEmail(emailOf(t, h.inboxId, i));
    await h.chatwoot.waitForDeliveries();
    expect(h.chatwoot.deliveries.filter((d) => d.status !== 200)).toEqual([]);

    const processed = () => h.chatwoot.state.conversations.filter((c) => c.labels.includes('ai-processed')).length;
    await waitUntil(() => processed() >= 15, 60_000, '15 tickets processed before the outage');
    const atOutage = processed();
    await h.chatwoot.setOutage('refuse');
    await sleep(10_000);
    await h.chatwoot.setOutage('http502');
    await sleep(10_000);
    const duringOutage = processed() - atOutage;
    await h.chatwoot.setOutage(null);

    await waitUntil(() => processed() === 100, 120_000, 'all 100 processed after Chatwoot returned');
    await h.idle(60_000);

    const { rows: attempts } = await h.pipeline.pool.query<{ kind: string; status: string; retried: string; most: number; n: string }>(
      `SELECT kind, status, count(*) FILTER (WHERE attempts > 1) AS retried, max(attempts) AS most, count(*) AS n FROM triage.jobs GROUP BY kind, status ORDER BY kind, status`,
    );
    const refused = h.chatwoot.requests.filter((r) => r.status === 502).length;
    console.info(`outage faults: ${atOutage} done before, ${duringOutage} during; 502 answers ${refused}; jobs ${JSON.stringify(attempts)}`);

    expect(duringOutage).toBe(0);
    expect(refused).toBeGreaterThan(0);
    expect(attempts.map(({ kind, status, n }) => ({ kind, status, n }))).toEqual([
      { kind: 'followup', status: 'done', n: 100 },
      { kind: 'triage', status: 'done', n: 100 },
    ]);
    // The outage really cost attempts (otherwise nothing was tested).
    expect(Number(attempts.find((r) => r.kind === 'triage')!.retried)).toBeGreaterThan(0);
    expect(h.chatwoot.state.conversations.filter((c) => c.labels.includes('ai-failed')).map((c) => c.displayId)).toEqual([]);
    expect(notTriagedOnce(h.chatwoot)).toEqual([]);
    expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    // Checkpoints: the retries after the outage did not call the model again.
    expect(h.anthropic!.requests).toHaveLength(modelCallsOnce(h.chatwoot, 100));
  }, 240_000);
});
