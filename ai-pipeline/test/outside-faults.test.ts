import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { defaultReply, toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { defaultEnrichmentAnswer } from '../../testkit/fakes/enrichment.js';
import { ChatwootClient } from '../src/chatwoot/client.js';
import { createChatwootHttp } from '../src/chatwoot/http.js';
import { readableErrorText } from '../src/util/http-json.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, waitUntil, type Harness } from '../../testkit/harness.js';
import { outcomes, triageNotes } from './faults/invariants.js';

/**
 * What the sidecar does when something outside misbehaves in a way the fault suite does not drive: Chatwoot refusing
 * the token, answering a proxy's HTML page, failing the draft note after the labels were written, a conversation
 * deleted under the job; the enrichment service down or slow; Claude refusing. Each ticket carries its own tag.
 */
const trouble = new Map<string, (req: FakeMessagesRequest) => FakeReply>();
function claude(req: FakeMessagesRequest): FakeReply {
  const text = userText(req);
  for (const [word, reply] of trouble) if (text.includes(word)) return reply(req);
  return defaultReply(req);
}

const BAD_GATEWAY_PAGE =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx/1.25.3</center>\r\n</body>\r\n</html>\r\n';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl('outsidefaults'),
    model: { reply: claude },
    env: { JOB_MAX_ATTEMPTS: '3', JOB_RETRY_BASE_MS: '20', ANTHROPIC_MAX_RETRIES: '0', ENRICHMENT_TIMEOUT_MS: '500' },
  });
});
afterAll(async () => h?.stop());
beforeEach(() => {
  trouble.clear();
  h.enrichment.answer = defaultEnrichmentAnswer;
});

const conversationPath = (cid: number) => `/api/v1/accounts/1/conversations/${cid}`;
const notesOf = (cid: number) => h.chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');
const conversation = (cid: number) => h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
/** The label sets this conversation's label writes sent, in order. */
const labelWrites = (cid: number) =>
  h.chatwoot.requests.filter((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/labels`).map((r) => (r.body as { labels?: string[] }).labels ?? []);
const modelCallsWith = (word: string) => h.anthropic!.requests.filter((r) => userText(r).includes(word)).map(toolName);
async function jobOf(cid: number) {
  const { rows } = await h.pipeline.pool.query<{ status: string; attempts: number; last_error: string | null; checkpoint: { accessWaits?: number } }>(
    `SELECT status, attempts, last_error, checkpoint FROM triage.jobs WHERE key = $1`,
    [`triage:1:${cid}`],
  );
  return rows[0];
}
function ticket(tag: string, email = `${tag.toLowerCase()}@example.com`) {
  return h.chatwoot.simulateIncomingEmail({
    inboxId: h.inboxId,
    from: { email, name: 'Robin' },
    subject: 'Export crashes',
    text: `Hello, the app crashes every time I export my flashcards to PDF. ${tag} Please help.`,
  }).conversation.displayId;
}

describe('Chatwoot misbehaving', () => {
  it('a revoked API token (401 on every call): the ticket waits, keeps its attempts, and is triaged once the token works again', async () => {
    let revoked = true;
    h.chatwoot.failNext(() => revoked, 401, 1_000_000, {}, { error: 'Invalid Access Token' });
    const cid = ticket('ZEBRA-TOKEN');
    const refused = () => h.chatwoot.requests.filter((r) => r.status === 401 && r.path.startsWith(conversationPath(cid))).length;
    try {
      await waitUntil(
        async () => {
          const job = await jobOf(cid);
          return (refused() >= 4 && (job?.checkpoint.accessWaits ?? 0) >= 3) || job?.status === 'failed';
        },
        20_000,
        'the job to meet 401 several times',
      );
      const waiting = await jobOf(cid);
      expect(waiting?.status).not.toBe('failed');
      // Each wait gave its attempt back: the job has used at most the one it is in.
      expect(waiting?.attempts).toBeLessThanOrEqual(1);
      expect(waiting?.checkpoint.accessWaits).toBeGreaterThanOrEqual(3);
      expect(waiting?.last_error).toMatch(/401 Invalid Access Token/);
    } finally {
      revoked = false;
    }
    await h.idle();
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(triageNotes(cid));
    expect(conversation(cid).labels).toContain('ai-processed');
    expect(modelCallsWith('ZEBRA-TOKEN')).toEqual(['record_triage', 'write_draft']);
    expect(await jobOf(cid)).toMatchObject({ status: 'done' });
  }, 60_000);

  it("a proxy's HTML error page: the ai-failed note names the error (502 Bad Gateway), not the page's markup", async () => {
    const cid = ticket('ZEBRA-HTML');
    h.chatwoot.failNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/labels`, 502, 1_000_000, {}, BAD_GATEWAY_PAGE);
    await h.idle(60_000);
    const job = await jobOf(cid);
    expect(job).toMatchObject({ status: 'failed', attempts: 3 });
    const notes = notesOf(cid);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain('**⚠️ AI triage failed** — a human must triage this conversation.');
    expect(notes[1]).toContain('502 Bad Gateway');
    expect(notes[1]).not.toMatch(/<html|<head|<center|\r/);
    expect(job!.last_error).not.toMatch(/<html|<center/);
  }, 60_000);

  it('a 503 on the draft note after the labels were written: retried; one label write, one of each note, no second model call', async () => {
    const cid = ticket('ZEBRA-DRAFT503');
    let failed = false;
    h.chatwoot.failNext(
      (r) => {
        if (failed || r.method !== 'POST' || r.path !== `${conversationPath(cid)}/messages` || notesOf(cid).length !== 1) return false;
        return (failed = true);
      },
      503,
      1,
    );
    await h.idle();
    expect(failed).toBe(true);
    const o = outcomes(h.chatwoot).get(cid)!;
    expect(o.notes).toEqual(triageNotes(cid));
    expect(o.labelWrites).toBe(1);
    expect(modelCallsWith('ZEBRA-DRAFT503')).toEqual(['record_triage', 'write_draft']);
    expect(await jobOf(cid)).toMatchObject({ status: 'done', attempts: 2 });
  });

  /** This conversation's Chatwoot calls, in order, as `METHOD path status` (the path after the conversation's). */
  const callsOf = (cid: number) =>
    h.chatwoot.requests.filter((r) => r.path.startsWith(conversationPath(cid))).map((r) => `${r.method} ${r.path.slice(conversationPath(cid).length) || '/'} ${r.status}`);

  it('a 422 on the label write: the triage note, the other writes and the draft still happen, one note names the refusal, the job is done', async () => {
    const cid = ticket('ZEBRA-422L');
    h.chatwoot.failNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/labels`, 422, 1_000_000, {}, { message: 'Labels is invalid', attributes: ['labels'] });
    await h.idle();
    expect(callsOf(cid)).toEqual(['POST /messages 200', 'POST /labels 422', 'POST /custom_attributes 200', 'POST /toggle_priority 200', 'POST /assignments 200', 'POST /messages 200', 'POST /messages 200']);
    expect(await jobOf(cid)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(['triage', 'refused', 'draft'].map((p) => `triage:1:${cid}/${p}`));
    expect(notesOf(cid)[1]).toBe(
      `**⚠️ Chatwoot refused these triage changes** — set them by hand if they matter:\n- Chatwoot refused the labels (422: Labels is invalid)\n\n_ai-triage ref triage:1:${cid}/refused_`,
    );
    expect(conversation(cid).labels).not.toContain('ai-failed');
    expect(conversation(cid).custom_attributes).toMatchObject({ ai_category: expect.any(String) });
  });

  it('a 422 on the custom-attribute write (after the triage note and the labels): the same; the labels keep ai-processed', async () => {
    const cid = ticket('ZEBRA-422');
    h.chatwoot.failNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/custom_attributes`, 422, 1_000_000, {}, { message: 'Custom attributes is invalid', attributes: ['custom_attributes'] });
    await h.idle();
    expect(callsOf(cid)).toEqual(['POST /messages 200', 'POST /labels 200', 'POST /custom_attributes 422', 'POST /toggle_priority 200', 'POST /assignments 200', 'POST /messages 200', 'POST /messages 200']);
    expect(await jobOf(cid)).toMatchObject({ status: 'done', attempts: 1, last_error: null });
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(['triage', 'refused', 'draft'].map((p) => `triage:1:${cid}/${p}`));
    expect(notesOf(cid)[1]).toBe(
      `**⚠️ Chatwoot refused these triage changes** — set them by hand if they matter:\n- Chatwoot refused the custom attributes (422: Custom attributes is invalid)\n\n_ai-triage ref triage:1:${cid}/refused_`,
    );
    expect(labelWrites(cid)).toHaveLength(1);
    expect(conversation(cid).labels).toContain('ai-processed');
    expect(conversation(cid).labels).not.toContain('ai-failed');
  });

  it('a 400 on every write of the decision: the notes still arrive, the refused note names each write, the job is done (a refusal never fails a ticket)', async () => {
    const cid = ticket('ZEBRA-400ALL');
    const write = (r: { method: string; path: string }) =>
      r.method === 'POST' && ['/labels', '/custom_attributes', '/toggle_priority', '/assignments'].some((p) => r.path === `${conversationPath(cid)}${p}`);
    h.chatwoot.failNext(write, 400, 1_000_000, {}, { error: 'Bad request' });
    await h.idle();
    expect(await jobOf(cid)).toMatchObject({ status: 'done', attempts: 1 });
    const notes = notesOf(cid);
    expect(notes).toHaveLength(3);
    expect(notes[1]).toContain('**⚠️ Chatwoot refused these triage changes** — set them by hand if they matter:');
    for (const what of ['the labels', 'the custom attributes', 'the priority', 'the team assignment']) expect(notes[1]).toContain(`- Chatwoot refused ${what}`);
    expect(notes[1]).toContain('(400: Bad request)');
    expect(notes[2]).toContain('Draft reply');
    expect(conversation(cid).labels).not.toContain('ai-failed');
  });

  it("a 401 for one conversation while the token works (Pundit: its user may not act there): failed at once with the note, no waiting", async () => {
    const cid = ticket('ZEBRA-PUNDIT');
    const profileChecks = () => h.chatwoot.requests.filter((r) => r.path === '/api/v1/profile').length;
    const checksBefore = profileChecks();
    h.chatwoot.failNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/custom_attributes`, 401, 1_000_000, {}, { error: 'You are not authorized to do this action' });
    await h.idle();
    const job = await jobOf(cid);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job!.checkpoint.accessWaits).toBeUndefined();
    expect(profileChecks()).toBeGreaterThan(checksBefore);
    const notes = notesOf(cid);
    expect(notes).toHaveLength(2);
    expect(notes[1]).toContain('**⚠️ AI triage failed** — a human must triage this conversation.');
    expect(notes[1]).toContain('401 You are not authorized to do this action');
    expect(labelWrites(cid)[0]).toContain('ai-processed');
    expect(conversation(cid).labels).toContain('ai-failed');
    expect(conversation(cid).labels).not.toContain('ai-processed');
  });

  it('429 with Retry-After on the label write: waited and retried by the client, the job done in one attempt', async () => {
    const cid = ticket('ZEBRA-429');
    h.chatwoot.failNext((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/labels`, 429, 2, { 'Retry-After': '1' });
    await h.idle();
    const writes = h.chatwoot.requests.filter((r) => r.method === 'POST' && r.path === `${conversationPath(cid)}/labels`).map((r) => r.status);
    expect(writes).toEqual([429, 429, 200]);
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(triageNotes(cid));
    expect(await jobOf(cid)).toMatchObject({ status: 'done', attempts: 1 });
  });

  it("Chatwoot's flood guard (422 Too many messages) on a note: retryable after its minute, and not re-posted blindly", async () => {
    const cid = ticket('ZEBRA-FLOOD');
    await h.idle();
    const client = new ChatwootClient(createChatwootHttp({ baseUrl: h.chatwoot.url, apiToken: h.chatwoot.apiToken, accountId: h.chatwoot.accountId, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }));
    h.chatwoot.failNext('createMessage', 422, 1, {}, { message: 'Too many messages', attributes: ['base'] });
    const before = h.chatwoot.requests.length;
    await expect(client.postPrivateNote(cid, 'x')).rejects.toMatchObject({ status: 422, retryable: true, retryAfterMs: 60_000, overload: false });
    expect(h.chatwoot.requests.slice(before).map((r) => r.status)).toEqual([422]);
    // Any other 422 stays a bad request.
    h.chatwoot.failNext('createMessage', 422, 1, {}, { message: 'Incoming messages are only allowed in Api inboxes', attributes: ['message_type'] });
    await expect(client.postPrivateNote(cid, 'x')).rejects.toMatchObject({ status: 422, retryable: false });
  });

  it('a very slow answer: a read is tried again; a note that timed out is not re-posted blindly (Chatwoot may have made it)', async () => {
    const cid = ticket('ZEBRA-SLOW');
    await h.idle();
    const client = new ChatwootClient(
      createChatwootHttp({ baseUrl: h.chatwoot.url, apiToken: h.chatwoot.apiToken, accountId: h.chatwoot.accountId, timeoutMs: 300, retry: { attempts: 3, baseDelayMs: 1, maxDelayMs: 2 } }),
    );
    const before = h.chatwoot.requests.length;
    h.chatwoot.delayNext('getConversation', 1000, 1);
    await expect(client.getConversation(cid)).resolves.toMatchObject({ id: cid });
    h.chatwoot.delayNext('createMessage', 1000, 1);
    await expect(client.postPrivateNote(cid, 'slow note')).rejects.toMatchObject({ status: null, retryable: true, detail: 'ECONNABORTED', retryAfterMs: 300, overload: false });
    await waitUntil(() => notesOf(cid).includes('slow note'), 5000, 'the slow note to be made after all');
    expect(h.chatwoot.requests.slice(before).map((r) => r.route)).toEqual(['getConversation', 'getConversation', 'createMessage']);
    expect(notesOf(cid).filter((n) => n === 'slow note')).toHaveLength(1);
  });

  it('a conversation deleted between the webhook and the job (404): no retries, no crash, the job says why', async () => {
    const cid = ticket('ZEBRA-GONE');
    h.chatwoot.failNext((r) => r.path.startsWith(conversationPath(cid)), 404, 1_000_000, {}, { error: 'Resource could not be found' });
    await h.idle();
    const job = await jobOf(cid);
    expect(job).toMatchObject({ status: 'failed', attempts: 1 });
    expect(job!.last_error).toMatch(/404 Resource could not be found/);
    expect(notesOf(cid)).toEqual([]);
    expect((await fetch(`http://127.0.0.1:${h.pipeline.port}/health`)).status).toBe(200);
  });
});

describe('enrichment down or slow', () => {
  it('the triage still posts its notes, and the context section says what was unavailable', async () => {
    h.enrichment.answer = (email) => {
      if (email.startsWith('enrich-down')) return { status: 503, body: { error: 'unavailable' } };
      if (email.startsWith('enrich-slow')) return { ...defaultEnrichmentAnswer(email), delayMs: 1500 };
      if (email.startsWith('enrich-partial')) {
        const ok = defaultEnrichmentAnswer(email).body as Record<string, unknown>;
        return { status: 200, body: { ...ok, sentry: { status: 'error', reason: 'Sentry answered HTTP 500' }, posthog: { status: 'timeout', reason: 'no answer within 3000 ms' }, account: { status: 'error', reason: 'product database unreachable' } } };
      }
      return defaultEnrichmentAnswer(email);
    };
    const down = ticket('ZEBRA-E1', 'enrich-down@example.com');
    const slow = ticket('ZEBRA-E2', 'enrich-slow@example.com');
    const partial = ticket('ZEBRA-E3', 'enrich-partial@example.com');
    await h.idle();
    for (const cid of [down, slow, partial]) {
      expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(triageNotes(cid));
      expect(conversation(cid).labels).toContain('ai-processed');
    }
    expect(notesOf(down)[0]).toContain('⚠️ Enrichment service unavailable: the enrichment service answered HTTP 503. Sentry, PostHog and account data are unknown, not empty.');
    expect(notesOf(slow)[0]).toContain('⚠️ Enrichment service unavailable: no answer within 500 ms.');
    const context = notesOf(partial)[0]!;
    expect(context).toContain('- Sentry: ⚠️ unavailable (error: Sentry answered HTTP 500) — this is not "no data"');
    expect(context).toContain('- PostHog: ⚠️ unavailable (timed out: no answer within 3000 ms) — this is not "no data"');
    expect(context).toContain('- Account: ⚠️ unavailable (error: product database unreachable) — this is not "no data"');
  });
});

describe('error bodies as one readable line', () => {
  it("an HTML page becomes its title (entities decoded) and says it was a page; other text stays as it is", () => {
    expect(readableErrorText(BAD_GATEWAY_PAGE)).toBe('502 Bad Gateway (an HTML page instead of JSON)');
    expect(readableErrorText("<!DOCTYPE html><html><body><h1>We&#39;re sorry, but something went wrong.</h1><p>Check the logs.</p></body></html>")).toBe(
      "We're sorry, but something went wrong. (an HTML page instead of JSON)",
    );
    expect(readableErrorText('<html><body><div>Service\n  down</div><script>var x = 1;</script></body></html>')).toBe('Service down (an HTML page instead of JSON)');
    expect(readableErrorText('Retry later\n')).toBe('Retry later');
  });

  it('a 200 text answer (a proxy page) is named as text, not as a list of missing fields', async () => {
    const cid = ticket('ZEBRA-TEXT200');
    await h.idle();
    const http = createChatwootHttp({ baseUrl: h.chatwoot.url, apiToken: h.chatwoot.apiToken, accountId: h.chatwoot.accountId });
    h.chatwoot.failNext('getConversation', 200, 1, {}, BAD_GATEWAY_PAGE);
    await expect(new ChatwootClient(http).getConversation(cid)).rejects.toThrow(
      'Chatwoot answered getConversation with an unexpected shape: a text answer instead of JSON: 502 Bad Gateway (an HTML page instead of JSON)',
    );
  });
});

describe('Claude refusing', () => {
  it('a refusal (stop_reason refusal, no tool call) twice: the offline model triages and the note says Claude refused', async () => {
    trouble.set('ZEBRA-REFUSE', (req) =>
      toolName(req) === 'record_triage'
        ? {
            kind: 'raw',
            status: 200,
            body: JSON.stringify({ id: 'msg_r', type: 'message', role: 'assistant', model: 'm', content: [], stop_reason: 'refusal', stop_sequence: null, usage: { input_tokens: 50, output_tokens: 0 } }),
          }
        : defaultReply(req),
    );
    const cid = ticket('ZEBRA-REFUSE');
    await h.idle();
    expect(modelCallsWith('ZEBRA-REFUSE')).toEqual(['record_triage', 'record_triage', 'write_draft']);
    expect(outcomes(h.chatwoot).get(cid)!.notes).toEqual(triageNotes(cid));
    const triage = notesOf(cid)[0]!;
    expect(triage).toContain("Claude's answer was unusable");
    expect(triage).toMatch(/Claude declined to answer \(stop\\?_reason refusal\)/);
    expect(conversation(cid).labels).not.toContain('ai-failed');
  });

  it("an HTML error page from a proxy in front of Anthropic, on every attempt: the ai-failed note names it in one line", async () => {
    trouble.set('ZEBRA-AHTML', () => ({ kind: 'raw', status: 502, body: BAD_GATEWAY_PAGE }));
    const cid = ticket('ZEBRA-AHTML');
    await h.idle();
    const notes = notesOf(cid);
    expect(notes).toHaveLength(1);
    expect(notes[0]).toContain('gave up: Anthropic API 502 error: 502 Bad Gateway (an HTML page instead of JSON)');
    expect(notes[0]).not.toMatch(/<html|<center|\r/);
  });
});
