import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultReply, toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/** Fake Claude that behaves, except for requests whose text contains one of the `trouble` words. */
const trouble = new Map<string, () => FakeReply>();
function claude(req: FakeMessagesRequest): FakeReply {
  const text = userText(req);
  for (const [word, reply] of trouble) if (text.includes(word)) return reply();
  return defaultReply(req);
}

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl('faulthandling'),
    model: { reply: claude },
    env: { JOB_MAX_ATTEMPTS: '3', JOB_RETRY_BASE_MS: '20', ANTHROPIC_MAX_RETRIES: '0', MODEL_INPUT_MAX_CHARS: '2000' },
  });
});
afterAll(async () => h?.stop());
beforeEach(() => trouble.clear());

const notesOf = (cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');
const labelsOf = (cid: number) => h.chatwoot.state.conversations.find((c) => c.displayId === cid)!.labels;
const requestsWith = (word: string) => h.anthropic!.requests.filter((r) => userText(r).includes(word)).map(toolName);

async function ticketThenFollowUp(email: string, followUpText: string) {
  const first = h.chatwoot.simulateIncomingEmail({
    inboxId: h.inboxId,
    from: { email, name: 'Fiona Fischer' },
    subject: 'Export crashes',
    text: 'Hello, the app crashes every time I export my flashcards to PDF. Please help.',
  });
  await h.idle();
  const second = h.chatwoot.simulateIncomingEmail({
    inboxId: h.inboxId,
    from: { email, name: 'Fiona Fischer' },
    subject: 'Re: Export crashes',
    text: followUpText,
    inReplyTo: first.message.source_id ?? undefined,
  });
  await h.idle();
  return { cid: first.conversation.displayId, messageId: second.message.id };
}

describe('a follow-up draft that fails', () => {
  it('Claude down on every attempt: the last attempt uses the offline draft and says so; never ai-failed', async () => {
    trouble.set('ZEBRA-DOWN', () => ({ kind: 'http', status: 500 }));
    const { cid, messageId } = await ticketThenFollowUp('down@example.com', 'Still broken after the update ZEBRA-DOWN, any news?');
    expect(requestsWith('ZEBRA-DOWN')).toEqual(['write_draft', 'write_draft', 'write_draft']);
    const notes = notesOf(cid);
    expect(notes).toHaveLength(3);
    expect(notes.join('\n')).not.toContain('a human must triage');
    expect(notes[2]).toContain('**✉️ Template draft (offline mode)**');
    expect(notes[2]).toContain('Claude could not be reached (Anthropic API 500 error');
    expect(notes[2]).toContain('the offline model was used instead.');
    expect(notes[2]).toContain(`_ai-triage ref followup:1:${messageId}/draft_`);
    expect(labelsOf(cid)).not.toContain('ai-failed');
    const { rows } = await h.pipeline.pool.query(`SELECT status FROM triage.jobs WHERE key = $1`, [`followup:1:${messageId}`]);
    expect(rows).toEqual([{ status: 'done' }]);
  });

  it('unusable output falls back at once, and a retry after a failed note post pays for no model call again', async () => {
    trouble.set('ZEBRA-BAD', () => ({ kind: 'tool', input: { nonsense: true } }));
    // The note post fails once: the job retries; its draft comes from the checkpoint.
    let failedOnce = false;
    h.chatwoot.failNext(
      (r) => {
        if (failedOnce || r.routeName !== 'createMessage') return false;
        const last = h.chatwoot.state.messages.at(-1);
        failedOnce = !!last && last.content?.includes('ZEBRA-BAD') === true;
        return failedOnce;
      },
      503,
      1,
    );
    const { cid } = await ticketThenFollowUp('bad@example.com', 'Another question ZEBRA-BAD about the export.');
    expect(failedOnce).toBe(true);
    expect(requestsWith('ZEBRA-BAD')).toEqual(['write_draft', 'write_draft']); // the call and its one repair, once
    const notes = notesOf(cid);
    expect(notes).toHaveLength(3);
    expect(notes[2]).toContain("Claude's answer was unusable");
    expect(labelsOf(cid)).not.toContain('ai-failed');
  });
});

describe('text that is not safe to store', () => {
  it('a NUL and a lone surrogate in the customer text: triaged, with two model calls in all', async () => {
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'nul@example.com', name: 'Nora' },
      subject: 'Login\u0000 broken',
      text: 'I cannot log in ZEBRA-NUL\u0000 since yesterday \uD83D and the reset mail never comes.',
    });
    await h.idle();
    const cid = conversation.displayId;
    expect(requestsWith('ZEBRA-NUL')).toEqual(['record_triage', 'write_draft']);
    expect(notesOf(cid)).toHaveLength(2);
    const { rows } = await h.pipeline.pool.query(`SELECT status, attempts, checkpoint::text AS cp FROM triage.jobs WHERE key = $1`, [`triage:1:${cid}`]);
    expect(rows[0]).toMatchObject({ status: 'done', attempts: 1 });
    expect(rows[0].cp).toContain('ZEBRA-NUL since yesterday \uFFFD and');
  });
});

describe('model input cap', () => {
  it('long customer text is cut at MODEL_INPUT_MAX_CHARS and the triage note says so', async () => {
    const long = `ZEBRA-LONG the export crashes. ${'Here is my very long log line. '.repeat(400)}`;
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: 'long@example.com' }, subject: 'Crash log', text: long });
    await h.idle();
    const analysis = h.anthropic!.requests.find((r) => toolName(r) === 'record_triage' && userText(r).includes('ZEBRA-LONG'))!;
    expect(userText(analysis).length).toBeLessThan(2000 + 1500);
    expect(userText(analysis)).not.toContain('Here is my very long log line. '.repeat(70));
    const triage = notesOf(conversation.displayId)[0]!;
    expect(triage).toContain("_⚠️ The customer's text has 12430 characters; only the first 2000 were given to the model (MODEL\\_INPUT\\_MAX\\_CHARS)._");
  });

  it('a 400 "prompt is too long" triages with the offline model instead of ai-failed', async () => {
    trouble.set('ZEBRA-HUGE', () => ({
      kind: 'http',
      status: 400,
      body: { type: 'error', error: { type: 'invalid_request_error', message: 'prompt is too long: 250000 tokens > 200000 maximum' } },
    }));
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'huge@example.com' },
      subject: 'Refund please',
      text: 'ZEBRA-HUGE I was charged twice for the yearly plan and want a refund for the second payment.',
    });
    await h.idle();
    const cid = conversation.displayId;
    expect(requestsWith('ZEBRA-HUGE')).toEqual(['record_triage', 'write_draft']);
    expect(labelsOf(cid)).not.toContain('ai-failed');
    const [triage, draft] = notesOf(cid);
    expect(triage).toContain('_Made offline (offline-nb-4): local classifier');
    expect(triage).toContain('the ticket is longer than Claude accepts');
    expect(triage).not.toContain('no Anthropic API key');
    expect(draft).toContain('**✉️ Template draft (offline mode)**');
  });

  it('a draft cut off by max_tokens falls back and never claims there is no API key', async () => {
    trouble.set('ZEBRA-CUT', () => ({ kind: 'tool', input: {}, stopReason: 'max_tokens' }));
    const { conversation } = h.chatwoot.simulateIncomingEmail({
      inboxId: h.inboxId,
      from: { email: 'cut@example.com' },
      subject: 'Question',
      text: 'ZEBRA-CUT How do I change the language of the app?',
    });
    await h.idle();
    const notes = notesOf(conversation.displayId);
    expect(notes).toHaveLength(2);
    expect(notes.join('\n')).not.toContain('no Anthropic API key');
    expect(notes[1]).toContain('the answer was cut off (max\\_tokens)');
  });
});
