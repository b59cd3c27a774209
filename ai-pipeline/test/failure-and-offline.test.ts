import { afterAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

const harnesses: Harness[] = [];
afterAll(async () => Promise.all(harnesses.map((h) => h.stop())));

const notesOf = (h: Harness, cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');

describe('Anthropic down for good', () => {
  it('after the last attempt: ai-failed label and a note for a human, nothing else', async () => {
    const h = await startHarness({
      databaseUrl: await freshDatabaseUrl(),
      model: { reply: () => ({ kind: 'http', status: 500 }) },
      env: { JOB_MAX_ATTEMPTS: '3', JOB_RETRY_BASE_MS: '20', ANTHROPIC_MAX_RETRIES: '0' },
    });
    harnesses.push(h);
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'down@example.com', name: 'Dana' },
      subject: 'Rückerstattung',
      text: 'Ich möchte mein Geld zurück.',
    });
    await h.idle();
    const cid = conversation.displayId;
    const notes = notesOf(h, cid);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('**⚠️ AI triage failed** — a human must triage this conversation.');
    expect(notes[0]).toContain('After 3 attempt(s) the pipeline gave up: Anthropic API 500 error');
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toEqual(['ai-failed']);
    expect(conv.custom_attributes).toEqual({});
    expect(conv.team_id).toBeNull();
    expect(h.anthropic!.requests).toHaveLength(3);
    const { rows } = await h.pipeline.pool.query(`SELECT status, attempts, last_error FROM triage.jobs WHERE key = $1`, [`triage:1:${cid}`]);
    expect(rows[0]).toMatchObject({ status: 'failed', attempts: 3 });
  });
});

describe('no API key: the offline model', () => {
  it('triages end to end and every note says it was made offline', async () => {
    const h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: 'offline' });
    harnesses.push(h);
    expect(h.pipeline.providers!.provider.kind).toBe('offline');
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'offline@example.com', name: 'Olga Meier' },
      subject: 'Doppelt abgebucht',
      text: 'Guten Tag,\n\nmir wurde das Jahresabo zweimal abgebucht. Ich möchte bitte eine Rückerstattung für die doppelte Zahlung.\n\nFreundliche Grüsse\nOlga Meier',
    });
    await h.idle();
    const cid = conversation.displayId;
    const [triage, draft] = notesOf(h, cid);
    expect(triage).toContain('**🔎 Customer context**');
    expect(triage).toMatch(/^\*\*🤖 AI triage\*\* · refund-request · priority \w+ · confidence [01]\.\d\d · German \(de\)/);
    expect(triage).toContain('_Made offline (offline-nb-4, no Anthropic API key): local classifier, no translation. Weigh it accordingly._');
    expect(triage).toContain('**Translation:** unavailable offline. Detected language: German (de).');
    expect(draft).toContain('**✉️ Template draft (offline mode)** in German (de)');
    expect(draft).toContain('Olga');
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toContain('refund-request');
    expect(conv.custom_attributes.ai_language).toBe('de');
    // Refunds never go to an individual agent (agent 2 is routed, but blocked by default).
    expect(conv.assignee_id).toBeNull();
  });
});
