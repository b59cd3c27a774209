import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from 'pino';
import { describe, expect, it } from 'vitest';
import { defaultReply, toolName, type FakeMessagesRequest } from '../../testkit/fakes/anthropic.js';
import { capturingLogger } from '../../testkit/log-capture.js';
import { waitUntil } from '../../testkit/harness.js';
import { pipelinesOnOneStack } from '../../testkit/pipelines.js';
import { freePort } from '../../testkit/postgres.js';
import { FAST_TEST_ENV } from '../../testkit/stack.js';
import type { RunningPipeline } from '../src/app.js';

/**
 * Two pipelines on one database. Worker A starts a triage and stalls in its analysis (the fake Claude holds the call)
 * past its lease; worker B claims the job and triages the ticket. When A's call comes back, A's run must stop before
 * its next Chatwoot write (its conversation copy predates B's notes, so the note markers would not save it): no second
 * note, no settling, one warning.
 */
/** While set, the next analysis call (record_triage) waits for this promise. */
let holdNextAnalysis: Promise<void> | null = null;

async function reply(req: FakeMessagesRequest) {
  if (toolName(req) === 'record_triage' && holdNextAnalysis) {
    const hold = holdNextAnalysis;
    holdNextAnalysis = null;
    await hold;
  }
  return defaultReply(req);
}

function capture() {
  const { logger, lines } = capturingLogger();
  return { logger, lines };
}

const on = pipelinesOnOneStack({ model: { reply }, env: { ...FAST_TEST_ENV, WORKER_CONCURRENCY: '1' } });
/** A pipeline of its own on the stack's database; A keeps the webhook's port, others take a free one. */
const pipeline = (env: Record<string, string>, logger?: Logger) => on.start(env, logger);
const newTicket = (subject: string) => on.newTicket(subject);

const jobRow = async (p: RunningPipeline, key: string) =>
  (await p.pool.query(`SELECT id, status, worker, attempts, checkpoint FROM triage.jobs WHERE key = $1`, [key])).rows[0] as
    | { id: number; status: string; worker: string | null; attempts: number; checkpoint: { steps?: Record<string, unknown> } }
    | undefined;
const notes = (cid: number) =>
  on.stack.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => (m.content ?? '').match(/ref (\S+)_$/)?.[1]);
const chatwootWrites = () => on.stack.chatwoot.requests.filter((r) => r.method !== 'GET').map((r) => r.route);
const leaseWarnings = (lines: Record<string, unknown>[]) => lines.filter((l) => l.msg === 'lease lost; another worker owns the job now');

describe('a worker that lost its lease mid-run', () => {
  it('stops at its next checkpoint when another worker claimed the job; the new owner finishes with one set of notes', async () => {
    let release!: () => void;
    holdNextAnalysis = new Promise((r) => (release = r));
    const logA = capture();
    const a = await pipeline({ JOB_LEASE_SECONDS: '30' }, logA.logger);
    const { cid, key } = newTicket('Export crashes');
    await waitUntil(async () => on.stack.anthropic!.requests.length === 1 && (await jobRow(a, key))?.checkpoint.steps?.enrich !== undefined, 20_000, 'A in its analysis');

    // A stalls past its lease; B (another replica) claims the job. The expiry is repeated until B has it, in case
    // A's heartbeat renewed the lease in between.
    const b = await pipeline({ PORT: String(await freePort()) });
    await waitUntil(async () => {
      await a.pool.query(`UPDATE triage.jobs SET lease_until = now() - interval '1 second' WHERE key = $1 AND worker = $2`, [key, a.worker!.id]);
      return (await jobRow(a, key))?.worker === b.worker!.id;
    }, 20_000, 'B to claim the job');
    await waitUntil(async () => (await jobRow(a, key))?.status === 'done', 20_000, 'B to finish the triage');
    const byB = chatwootWrites();
    expect(byB).toEqual(['createMessage', 'setConversationLabels', 'setCustomAttributes', 'togglePriority', 'assign', 'createMessage']);

    release();
    await waitUntil(() => leaseWarnings(logA.lines).length > 0 && a.worker!.busy === 0, 20_000, 'A to give up its run');
    await sleep(200);

    // A wrote nothing to Chatwoot after its analysis came back, asked Claude for no draft, and settled nothing.
    expect(chatwootWrites()).toEqual(byB);
    expect(notes(cid)).toEqual([`${key}/triage`, `${key}/draft`]);
    expect(on.stack.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'record_triage', 'write_draft']);
    expect(await jobRow(a, key)).toMatchObject({ status: 'done', worker: b.worker!.id, attempts: 2 });
    const conversation = on.stack.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conversation.labels).not.toContain('ai-failed');
    const warnings = leaseWarnings(logA.lines);
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatchObject({ level: 40, job: key });
    expect(JSON.stringify(logA.lines)).not.toContain('PDF export crashes');
    expect(logA.lines.filter((l) => (l.level as number) >= 50)).toEqual([]);
  });

  it('stops at its next step when the heartbeat finds the job under another worker, without writing to it', async () => {
    let release!: () => void;
    holdNextAnalysis = new Promise((r) => (release = r));
    const logA = capture();
    // A 3 s lease: the heartbeat runs every second.
    const a = await pipeline({ JOB_LEASE_SECONDS: '3' }, logA.logger);
    const { cid, key } = newTicket('Sync lost my cards');
    await waitUntil(async () => on.stack.anthropic!.requests.length === 1 && (await jobRow(a, key))?.checkpoint.steps?.enrich !== undefined, 20_000, 'A in its analysis');

    // Another worker holds the job now (as its claim would leave it).
    await a.pool.query(
      `UPDATE triage.jobs SET worker = 'worker-elsewhere', attempts = attempts + 1, lease_until = now() + interval '1 hour' WHERE key = $1`,
      [key],
    );
    const before = await jobRow(a, key);
    await sleep(2_500);
    // Every fenced write (checkpoint, complete, retry, fail, renew) A sends from here on, by job id.
    const fencedWrites: unknown[] = [];
    const query = a.pool.query.bind(a.pool);
    a.pool.query = ((...args: Parameters<typeof query>) => {
      const [sql, params] = args as unknown as [unknown, unknown[] | undefined];
      if (typeof sql === 'string' && sql.includes('AND worker = $2 AND attempts = $3')) fencedWrites.push(params?.[0]);
      return query(...args);
    }) as typeof a.pool.query;

    release();
    await waitUntil(() => leaseWarnings(logA.lines).length > 0, 20_000, 'A to give up its run');
    // The heartbeat had revoked the lease: the analysis's checkpoint was not even sent to the database.
    expect(fencedWrites.filter((id) => id === before!.id)).toEqual([]);
    expect(await jobRow(a, key)).toEqual(before);
    expect(notes(cid)).toEqual([]);
    expect(chatwootWrites()).toEqual([]);
    expect(leaseWarnings(logA.lines)).toHaveLength(1);
  });
});
