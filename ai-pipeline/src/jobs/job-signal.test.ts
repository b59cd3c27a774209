import { setTimeout as sleep } from 'node:timers/promises';
import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { jobQueueDatabase } from '../../../testkit/db.js';
import { waitUntil } from '../../../testkit/harness.js';
import { JOBS_CHANNEL, JobListener, JobNotifier } from './job-signal.js';
import { decodeCopies, relayKey, SnapshotRelay } from './snapshot-relay.js';

const silent = pino({ level: 'silent' });

/** A pool whose queries wait until released, recording each. */
function heldPool() {
  const sent: string[] = [];
  const pending: { resolve: () => void; reject: (e: Error) => void }[] = [];
  return {
    sent,
    pending,
    pool: {
      query: (sql: string) => {
        sent.push(sql);
        return new Promise<void>((resolve, reject) => pending.push({ resolve, reject }));
      },
    } as unknown as ConstructorParameters<typeof JobNotifier>[0],
  };
}

describe('JobNotifier', () => {
  it('sends one NOTIFY at a time: a burst while one is in flight becomes one more, then it is idle', async () => {
    const p = heldPool();
    const n = new JobNotifier(p.pool, silent);
    for (let i = 0; i < 50; i++) n.notify();
    expect(p.sent).toEqual([`NOTIFY ${JOBS_CHANNEL}`]);
    p.pending.shift()!.resolve();
    await waitUntil(() => p.sent.length === 2, 1000, 'the folded NOTIFY');
    p.pending.shift()!.resolve();
    await n.idle();
    expect(p.sent).toHaveLength(2);
    n.notify();
    expect(p.sent).toHaveLength(3);
  });

  it('logs a failed NOTIFY by its message and sends the next one', async () => {
    const p = heldPool();
    const lines: { msg: string; err?: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string; err?: string }) });
    const n = new JobNotifier(p.pool, logger);
    n.notify();
    p.pending.shift()!.reject(new Error('Connection terminated'));
    await n.idle();
    expect(lines.map((l) => [l.msg, l.err])).toEqual([['could not notify the workers of new jobs; they find them at their next poll', 'Connection terminated']]);
    n.notify();
    expect(p.sent).toHaveLength(2);
  });

  it('when the NOTIFY with the copies fails, still wakes the workers with a plain one', async () => {
    const p = heldPool();
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string }) });
    const n = new JobNotifier(p.pool, logger, { drain: () => ['payload'] });
    n.notify();
    p.pending.shift()!.reject(new Error('character with byte sequence 0xe2 0x82 0xac has no equivalent in encoding "LATIN1"'));
    await waitUntil(() => p.sent.length === 2, 1000, 'the plain NOTIFY');
    p.pending.shift()!.resolve();
    await n.idle();
    expect(p.sent).toEqual(['SELECT pg_notify($1, $2)', `NOTIFY ${JOBS_CHANNEL}`]);
    expect(lines.map((l) => l.msg)).toEqual(['could not send the conversation copies with the NOTIFY; the workers read the conversations instead']);
  });
});

describe('JobListener', () => {
  const db = jobQueueDatabase();
  const listeners = async () =>
    (await db.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`, [`LISTEN ${JOBS_CHANNEL}`])).rows.map((r) => r.pid);

  it('is woken once on connecting and then by every NOTIFY; stop() leaves no listening connection behind', async () => {
    let wakes = 0;
    const states: boolean[] = [];
    const connectionString = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const l = new JobListener({ connectionString, onJobs: () => void wakes++, onListening: (up) => void states.push(up), logger: silent });
    l.start();
    await waitUntil(async () => (await listeners()).length === 1 && wakes === 1, 10_000, 'the LISTEN');
    await db.pool.query(`NOTIFY ${JOBS_CHANNEL}`);
    await db.pool.query(`NOTIFY other_channel`);
    await waitUntil(() => wakes === 2, 5000, 'the notification');
    expect(states).toEqual([true]);
    await l.stop();
    expect(states).toEqual([true, false]);
    expect(await listeners()).toEqual([]);
    await db.pool.query(`NOTIFY ${JOBS_CHANNEL}`);
    await sleep(100);
    expect(wakes).toBe(2);
  });

  it("hears the webhooks' conversation copies a web process's notifier sends with the NOTIFY, in one statement", async () => {
    const payloads: string[] = [];
    const connectionString = (db.pool as unknown as { options: { connectionString: string } }).options.connectionString;
    const l = new JobListener({ connectionString, onJobs: (p) => void payloads.push(p), logger: silent });
    l.start();
    await waitUntil(() => payloads.length === 1, 10_000, 'the LISTEN');
    const key = relayKey('chatwoot-api-token');
    const heard = () => payloads.flatMap((p) => decodeCopies(p, key));
    const relay = new SnapshotRelay({ key });
    for (let cid = 1; cid <= 30; cid++) {
      relay.rememberFrom(
        { event: 'conversation_created', id: cid, unread_count: 1, messages: [{ id: cid, content: 'Remboursement svp. '.repeat(30), message_type: 0 }] },
        [{ kind: 'triage', accountId: 1, conversationId: cid }],
      );
    }
    const n = new JobNotifier(db.pool, silent, relay);
    n.notify();
    await n.idle();
    await waitUntil(() => heard().length === 30, 5000, 'the copies');
    expect(payloads[0]).toBe(''); // the wake-up on connecting
    expect(payloads.length).toBeGreaterThan(2); // more than one payload, each delivered
    expect(heard().map((h) => h.copy.conversationId)).toEqual(Array.from({ length: 30 }, (_, i) => i + 1));
    // Nothing waiting: a plain NOTIFY, heard with an empty payload.
    n.notify();
    await n.idle();
    await waitUntil(() => payloads.at(-1) === '', 5000, 'the plain NOTIFY');
    await l.stop();
  });

  it('stopped while it waits to reconnect, it never connects again', async () => {
    const lines: { msg: string }[] = [];
    const logger = pino({ level: 'warn' }, { write: (l: string) => void lines.push(JSON.parse(l) as { msg: string }) });
    // Nothing listens on port 1: the connection is refused at once and a reconnect is scheduled.
    const states: boolean[] = [];
    const l = new JobListener({ connectionString: 'postgres://nobody@127.0.0.1:1/none', onJobs: () => undefined, onListening: (up) => void states.push(up), logger, baseDelayMs: 300, maxDelayMs: 300 });
    l.start();
    await waitUntil(() => lines.length >= 1, 5000, 'the first failure');
    expect(lines[0]!.msg).toBe('not listening for new jobs; polling meanwhile');
    await l.stop();
    const atStop = lines.length;
    await sleep(700);
    expect(lines).toHaveLength(atStop);
    expect(states).not.toContain(true); // never listened: only ever reported as not listening
  });
});
