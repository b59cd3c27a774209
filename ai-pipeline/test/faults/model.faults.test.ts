import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, type Harness } from '../../../testkit/harness.js';
import { forbiddenWrites, outcomes, triageNotes } from './invariants.js';

/**
 * Every way the model can misbehave, each on its own German ticket, all in one run. The fake Claude keys
 * its answers on a scenario tag in the ticket text; after a scenario's scripted replies it answers well.
 */
const ANALYSIS = { translation: 'The export to PDF crashes.', category: 'bug-report', priority: 'high', confidence: 0.92, summary: 'PDF export crashes.' };
const GERMAN_DRAFT = 'Hallo Kim,\n\nvielen Dank für Ihre Nachricht. Wir schauen uns den Absturz beim Export sofort an und melden uns bei Ihnen.\n\nViele Grüße\nIhr Support-Team';
const ENGLISH_DRAFT = 'Hello Kim,\n\nthank you for your message. We are looking into the crash when exporting right away and will get back to you soon.\n\nBest regards\nThe support team';
const TRUNCATED = '{"id":"msg_1","type":"message","role":"assistant","content":[{"type":"tool_use","id":"toolu_1","name":"record_triage","input":{"translation":"The ex';

const good = (req: FakeMessagesRequest): FakeReply =>
  toolName(req) === 'write_draft' ? { kind: 'tool', input: { reply: GERMAN_DRAFT } } : { kind: 'tool', input: ANALYSIS };
const http = (status: number, headers?: Record<string, string>): FakeReply => ({ kind: 'http', status, headers });
const forever = (reply: FakeReply | ((req: FakeMessagesRequest) => FakeReply)) => Array<FakeReply | ((req: FakeMessagesRequest) => FakeReply)>(1000).fill(reply);
type Step = FakeReply | ((req: FakeMessagesRequest) => FakeReply);

/** Scenario tag → the replies its requests get, in order (then `good`). */
const SCRIPTS: Record<string, Step[]> = {
  'rate-limited': [http(429, { 'retry-after': '1' })],
  overloaded: [http(529), http(529)],
  'overloaded-forever': forever(http(529)),
  'hangs-once': [{ kind: 'hang' }],
  'hangs-forever': forever({ kind: 'hang' }),
  'truncated-once': [{ kind: 'raw', status: 200, body: TRUNCATED }],
  'truncated-forever': forever({ kind: 'raw', status: 200, body: TRUNCATED }),
  'cut-off-once': [{ kind: 'tool', input: { translation: 'The export', category: 'bug-rep' }, stopReason: 'max_tokens' }],
  'wrong-enum-once': [{ kind: 'tool', input: { ...ANALYSIS, category: 'billing', priority: 'asap', confidence: 7 } }],
  'wrong-enum-forever': forever({ kind: 'tool', input: { ...ANALYSIS, category: 'vip', priority: 'p0', confidence: 1.5, assignee_id: 99 } }),
  'wrong-language-once': [good, { kind: 'tool', input: { reply: ENGLISH_DRAFT } }],
  'wrong-language-forever': [good, ...forever({ kind: 'tool', input: { reply: ENGLISH_DRAFT } })],
};
const used = new Map<string, number>();
const requestsOf = new Map<string, FakeMessagesRequest[]>();

function reply(req: FakeMessagesRequest): FakeReply {
  const tag = /Fall: ([a-z-]+)/.exec(userText(req))?.[1] ?? 'none';
  requestsOf.set(tag, [...(requestsOf.get(tag) ?? []), req]);
  const n = used.get(tag) ?? 0;
  used.set(tag, n + 1);
  const step = SCRIPTS[tag]?.[n];
  if (!step) return good(req);
  return typeof step === 'function' ? step(req) : step;
}

let h: Harness;
const conversationOf = new Map<string, number>();
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl('modelfaults'),
    model: { reply },
    env: { ANTHROPIC_TIMEOUT_MS: '1000', ANTHROPIC_MAX_RETRIES: '2', JOB_MAX_ATTEMPTS: '3', JOB_RETRY_BASE_MS: '100' },
  });
  for (const tag of Object.keys(SCRIPTS)) {
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: `${tag}@example.com`, name: 'Kim' },
      subject: 'Export stürzt ab',
      text: `Hallo,\n\nder Export nach PDF stürzt jedes Mal ab, wenn ich auf Exportieren klicke. Bitte helft mir schnell.\n\nFall: ${tag}\nKim`,
    });
    conversationOf.set(tag, conversation.displayId);
  }
  await h.idle(180_000);
}, 200_000);
afterAll(async () => h?.stop());

const stateOf = (tag: string) => {
  const id = conversationOf.get(tag)!;
  const conv = h.chatwoot.state.conversations.find((c) => c.displayId === id)!;
  const notes = h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === id && m.private).map((m) => m.content ?? '');
  return { id, conv, notes, outcome: outcomes(h.chatwoot).get(id)!, calls: (requestsOf.get(tag) ?? []).map(toolName) };
};

function expectTriaged(tag: string) {
  const s = stateOf(tag);
  expect(s.outcome.notes).toEqual(triageNotes(s.id));
  expect(s.conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
  return s;
}

function expectFailedCleanly(tag: string, error: RegExp) {
  const s = stateOf(tag);
  expect(s.outcome.notes).toEqual([`triage:1:${s.id}/failed`]);
  expect(s.notes[0]).toContain('**⚠️ AI triage failed** — a human must triage this conversation.');
  expect(s.notes[0]).toMatch(error);
  expect(s.conv.labels).toEqual(['ai-failed']);
  expect(s.conv.custom_attributes).toEqual({});
  expect(s.conv.team_id).toBeNull();
  return s;
}

describe('the model misbehaving', () => {
  it('never produces a forbidden write, and the pipeline stays up', async () => {
    expect(forbiddenWrites(h.chatwoot.requests)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${h.pipeline.port}/health`)).status).toBe(200);
    const { rows } = await h.pipeline.pool.query<{ status: string }>("SELECT status FROM triage.jobs WHERE status IN ('queued', 'running')");
    expect(rows).toEqual([]);
  });

  it('429 with retry-after: waited and retried by the client, then triaged', () => {
    expect(expectTriaged('rate-limited').calls).toEqual(['record_triage', 'record_triage', 'write_draft']);
  });

  it('529 overloaded twice: retried, then triaged', () => {
    expect(expectTriaged('overloaded').calls).toEqual(['record_triage', 'record_triage', 'record_triage', 'write_draft']);
  });

  it('529 for good: 3 job attempts × 3 requests, then ai-failed with a note', () => {
    expect(expectFailedCleanly('overloaded-forever', /After 3 attempt\(s\) the pipeline gave up: Anthropic API 529/).calls).toHaveLength(9);
  });

  it('a reply that hangs once: timed out (ANTHROPIC_TIMEOUT_MS) and retried', () => {
    expect(expectTriaged('hangs-once').calls).toEqual(['record_triage', 'record_triage', 'write_draft']);
  });

  it('replies that always hang: ai-failed after the last attempt', () => {
    expect(expectFailedCleanly('hangs-forever', /gave up: .*(timed out|timeout)/i).calls).toHaveLength(9);
  });

  it('a truncated JSON body once: retried, then triaged', () => {
    const s = expectTriaged('truncated-once');
    expect(s.calls.filter((c) => c === 'record_triage').length).toBeGreaterThanOrEqual(2);
  });

  it('truncated JSON bodies for good: ai-failed', () => {
    expectFailedCleanly('truncated-forever', /gave up/);
  });

  it('an answer cut off at max_tokens: repaired with one more call', () => {
    const s = expectTriaged('cut-off-once');
    expect(s.calls).toEqual(['record_triage', 'record_triage', 'write_draft']);
    expect(JSON.stringify(requestsOf.get('cut-off-once')![1]!.messages.at(-1))).toContain('cut off');
  });

  it('wrong enum values once: repaired, and the wrong values never reach Chatwoot', () => {
    const s = expectTriaged('wrong-enum-once');
    expect(s.calls).toEqual(['record_triage', 'record_triage', 'write_draft']);
    expect(JSON.stringify(h.chatwoot.requests.map((r) => r.body))).not.toMatch(/billing|asap/);
  });

  it('wrong enum values and extra fields for good: the offline model takes over and the note says so', () => {
    const s = stateOf('wrong-enum-forever');
    expect(s.outcome.notes).toEqual(triageNotes(s.id));
    expect(s.notes[0]).toContain("Claude's answer was unusable");
    expect(s.conv.labels).toContain('ai-processed');
    expect(JSON.stringify(h.chatwoot.requests.map((r) => r.body))).not.toMatch(/"vip"|p0|"assignee_id":99/);
  });

  it('a draft in the wrong language once: repaired; the note carries the German draft', () => {
    const s = expectTriaged('wrong-language-once');
    expect(s.calls).toEqual(['record_triage', 'write_draft', 'write_draft']);
    expect(JSON.stringify(requestsOf.get('wrong-language-once')![2]!.messages.at(-1))).toContain('reply_language');
    expect(s.notes[1]).toContain('in German (de)');
    expect(s.notes[1]).toContain(GERMAN_DRAFT);
  });

  it('drafts in the wrong language for good: never posted as a German draft; the offline template is used and says so', () => {
    const s = expectTriaged('wrong-language-forever');
    expect(s.calls).toEqual(['record_triage', 'write_draft', 'write_draft']);
    expect(s.notes[1]).not.toContain(ENGLISH_DRAFT);
    expect(s.notes[1]).toContain('**✉️ Template draft (offline mode)** in German (de)');
    expect(s.notes[1]).toContain("Claude's answer was unusable");
  });
});
