import { describe, expect, it } from 'vitest';
import { ChatwootApiError, ChatwootResponseError } from '../chatwoot/http.js';
import { PipelineError } from '../errors.js';
import { refusedWritesNote } from '../triage/notes.js';
import { applyWrites, refusalOf, type Write } from './apply.js';

const labels = { field: 'labels', what: 'the labels' } as const;
const chatwoot = (status: number | null, retryable = false, detail = 'Labels is invalid') => new ChatwootApiError('setConversationLabels', status, detail, retryable);

describe('refusalOf (the apply step: which failed write the triage goes on without)', () => {
  it.each([400, 402, 405, 413, 422])('a %i that retrying cannot change is a refusal of that one write', (status) => {
    expect(refusalOf(labels, chatwoot(status))).toEqual({ field: 'labels', what: 'the labels', status, detail: 'Labels is invalid' });
  });

  it.each([
    ['401 (the token check decides whether the job waits)', chatwoot(401)],
    ['403 (a proxy refusing the token)', chatwoot(403)],
    ['404 (the conversation is gone: the job fails once)', chatwoot(404)],
    ['429 (retried later)', chatwoot(429, true)],
    ["the flood guard's 422 Too many messages (retried after its minute)", chatwoot(422, true, 'Too many messages')],
    ['409 (retried)', chatwoot(409, true)],
    ['500 (retried)', chatwoot(500, true)],
    ['no answer (retried)', chatwoot(null, true, 'ECONNABORTED')],
    ['a failure without an HTTP status', chatwoot(null, false, 'socket closed')],
    ['an answer of the wrong shape', new ChatwootResponseError('setConversationLabels', ['payload: Required'])],
    ['a database error', new Error('connection terminated')],
    ['another service failing', new PipelineError('enrichment 422', { retryable: false })],
  ])('not %s', (_, err) => {
    expect(refusalOf(labels, err)).toBeNull();
  });
});

describe('applyWrites', () => {
  const calls: string[] = [];
  const write = (what: string, fail?: unknown): Write => ({
    field: 'labels',
    what,
    run: async () => {
      calls.push(what);
      if (fail) throw fail;
      return [what];
    },
  });

  it('runs the writes in order; a refused one is reported and the others still run', async () => {
    calls.length = 0;
    const out = await applyWrites([write('labels', chatwoot(422)), write('attributes'), write('priority', chatwoot(400, false, 'bad'))]);
    expect(calls).toEqual(['labels', 'attributes', 'priority']);
    expect(out).toEqual({
      actions: ['attributes'],
      refused: [
        { field: 'labels', what: 'labels', status: 422, detail: 'Labels is invalid' },
        { field: 'labels', what: 'priority', status: 400, detail: 'bad' },
      ],
    });
  });

  it('any other failure stops the rest and is thrown, as before (the retry redoes only what is missing)', async () => {
    calls.length = 0;
    const outage = chatwoot(503, true);
    await expect(applyWrites([write('labels', chatwoot(422)), write('attributes', outage), write('priority')])).rejects.toBe(outage);
    expect(calls).toEqual(['labels', 'attributes']);
    await expect(applyWrites([write('labels', chatwoot(401))])).rejects.toMatchObject({ status: 401 });
  });

  it('every write refused: each is reported and nothing is thrown (a refusal never fails the ticket; the notes carry it)', async () => {
    calls.length = 0;
    const result = await applyWrites([write('labels', chatwoot(422)), write('attributes', chatwoot(400))]);
    expect(result.actions).toEqual([]);
    expect(result.refused.map((r) => [r.what, r.status])).toEqual([
      ['labels', 422],
      ['attributes', 400],
    ]);
    expect(calls).toEqual(['labels', 'attributes']);
  });

  it('no writes at all (a rerun with everything set): nothing to do', async () => {
    await expect(applyWrites([])).resolves.toEqual({ actions: [], refused: [] });
  });
});

describe('refusedWritesNote', () => {
  it("names each refused write in one line; Chatwoot's message is cut and made inert (no link, image, HTML or mention)", () => {
    const hostile = `see [here](https://evil.example/x) ![i](https://evil.example/p.png) (mention://user/1/boss)\nhttps://evil.example/y <img src=x> ${'a'.repeat(300)}`;
    const note = refusedWritesNote('triage:1:5', [
      { what: 'the labels', status: 422, detail: 'Labels is invalid' },
      { what: 'the custom attributes', status: 400, detail: hostile },
    ]);
    expect(note).toBe(
      [
        '**⚠️ Chatwoot refused these triage changes** — set them by hand if they matter:',
        '- Chatwoot refused the labels (422: Labels is invalid)',
        `- Chatwoot refused the custom attributes (400: see here [link removed] [link removed] (mention:\\/\\/user/1/boss) [link removed] [link removed] ${'a'.repeat(33)}…)`,
        '',
        '_ai-triage ref triage:1:5/refused_',
      ].join('\n'),
    );
    expect(note).not.toMatch(/mention:\/\/|https?:|!\[|<img/);
  });

  it('cuts a long message at 160 UTF-16 units (as capForModel does), never inside an emoji', () => {
    // The first emoji straddles the 160th unit: it is left out whole, not cut in half.
    const note = refusedWritesNote('triage:1:6', [{ what: 'the labels', status: 422, detail: `${'a'.repeat(159)}😀😀 and more` }]);
    expect(note).toContain(`(422: ${'a'.repeat(159)}…)`);
    expect(note).not.toMatch(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])/);
  });
});
