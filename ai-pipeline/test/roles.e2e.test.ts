import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { WORKER_WITHOUT_REQUEST_SECRETS } from '../../testkit/child-pipeline.js';
import { toolName } from '../../testkit/fakes/anthropic.js';
import { waitUntil } from '../../testkit/harness.js';
import { pipelinesOnOneStack } from '../../testkit/pipelines.js';
import { freePort } from '../../testkit/postgres.js';
import { FAST_TEST_ENV } from '../../testkit/stack.js';
import type { RunningPipeline } from '../src/app.js';
import { JOBS_CHANNEL } from '../src/jobs/job-signal.js';

/**
 * PIPELINE_ROLE=web + PIPELINE_ROLE=worker on one database: the web process takes the webhook and enqueues, the worker
 * process triages. The worker's poll is set to a minute, so a ticket triaged within seconds proves the NOTIFY woke it.
 */
const on = pipelinesOnOneStack({ env: { ...FAST_TEST_ENV } });
const SLOW_POLL = { JOB_POLL_MS: '60000' };

/** The web process keeps the port Chatwoot's webhook goes to; a worker process takes a free one. */
const web = (env: Record<string, string> = {}) => on.start({ PIPELINE_ROLE: 'web', ...env });
/** Without the request secrets, as compose starts it (a worker needs no webhook secret). */
const worker = async (env: Record<string, string> = {}) =>
  on.start({ PIPELINE_ROLE: 'worker', PORT: String(await freePort()), ...WORKER_WITHOUT_REQUEST_SECRETS, ...SLOW_POLL, ...env });
const newTicket = (subject: string) => on.newTicket(subject);

const jobRow = async (p: RunningPipeline, key: string) =>
  (await p.pool.query(`SELECT status, worker FROM triage.jobs WHERE key = $1`, [key])).rows[0] as { status: string; worker: string | null } | undefined;
const notes = (cid: number) =>
  on.stack.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => (m.content ?? '').match(/ref (\S+)_$/)?.[1]);
/** Backends of this test's database that LISTEN for jobs. */
const listenersOf = async (p: RunningPipeline) =>
  (await p.pool.query<{ pid: number }>(`SELECT pid FROM pg_stat_activity WHERE query = $1 AND datname = current_database()`, [`LISTEN ${JOBS_CHANNEL}`])).rows.map((r) => r.pid);
const routesFor = (cid: number) =>
  on.stack.chatwoot.requests.filter((r) => new RegExp(`/conversations/${cid}(/|$)`).test(r.path)).map((r) => `${r.method} ${r.route}`);

describe('PIPELINE_ROLE=web and PIPELINE_ROLE=worker', () => {
  it("the web process enqueues, the worker process (woken by NOTIFY, not its 60 s poll) triages on the webhook's copy the NOTIFY carried", async () => {
    const w = await web();
    const k = await worker();
    expect([w.role, w.worker, w.providers, k.role]).toEqual(['web', null, null, 'worker']);
    expect(k.worker).not.toBeNull();
    // Listening before the ticket comes: only the NOTIFY can wake it now (its first claim and its 60 s poll are past).
    await waitUntil(async () => (await listenersOf(w)).length === 1, 10_000, 'the worker to LISTEN');
    await new Promise((r) => setTimeout(r, 100));

    const { cid, key } = newTicket('Export crashes');
    await waitUntil(async () => (await jobRow(w, key))?.status === 'done', 10_000, 'the worker process to triage the ticket');
    expect((await jobRow(w, key))?.worker).toBe(k.worker!.id);
    expect(notes(cid)).toEqual([`${key}/triage`, `${key}/draft`]);
    expect(on.stack.anthropic!.requests.map(toolName)).toEqual(['record_triage', 'write_draft']);
    // The webhook's copy of the conversation came with the NOTIFY: the worker does not read it again, as in one process.
    expect(routesFor(cid)).toEqual([
      'POST createMessage',
      'POST setConversationLabels',
      'POST setCustomAttributes',
      'POST togglePriority',
      'POST assign',
      'POST createMessage',
    ]);
  });

  it('a worker process answers a signed webhook and the other web routes with a 404 that names its role, and enqueues nothing', async () => {
    const k = await worker();
    // A real, correctly signed Chatwoot delivery (no web process runs: the fake's own delivery went nowhere).
    const { cid, key } = newTicket('Sent to the wrong process');
    await on.stack.chatwoot.waitForDeliveries();
    const delivery = on.stack.chatwoot.deliveries.filter((d) => d.event === 'message_created').at(-1)!;
    const body = JSON.stringify(delivery.payload);
    const ts = String(Math.floor(Date.now() / 1000));
    const signature = `sha256=${createHmac('sha256', on.stack.webhookSecret).update(`${ts}.${body}`).digest('hex')}`;
    const post = (port: number) =>
      fetch(`http://127.0.0.1:${port}/webhook`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-chatwoot-signature': signature, 'x-chatwoot-timestamp': ts },
        body,
      });
    const res = await post(k.port);
    expect(res.status).toBe(404);
    expect(await res.json()).toEqual({
      error: 'this process runs PIPELINE_ROLE=worker and takes no webhooks, /bot, /ingest or /sidebar requests: send them to the PIPELINE_ROLE=web (or all) process',
    });
    for (const path of ['/bot', '/ingest', '/sidebar/context']) expect((await fetch(`http://127.0.0.1:${k.port}${path}`, { method: 'POST' })).status).toBe(404);
    expect(await jobRow(k, key)).toBeUndefined();
    expect(notes(cid)).toEqual([]);
    // The same request is one a web process accepts.
    const w = await web();
    expect(await (await post(w.port)).json()).toMatchObject({ status: 'accepted' });
    expect(await jobRow(k, key)).toBeDefined();
    expect((await fetch(`http://127.0.0.1:${k.port}/health`)).status).toBe(200);
    expect((await fetch(`http://127.0.0.1:${k.port}/metrics`)).status).toBe(200);
  });

  it('a web process alone keeps the ticket queued (nothing lost), /ready warns of the missing worker, and a worker that starts takes it', async () => {
    const w = await web();
    const { cid, key } = newTicket('Refund please');
    await waitUntil(async () => (await jobRow(w, key))?.status === 'queued', 10_000, 'the webhook to enqueue');
    await new Promise((r) => setTimeout(r, 300));
    expect((await jobRow(w, key))?.status).toBe('queued');
    expect(on.stack.anthropic!.requests).toEqual([]);
    const ready = async () => {
      const res = await fetch(`http://127.0.0.1:${w.port}/ready`);
      return { status: res.status, body: (await res.json()) as { jobs?: string; reasons: string[]; warnings?: string[] } };
    };
    expect(await ready()).toMatchObject({ status: 200, body: { jobs: 'ok', reasons: [] } });
    // Two minutes later still nobody has taken it: /ready warns (still ready: webhooks must keep coming).
    await w.pool.query(`UPDATE triage.jobs SET run_at = now() - interval '300 seconds' WHERE key = $1`, [key]);
    const stalled = await ready();
    expect(stalled).toMatchObject({ status: 200, body: { jobs: 'stalled', reasons: [] } });
    expect(stalled.body.warnings).toHaveLength(1);
    expect(stalled.body.warnings![0]).toMatch(
      /^jobs have waited 30\d s and no worker runs any: this process is PIPELINE_ROLE=web, start a PIPELINE_ROLE=worker process \(docker compose: COMPOSE_PROFILES=split\)$/,
    );

    await worker({ JOB_POLL_MS: '200' });
    await waitUntil(async () => (await jobRow(w, key))?.status === 'done', 10_000, 'the new worker to take the queued ticket');
    expect(notes(cid)).toEqual([`${key}/triage`, `${key}/draft`]);
    expect((await ready()).body).toMatchObject({ jobs: 'ok', reasons: [] });
    expect((await ready()).body).not.toHaveProperty('warnings');
  });

  it('a worker whose LISTEN connection was cut listens again and is still woken at once', async () => {
    const w = await web();
    const k = await worker();
    const listeners = () => listenersOf(w);
    await waitUntil(async () => (await listeners()).length === 1, 10_000, 'the worker to LISTEN');
    const [before] = await listeners();
    await w.pool.query('SELECT pg_terminate_backend($1)', [before]);
    await waitUntil(async () => {
      const now = await listeners();
      return now.length === 1 && now[0] !== before;
    }, 15_000, 'the worker to LISTEN again');

    const metric = async (p: RunningPipeline, name: string) =>
      (await (await fetch(`http://127.0.0.1:${p.port}/metrics`)).text()).split('\n').filter((l) => l.startsWith(name));
    expect(await metric(k, 'triage_job_listener_connected')).toEqual(['triage_job_listener_connected 1']);
    expect(await metric(k, 'triage_pipeline_role')).toEqual(['triage_pipeline_role{role="worker"} 1']);
    expect(await metric(w, 'triage_pipeline_role')).toEqual(['triage_pipeline_role{role="web"} 1']);
    expect(await metric(w, 'triage_job_listener_connected')).toEqual([]);

    const { cid, key } = newTicket('Export crashes again');
    await waitUntil(async () => (await jobRow(w, key))?.status === 'done', 10_000, 'the worker process to triage the ticket');
    expect((await jobRow(w, key))?.worker).toBe(k.worker!.id);
    expect(notes(cid)).toEqual([`${key}/triage`, `${key}/draft`]);

    // A stopped worker leaves no listening connection behind.
    await k.stop(0);
    expect(await listeners()).toEqual([]);
  });
});
