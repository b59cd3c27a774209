import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FakeClock } from '../src/sla/clock.js';
import { SlaStore } from '../src/sla/store.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, waitUntil, type Harness } from '../../testkit/harness.js';

/**
 * The SLA on the open-source path (the sidecar's own watcher, driven by a fake clock) and on an account with
 * Chatwoot's native SLA feature (policies created once, one applied per conversation).
 */
// A whole triage configuration (the four built-in categories, the harness's routing as rules) with its `sla:` section.
const SLA_YAML = `categories:
  - { name: bug-report, description: something does not work }
  - { name: refund-request, description: the customer wants money back, sensitive: true }
  - { name: product-question, description: how-to and plans }
  - { name: other, description: anything else }
rules:
  - { name: bugs, when: { category: bug-report }, then: { team_id: 101 } }
  - { name: refunds, when: { category: refund-request }, then: { team_id: 102, agent_id: 2 } }
  - { name: questions, when: { category: product-question }, then: { team_id: 103 } }
sla:
  urgent: { first_response: 30m, resolution: 2h }
  high: { first_response: 1h, resolution: 4h }
  escalation_team_id: 103
`;

const TICKET = {
  from: { email: 'lena@example.com', name: 'Lena Berg' },
  subject: 'Export kaputt',
  text: 'Hallo, seit dem Update kann ich meine Karteikarten nicht mehr exportieren. Bitte helfen Sie mir schnell.',
};

async function triageConfig(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'sla-'));
  const path = join(dir, 'triage.yaml');
  await writeFile(path, SLA_YAML);
  return path;
}

/** No job due or running (the SLA watcher itself stays queued, deferred to its next mark). */
async function settled(h: Harness): Promise<void> {
  await h.chatwoot.waitForDeliveries();
  await waitUntil(async () => {
    const { rows } = await h.pipeline.pool.query<{ n: string }>(
      `SELECT count(*) AS n FROM triage.jobs WHERE status = 'running' OR (status = 'queued' AND run_at <= now())`,
    );
    return Number(rows[0]!.n) === 0 && h.pipeline.worker!.busy === 0;
  }, 20_000, 'jobs to settle');
}

/** Makes the watcher due now (as if its deferred time had come) and waits for that wake to finish. */
async function wake(h: Harness, key: string): Promise<void> {
  await h.pipeline.pool.query(`UPDATE triage.jobs SET run_at = now() WHERE key = $1 AND status = 'queued'`, [key]);
  await settled(h);
}

async function api(h: Harness, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${h.chatwoot.url}/api/v1/accounts/1${path}`, {
    method: 'POST',
    headers: { api_access_token: h.chatwoot.apiToken, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

const notes = (h: Harness, cid: number) =>
  h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private && m.content?.includes('SLA')).map((m) => m.content);
const at = (createdAtSeconds: number, minutes: number) => new Date((createdAtSeconds + minutes * 60) * 1000);

describe('SLA, open-source path (the sidecar keeps the clock)', () => {
  let h: Harness;
  const clock = new FakeClock(new Date());
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await freshDatabaseUrl(), env: { TRIAGE_CONFIG: await triageConfig(), ROUTING_CONFIG: '' }, clock });
  });
  afterAll(async () => h?.stop());

  it('warns at 75 % with sla-at-risk and a note, breaches with sla-breached, a note and the escalation team — once each, across a restart', async () => {
    clock.set(new Date());
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET });
    const cid = conversation.displayId;
    const key = `sla:1:${cid}`;
    await settled(h);
    const c = h.chatwoot.state.conversation(cid)!;
    expect(c.priority).toBe('high');
    expect((await h.pipeline.queue.findByKey(key))?.status).toBe('queued');
    expect(c.labels).not.toContain('sla-at-risk');
    expect(notes(h, cid)).toEqual([]);

    clock.set(at(c.created_at, 44));
    await wake(h, key);
    expect(notes(h, cid)).toEqual([]);

    clock.set(at(c.created_at, 46));
    await wake(h, key);
    expect(c.labels).toContain('sla-at-risk');
    expect(notes(h, cid)).toEqual([
      `**⏳ SLA at risk** · first response · priority high\n46m of the 1h first response target used; 14m left.\n\n_ai-triage ref ${key}/first_response-at-risk_`,
    ]);

    // The watcher is a row in the job table: a restart does not lose it.
    await h.restart();
    clock.set(at(c.created_at, 61));
    await wake(h, key);
    expect(c.labels).toContain('sla-breached');
    expect(c.labels).not.toContain('sla-at-risk');
    expect(c.team_id).toBe(103);
    expect(notes(h, cid)).toEqual([
      `**⏳ SLA at risk** · first response · priority high\n46m of the 1h first response target used; 14m left.\n\n_ai-triage ref ${key}/first_response-at-risk_`,
      `**🚨 SLA breached** · first response · priority high\nThe 1h first response target has passed (1h 1m used).\nEscalated to team #103.\n\n_ai-triage ref ${key}/first_response-breached_`,
    ]);

    // Waking again changes nothing.
    await wake(h, key);
    expect(notes(h, cid)).toHaveLength(2);
    const row = await new SlaStore(h.pipeline.pool).get(1, cid);
    expect(row).toMatchObject({ priority: 'high', teamId: 103, outcome: { first_response: 'breached', resolution: 'running' }, finished: false });
  });

  it("an agent's public reply stops the first-response clock, pending pauses the resolution clock, resolving ends the watcher", async () => {
    clock.set(new Date());
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET, from: { email: 'max@example.com', name: 'Max' } });
    const cid = conversation.displayId;
    const key = `sla:1:${cid}`;
    await settled(h);
    const c = h.chatwoot.state.conversation(cid)!;

    await api(h, `/conversations/${cid}/messages`, { content: 'Wir schauen es uns an.', message_type: 'outgoing', private: false });
    await settled(h);
    clock.set(at(c.created_at, 50));
    await wake(h, key);
    expect(notes(h, cid)).toEqual([]);
    expect(c.labels).not.toContain('sla-at-risk');

    clock.set(at(c.created_at, 181)); // 3h01 of a 4h resolution target
    await wake(h, key);
    expect(c.labels).toContain('sla-at-risk');
    expect(notes(h, cid)).toEqual([
      `**⏳ SLA at risk** · resolution · priority high\n3h 1m of the 4h resolution target used; 59m left.\n\n_ai-triage ref ${key}/resolution-at-risk_`,
    ]);

    await api(h, `/conversations/${cid}/toggle_status`, { status: 'pending' });
    clock.set(at(c.created_at, 190));
    await wake(h, key); // sees pending: the clock stops at 3h10
    clock.set(at(c.created_at, 400));
    await wake(h, key);
    expect(notes(h, cid)).toHaveLength(1);
    expect(c.labels).not.toContain('sla-breached');

    await api(h, `/conversations/${cid}/toggle_status`, { status: 'resolved' });
    c.updated_at_ms = at(c.created_at, 405).getTime(); // Chatwoot's clock agrees with the fake clock: resolved at 6h45
    clock.set(at(c.created_at, 410));
    await wake(h, key);
    expect((await h.pipeline.queue.findByKey(key))?.status).toBe('done');
    const row = await new SlaStore(h.pipeline.pool).get(1, cid);
    expect(row).toMatchObject({ outcome: { first_response: 'met', resolution: 'met' }, finished: true });
    expect(row!.elapsed.resolution).toBe(190 * 60);
    expect(c.labels).not.toContain('sla-at-risk');
  });

  it('a conversation resolved just before its target is met even when the watcher looks after the target', async () => {
    clock.set(new Date());
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET, from: { email: 'ida@example.com', name: 'Ida' } });
    const cid = conversation.displayId;
    const key = `sla:1:${cid}`;
    await settled(h);
    const c = h.chatwoot.state.conversation(cid)!;
    await api(h, `/conversations/${cid}/messages`, { content: 'Erledigt.', message_type: 'outgoing', private: false });
    await api(h, `/conversations/${cid}/toggle_status`, { status: 'resolved' });
    c.updated_at_ms = at(c.created_at, 239).getTime(); // resolved at 3h59 of a 4h target
    clock.set(at(c.created_at, 245)); // the watcher wakes after the target
    await wake(h, key);
    expect(notes(h, cid)).toEqual([]);
    expect(c.labels.filter((l) => l.startsWith('sla-'))).toEqual([]);
    const row = await new SlaStore(h.pipeline.pool).get(1, cid);
    expect(row).toMatchObject({ outcome: { first_response: 'met', resolution: 'met' }, elapsed: { resolution: 239 * 60 }, finished: true });
  });
});

describe('SLA, account with Chatwoot’s SLA feature (features.sla)', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startHarness({ databaseUrl: await freshDatabaseUrl(), env: { TRIAGE_CONFIG: await triageConfig(), ROUTING_CONFIG: '' } });
  });
  afterAll(async () => h?.stop());

  it('creates the policies once and applies the priority’s policy to each triaged conversation; no watcher', async () => {
    h.chatwoot.state.enterprise = true;
    h.chatwoot.state.features.push('sla');
    const first = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET }).conversation;
    await h.idle();
    const second = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET, from: { email: 'max@example.com', name: 'Max' } }).conversation;
    await h.idle();

    expect(h.chatwoot.state.slaPolicies.map(({ id: _id, ...p }) => p)).toEqual([
      {
        name: 'AI triage high',
        description: 'Created by the AI triage sidecar for priority high.',
        first_response_time_threshold: 3600,
        next_response_time_threshold: null,
        resolution_time_threshold: 14_400,
        only_during_business_hours: false,
      },
      {
        name: 'AI triage urgent',
        description: 'Created by the AI triage sidecar for priority urgent.',
        first_response_time_threshold: 1800,
        next_response_time_threshold: null,
        resolution_time_threshold: 7200,
        only_during_business_hours: false,
      },
    ]);
    const high = h.chatwoot.state.slaPolicies[0]!.id;
    expect(first.sla_policy_id).toBe(high);
    expect(second.sla_policy_id).toBe(high);
    expect(h.chatwoot.requests.filter((r) => r.route === 'createSlaPolicy')).toHaveLength(2);
    expect(h.chatwoot.requests.filter((r) => r.route === 'updateConversation').map((r) => r.body)).toEqual([{ sla_policy_id: high }, { sla_policy_id: high }]);
    expect(await h.pipeline.queue.findByKey(`sla:1:${first.displayId}`)).toBeUndefined();
  });

  it('a conversation that already has another policy (422) counts as done', async () => {
    const other = h.chatwoot.state.slaPolicies[1]!.id;
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET, from: { email: 'zoe@example.com', name: 'Zoe' } });
    conversation.sla_policy_id = other; // set by an automation rule before the triage
    await h.idle();
    expect(conversation.sla_policy_id).toBe(other);
    expect(h.chatwoot.requests.filter((r) => r.route === 'updateConversation').at(-1)!.status).toBe(422);
    expect(h.chatwoot.state.conversation(conversation.displayId)!.labels).not.toContain('ai-failed');
  });
});
