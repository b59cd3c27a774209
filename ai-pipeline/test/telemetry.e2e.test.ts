import { execFile } from 'node:child_process';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolName, userText, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { startFakePosthog, startFakeSentry } from '../../testkit/fakes/telemetry-sinks.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, waitUntil, type Harness } from '../../testkit/harness.js';
import { computeInsights } from '../src/telemetry/insights.js';

/** Three tickets (one per category that routes), one whose model call fails for good; their texts, names and addresses must never leave. */
const TICKETS = [
  { from: { email: 'lena.hoffmann@example.com', name: 'Lena Hoffmann' }, subject: 'Export crashes', text: 'Since yesterday the app crashes every single time I export my flashcards to PDF.' },
  { from: { email: 'marc.dubois@example.fr', name: 'Marc Dubois' }, subject: 'Remboursement', text: "J'ai été débité deux fois pour mon abonnement annuel, je voudrais un remboursement." },
  { from: { email: 'sam.jones@example.co.uk', name: 'Sam Jones' }, subject: 'Sync Frage', text: 'Funktioniert die Synchronisierung der Karteikarten auch offline in der Tablet-App?' },
  { from: { email: 'kaputt.kunde@example.com', name: 'Karla Kaputt' }, subject: 'Rechnung', text: 'Meine Rechnung ist fehlerhaft, bitte korrigieren Sie sie umgehend.' },
];
const ANALYSES: Record<string, { category: string; priority: string; confidence: number; translation: string; summary: string }> = {
  Export: { category: 'bug-report', priority: 'high', confidence: 0.95, translation: 'Export crashes.', summary: 'Export crash.' },
  Remboursement: { category: 'refund-request', priority: 'medium', confidence: 0.9, translation: 'Charged twice.', summary: 'Double charge.' },
  Sync: { category: 'product-question', priority: 'low', confidence: 0.6, translation: 'Offline sync?', summary: 'Offline sync question.' },
};
const DRAFT = 'Thank you for reaching out. We are looking into this right away and will get back to you within one business day.';
const SECRET_STRINGS = TICKETS.flatMap((t) => [t.from.email, t.from.name, t.text, t.text.slice(0, 25), t.from.name.split(' ')[1]!]);

function claude(req: Parameters<typeof toolName>[0]): FakeReply {
  const text = userText(req);
  if (text.includes('Rechnung ist fehlerhaft')) return { kind: 'http', status: 400, body: { type: 'error', error: { type: 'invalid_request_error', message: 'rejected' } } };
  if (toolName(req) === 'write_draft') return { kind: 'tool', input: { reply: DRAFT } };
  const key = Object.keys(ANALYSES).find((k) => text.includes(`Subject: ${k}`)) ?? 'Sync';
  return { kind: 'tool', input: ANALYSES[key] };
}

const METRICS_TOKEN = 'metrics-token-0123456789abcdef';
let h: Harness;
let sentry: Awaited<ReturnType<typeof startFakeSentry>>;
let posthog: Awaited<ReturnType<typeof startFakePosthog>>;
let db: pg.Pool;
let ids: number[];
const AGENT_TOKEN = 'agent-token-otto-0123456789';

async function asAgent(method: string, path: string, body: unknown): Promise<void> {
  const res = await fetch(`${h.chatwoot.url}/api/v1/accounts/1${path}`, {
    method,
    headers: { 'content-type': 'application/json', api_access_token: AGENT_TOKEN },
    body: JSON.stringify(body),
  });
  expect(res.status).toBe(200);
}

async function scrape(token?: string): Promise<{ status: number; text: string }> {
  const res = await fetch(`http://127.0.0.1:${h.pipeline.port}/metrics`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  return { status: res.status, text: await res.text() };
}

function metric(text: string, name: string, labels: Record<string, string> = {}): number {
  return text
    .split('\n')
    .filter((l) => l.startsWith(`${name}{`) || l.startsWith(`${name} `))
    .filter((l) => Object.entries(labels).every(([k, v]) => l.includes(`${k}="${v}"`)))
    .reduce((s, l) => s + Number(l.split(' ').pop()), 0);
}

beforeAll(async () => {
  sentry = await startFakeSentry();
  posthog = await startFakePosthog();
  const databaseUrl = await freshDatabaseUrl();
  db = new pg.Pool({ connectionString: databaseUrl });
  h = await startHarness({
    databaseUrl,
    model: { reply: claude },
    env: {
      SENTRY_DSN: sentry.dsn,
      SENTRY_ENVIRONMENT: 'test',
      POSTHOG_PROJECT_API_KEY: 'phc_test_key',
      POSTHOG_CAPTURE_HOST: posthog.url,
      TELEMETRY_SALT: 'salt-for-the-telemetry-test',
      METRICS_TOKEN,
      JOB_MAX_ATTEMPTS: '2',
    },
  });
  h.chatwoot.addAgent({ name: 'Otto Agent', email: 'otto@studyapp.example', accessToken: AGENT_TOKEN });
  ids = TICKETS.map((t) => h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...t }).conversation.displayId);
  await h.idle();

  // Agents: ticket 1's reply keeps the draft, ticket 2's is rewritten, ticket 3 is relabelled.
  await asAgent('POST', `/conversations/${ids[0]}/messages`, { content: `Hi!\n\n${DRAFT}\n\nBest, Otto`, message_type: 'outgoing', private: false });
  await asAgent('POST', `/conversations/${ids[1]}/messages`, { content: 'Bonjour, le double débit est annulé, vous verrez le crédit sous 3 jours.', message_type: 'outgoing', private: false });
  await asAgent('POST', `/conversations/${ids[0]}/messages`, { content: 'A second reply does not count.', message_type: 'outgoing', private: false });
  const labels = h.chatwoot.state.conversations.find((c) => c.displayId === ids[2])!.labels.filter((l) => l !== 'product-question');
  await asAgent('POST', `/conversations/${ids[2]}/labels`, { labels: [...labels, 'bug-report'] });
  await h.idle();
}, 120_000);

afterAll(async () => {
  await h?.stop();
  await db?.end();
  await Promise.all([sentry?.close(), posthog?.close()]);
});

describe('telemetry against loopback Sentry and PostHog', () => {
  it('stores draft outcomes and the correction with the triage records; our own writes are no corrections', async () => {
    const { rows } = await db.query(
      `SELECT conversation_id::float8 AS conversation_id, category, outcome_used, outcome_similarity, draft IS NULL AS draft_forgotten, applied FROM triage.records WHERE kind = 'triage' ORDER BY conversation_id`,
    );
    expect(rows.map((r) => [r.conversation_id, r.category, r.outcome_used])).toEqual([
      [ids[0], 'bug-report', true],
      [ids[1], 'refund-request', false],
      [ids[2], 'product-question', null],
    ]);
    expect(rows[0].outcome_similarity).toBeGreaterThan(0.8);
    expect(rows[1].outcome_similarity).toBeLessThan(0.2);
    expect(rows[0].draft_forgotten).toBe(true);
    expect(rows[0].applied).toMatchObject({ category: 'bug-report', teamId: 101, assigned: true });
    const corrections = await db.query('SELECT conversation_id::float8 AS conversation_id, field, from_value, to_value FROM triage.corrections');
    expect(corrections.rows).toEqual([{ conversation_id: ids[2], field: 'category_label', from_value: 'product-question', to_value: 'bug-report' }]);
    // Only the agent's relabel made a correction job: the triage's own writes only add, so the webhook does not enqueue them.
    const jobs = await db.query(`SELECT kind, count(*)::int AS n FROM triage.jobs WHERE kind IN ('outcome', 'correction') GROUP BY kind ORDER BY kind`);
    expect(jobs.rows).toEqual([{ kind: 'correction', n: 1 }, { kind: 'outcome', n: 3 }]);
  });

  it('/metrics needs the token and its counts match the records', async () => {
    expect((await scrape()).status).toBe(401);
    expect((await scrape('wrong-token-0123456789abcdef')).status).toBe(401);
    const { status, text } = await scrape(METRICS_TOKEN);
    expect(status).toBe(200);
    const sums = (await db.query(`SELECT sum(model_calls) AS calls, sum(input_tokens) AS input, count(*) AS n FROM triage.records WHERE kind = 'triage'`)).rows[0];
    expect(metric(text, 'triage_model_calls_total')).toBe(Number(sums.calls));
    expect(metric(text, 'triage_model_tokens_total', { direction: 'input' })).toBe(Number(sums.input));
    expect(metric(text, 'triage_tickets_total')).toBe(Number(sums.n));
    const jobs = (await db.query(`SELECT kind, status, count(*) AS n FROM triage.jobs GROUP BY 1, 2`)).rows;
    for (const j of jobs) expect(metric(text, 'triage_jobs', { kind: j.kind, status: j.status })).toBe(Number(j.n));
    expect(metric(text, 'triage_jobs', { kind: 'triage', status: 'failed' })).toBe(1);
    expect(metric(text, 'triage_drafts_total', { result: 'used' })).toBe(1);
    expect(metric(text, 'triage_drafts_total', { result: 'rewritten' })).toBe(1);
    expect(metric(text, 'triage_corrections_total', { field: 'category_label' })).toBe(1);
    expect(metric(text, 'triage_corrections_total')).toBe(1);
    expect(metric(text, 'triage_queue_depth')).toBe(0);
    expect(metric(text, 'triage_webhooks_total', { outcome: 'accepted' })).toBeGreaterThan(0);
    // Every accepted webhook's wait for its commit is timed once (and only those).
    expect(metric(text, 'triage_webhook_commit_seconds_count')).toBe(metric(text, 'triage_webhooks_total', { outcome: 'accepted' }));
    expect(metric(text, 'triage_webhook_commit_seconds_sum')).toBeGreaterThan(0);
    expect(metric(text, 'triage_model_cost_usd_total')).toBeGreaterThan(0);
    expect(text).toContain('process_cpu_user_seconds_total');
    expect(text).toContain('triage_step_duration_seconds_bucket{le="0.05",step="webhook_to_notes"}');
  });

  it('the insights match the records', async () => {
    const s = await computeInsights(db, 30);
    expect(s.tickets).toEqual({ total: 3, byCategory: { 'bug-report': 1, 'refund-request': 1, 'product-question': 1 }, byLanguage: expect.any(Object) });
    expect(s.drafts).toMatchObject({ compared: 2, used: 1, usedRate: 0.5 });
    expect(s.autoAssign).toMatchObject({ assigned: 2, share: 0.667, corrected: 0, correctedShare: 0 });
    expect(s.corrections.byCategory['product-question']).toEqual({ tickets: 1, corrected: 1, rate: 1 });
    expect(s.failures).toEqual({ total: 1, byKind: { triage: 1 } });
    expect(s.unansweredQuestions).toBeNull();
    expect(s.webhookToNotesSeconds.p50).toBeGreaterThan(0);
  });

  it('npm run stats -- --json prints the same figures, and export-corrections writes the relabelled ticket with its text from Chatwoot', async () => {
    const repo = resolve(import.meta.dirname, '../..');
    const env = { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', DATABASE_URL: h.env.DATABASE_URL!, CHATWOOT_BASE_URL: h.env.CHATWOOT_BASE_URL!, CHATWOOT_API_TOKEN: h.env.CHATWOOT_API_TOKEN!, CHATWOOT_ACCOUNT_ID: '1' };
    const tmp = await mkdtemp(join(tmpdir(), 'telemetry-'));
    const noEnvFile = join(tmp, 'empty.env');
    await writeFile(noEnvFile, '');
    const run = (script: string, args: string[]) =>
      promisify(execFile)(process.execPath, ['--import', 'tsx', join(repo, script), '--env-file', noEnvFile, ...args], { cwd: repo, env });

    const { stdout } = await run('scripts/src/stats.ts', ['--days', '30', '--json']);
    const printed = JSON.parse(stdout) as Awaited<ReturnType<typeof computeInsights>>;
    const direct = await computeInsights(db, 30);
    expect({ ...printed, window: null }).toEqual({ ...direct, window: null });
    expect((await run('scripts/src/stats.ts', ['--days', '7'])).stdout).toContain('Drafts used:        1 of 2 compared (50.0 %, similarity ≥ 0.6)');

    const out = join(tmp, 'corrections.jsonl');
    expect((await run('scripts/src/export-corrections.ts', ['--since', '7d', out])).stdout).toContain('1 corrected ticket(s)');
    const lines = (await readFile(out, 'utf8')).trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toEqual([
      {
        id: `c${ids[2]}`,
        channel: 'email',
        subject: 'Sync Frage',
        body: TICKETS[2]!.text,
        from_email: 'customer@example.invalid',
        lang: 'de',
        category: 'bug-report',
        priority: 'low',
        notes: 'corrected by an agent: triage said product-question',
      },
    ]);
  }, 60_000);

  it('sends the events to PostHog (on shutdown at the latest) and the failure to Sentry, with no text, name or address', async () => {
    await h.pipeline.stop(0); // flushes PostHog and Sentry
    await waitUntil(() => posthog.events.length >= 7 && sentry.items.some((i) => i.type === 'event'), 10_000, 'events');
    const names = posthog.events.map((e) => e.event).sort();
    expect(names).toEqual(['draft_outcome', 'draft_outcome', 'ticket_triaged', 'ticket_triaged', 'ticket_triaged', 'triage_corrected', 'triage_failed']);
    const triaged = posthog.events.find((e) => e.event === 'ticket_triaged' && e.properties.category === 'bug-report')!;
    expect(triaged.properties).toMatchObject({ priority: 'high', confidence: 0.95, language: 'en', provider: 'anthropic', model_calls: 2, assignment: 'assigned', enrichment: 'ok' });
    expect(triaged.properties.seconds_webhook_to_notes).toEqual(expect.any(Number));
    const outcomes = posthog.events.filter((e) => e.event === 'draft_outcome').map((e) => e.properties.outcome).sort();
    expect(outcomes).toEqual(['rewritten', 'used']);
    expect(posthog.events.find((e) => e.event === 'draft_outcome')!.properties.similarity).toEqual(expect.any(Number));
    expect(posthog.events.find((e) => e.event === 'triage_corrected')!.properties).toMatchObject({ field: 'category_label', from: 'product-question', to: 'bug-report' });
    expect(posthog.events.find((e) => e.event === 'triage_failed')!.properties).toMatchObject({ job_kind: 'triage', attempts: 1 });
    for (const e of posthog.events) expect(e.distinct_id).toMatch(/^[0-9a-f]{32}$/);

    const event = sentry.items.find((i) => i.type === 'event')!.payload;
    expect(event.tags).toMatchObject({ job_kind: 'triage', attempts: '1', error_class: expect.any(String) });
    expect(event.environment).toBe('test');

    const everything = [...posthog.raw, ...sentry.raw].join('\n');
    for (const s of [...SECRET_STRINGS, DRAFT.slice(0, 30), 'Otto']) expect(everything).not.toContain(s);
    expect(everything).not.toMatch(/[\w.]+@[\w-]+\.[a-z]{2,}/);
  });
});
