import { runInNewContext } from 'node:vm';
import { setFlagsFromString } from 'node:v8';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startHarness, type Harness } from '../../../testkit/harness.js';
import { signWebhook } from '../../src/ingress/signature.js';

/**
 * 5,000 hostile POSTs to /webhook, generated with fast-check. Each case says what it must get back; all of
 * them must leave the jobs table and Chatwoot untouched, never answer 5xx, and not grow the heap.
 */

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

interface Case {
  kind: string;
  body: Buffer;
  headers: Record<string, string>;
  /** The statuses this case may get. */
  expect: readonly number[];
}

const now = () => Math.floor(Date.now() / 1000);
const FRESH_IDS = { message: 900_001, conversation: 900_002 }; // no such ticket exists: an enqueue would show

let h: Harness;
let template: Record<string, unknown>; // a real message_created payload, re-numbered to FRESH_IDS
let replay: { body: string; headers: Record<string, string> }; // a real delivery, already processed
beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl('hostile'), model: 'offline' });
  const before = h.chatwoot.deliveries.length;
  h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: 'base@example.com', name: 'Base' }, subject: 'Frage', text: 'Wie exportiere ich meine Karteikarten als PDF?' });
  const delivery = h.chatwoot.deliveries.slice(before).find((d) => d.event === 'message_created')!;
  await h.idle();
  const ts = String(now());
  replay = {
    body: delivery.body,
    headers: { 'x-chatwoot-delivery': delivery.deliveryId, 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': signWebhook(h.webhookSecret, ts, delivery.body) },
  };
  template = structuredClone(delivery.payload);
  template.id = FRESH_IDS.message;
  template.conversation = { ...(template.conversation as object), id: FRESH_IDS.conversation };
}, 60_000);
afterAll(async () => h?.stop());

// ── generators ───────────────────────────────────────────────────────────────

const signed = (body: Buffer, ts = String(now())) => ({
  'content-type': 'application/json',
  'x-chatwoot-timestamp': ts,
  'x-chatwoot-signature': signWebhook(h.webhookSecret, ts, body),
});

function withPath(obj: Record<string, unknown>, path: readonly string[], value: unknown): Record<string, unknown> {
  const copy = structuredClone(obj);
  let at = copy as Record<string, unknown>;
  for (const k of path.slice(0, -1)) at = at[k] as Record<string, unknown>;
  if (value === DELETE) delete at[path.at(-1)!];
  else at[path.at(-1)!] = value;
  return copy;
}
const DELETE = Symbol('delete');

/** Required fields of message_created and a test of whether a value is valid there. */
const REQUIRED: [string[], (v: unknown) => boolean][] = [
  [['event'], (v) => v === 'message_created'],
  [['id'], (v) => Number.isInteger(v) && (v as number) >= 0],
  [['message_type'], (v) => ['incoming', 'outgoing', 'activity', 'template'].includes(v as string)],
  [['private'], (v) => typeof v === 'boolean'],
  [['account'], (v) => typeof v === 'object' && v !== null && !Array.isArray(v)],
  [['account', 'id'], (v) => Number.isInteger(v) && (v as number) >= 0],
  [['conversation'], (v) => typeof v === 'object' && v !== null && !Array.isArray(v)],
  [['conversation', 'id'], (v) => Number.isInteger(v) && (v as number) >= 0],
];

const anyValue = fc.oneof(
  fc.string({ maxLength: 50 }),
  fc.boolean(),
  fc.constant(null),
  fc.integer(),
  fc.double(),
  fc.array(fc.jsonValue({ maxDepth: 2 }), { maxLength: 5 }),
  fc.dictionary(fc.string({ maxLength: 8 }), fc.jsonValue({ maxDepth: 2 }), { maxKeys: 5 }),
  fc.string({ minLength: 1 }).map((s) => s.repeat(2000)),
);

const json = (v: unknown) => Buffer.from(JSON.stringify(v));
const OK_OR_REJECTED = [400, 200];

const wrongType: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(...REQUIRED), anyValue)
  .filter(([[, valid], v]) => !valid(v))
  .map(([[path], v]) => {
    const body = json(withPath(template, path, v));
    return { kind: `wrong type at ${path.join('.')}`, body, headers: signed(body), expect: OK_OR_REJECTED };
  });

const missingField: fc.Arbitrary<Case> = fc.constantFrom(...REQUIRED).map(([path]) => {
  const body = json(withPath(template, path, DELETE));
  return { kind: `missing ${path.join('.')}`, body, headers: signed(body), expect: [400] };
});

const hugeString: fc.Arbitrary<Case> = fc
  .tuple(fc.constantFrom(['event'], ['message_type'], ['conversation', 'id'], ['account', 'id']), fc.integer({ min: 101, max: 900_000 }), fc.boolean())
  .map(([path, size, overLimit]) => {
    const huge = withPath(template, path, 'x'.repeat(size));
    if (overLimit) huge.padding = 'y'.repeat(1_050_000); // past WEBHOOK_MAX_BODY_BYTES
    const body = json(huge);
    return { kind: overLimit ? 'body over the size limit' : `huge string at ${path.join('.')}`, body, headers: signed(body), expect: overLimit ? [413] : [400] };
  });

const deepNesting: fc.Arbitrary<Case> = fc
  .tuple(fc.integer({ min: 1_000, max: 100_000 }), fc.constantFrom('conversation', 'account', 'top-array'))
  .map(([depth, where]) => {
    const deep = '{"a":'.repeat(depth) + '1' + '}'.repeat(depth);
    const text =
      where === 'top-array'
        ? '['.repeat(depth) + ']'.repeat(depth)
        : JSON.stringify(withPath(template, [where], 0)).replace(`"${where}":0`, `"${where}":${deep}`);
    const body = Buffer.from(text);
    return { kind: `nesting ${where}`, body, headers: signed(body), expect: [400] };
  });

/** Invalid UTF-8 (stray continuation bytes, truncated sequences, overlongs, surrogates) inside a top-level value or key the schema checks. */
const MARK = '@@BAD@@';
const invalidUtf8: fc.Arbitrary<Case> = fc
  .tuple(
    fc.constantFrom('event value', 'message_type value', 'account key', 'conversation key', 'private key'),
    fc.constantFrom([0xff], [0xc3], [0x80], [0xe2, 0x82], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]),
  )
  .map(([where, bytes]) => {
    const [field, part] = where.split(' ') as [string, 'value' | 'key'];
    const marked: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(template)) {
      if (k !== field) marked[k] = v;
      else if (part === 'key') marked[`${k.slice(0, 3)}${MARK}${k.slice(3)}`] = v;
      else marked[k] = `${String(v).slice(0, 4)}${MARK}${String(v).slice(4)}`;
    }
    const [before, after] = JSON.stringify(marked).split(MARK) as [string, string];
    const body = Buffer.concat([Buffer.from(before), Buffer.from(bytes), Buffer.from(after)]);
    return { kind: `invalid UTF-8 in the ${where}`, body, headers: signed(body), expect: OK_OR_REJECTED };
  });

const garbage: fc.Arbitrary<Case> = fc
  .oneof(fc.uint8Array({ maxLength: 2000 }).map((b) => Buffer.from(b)), fc.string({ maxLength: 500 }).map((s) => Buffer.from(s)))
  .filter((b) => {
    try {
      const v = JSON.parse(b.toString('utf8')) as unknown;
      return !(v && typeof v === 'object' && 'event' in v);
    } catch {
      return true;
    }
  })
  .map((body) => ({ kind: 'valid signature over garbage', body, headers: signed(body), expect: [400] }));

const badSignature: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(fc.constant(null).map(() => json(template)), fc.jsonValue({ maxDepth: 3 }).map(json)),
    fc.oneof(
      fc.stringMatching(/^sha256=[0-9a-f]{64}$/),
      fc.string({ maxLength: 100 }),
      fc.constant(undefined),
      fc.constant('sha256=' + '0'.repeat(64)),
    ),
  )
  .map(([body, signature]) => {
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-timestamp': String(now()) };
    if (signature !== undefined) headers['x-chatwoot-signature'] = signature;
    return { kind: 'wrong or missing signature', body, headers, expect: [401] };
  });

/** Correctly signed, but for a timestamp outside the window (a replay of an old delivery) or not a timestamp at all. */
const badTimestamp: fc.Arbitrary<Case> = fc
  .tuple(
    fc.oneof(fc.constant(Buffer.from('')), fc.constant(null).map(() => json(template))),
    fc.oneof(
      fc.integer({ min: 302, max: 10_000_000 }).map((age) => String(now() - age)),
      fc.integer({ min: 302, max: 10_000_000 }).map((ahead) => String(now() + ahead)),
      fc.string({ maxLength: 20 }).filter((s) => !/^\d{1,12}$/.test(s) && /^[\x21-\x7e]*$/.test(s)),
    ),
  )
  .map(([b, ts]) => {
    const body = b.length ? b : Buffer.from(replay.body);
    const headers: Record<string, string> = { 'content-type': 'application/json', 'x-chatwoot-timestamp': ts, 'x-chatwoot-signature': signWebhook(h.webhookSecret, ts, body) };
    if (ts === '') delete headers['x-chatwoot-timestamp'];
    return { kind: 'stale, future or malformed timestamp', body, headers, expect: [401] };
  });

/** A delivery the pipeline already took, sent again within the window: acknowledged, nothing new. */
const replayed: fc.Arbitrary<Case> = fc.constant(null).map(() => ({
  kind: 'replayed delivery',
  body: Buffer.from(replay.body),
  headers: { 'content-type': 'application/json', ...replay.headers },
  expect: [200],
}));

/** Well-formed and signed, but nothing to act on: another account, agents' messages, notes, activity, auto-replies. */
const ignorable: fc.Arbitrary<Case> = fc
  .constantFrom<[string[], unknown]>(
    [['account', 'id'], 2],
    [['message_type'], 'outgoing'],
    [['message_type'], 'activity'],
    [['message_type'], 'template'],
    [['private'], true],
    [['event'], 'message_updated'],
    [['event'], 'conversation_typing_on'],
    [['content_attributes'], { email: { auto_reply: true } }],
  )
  .map(([path, v]) => {
    const body = json(withPath(template, path, v));
    return { kind: `ignored: ${path.join('.')}=${JSON.stringify(v)}`, body, headers: signed(body), expect: [200] };
  });

const hostile = fc.oneof(
  { arbitrary: wrongType, weight: 6 },
  { arbitrary: missingField, weight: 2 },
  { arbitrary: hugeString, weight: 1 },
  { arbitrary: deepNesting, weight: 1 },
  { arbitrary: invalidUtf8, weight: 2 },
  { arbitrary: garbage, weight: 3 },
  { arbitrary: badSignature, weight: 3 },
  { arbitrary: badTimestamp, weight: 3 },
  { arbitrary: replayed, weight: 1 },
  { arbitrary: ignorable, weight: 2 },
);

// ── the run ──────────────────────────────────────────────────────────────────

async function post(c: Case): Promise<{ status: number; body: Record<string, unknown> }> {
  const res = await fetch(`http://127.0.0.1:${h.pipeline.port}/webhook`, { method: 'POST', headers: c.headers, body: new Uint8Array(c.body) });
  const text = await res.text();
  let body: Record<string, unknown>;
  try {
    body = JSON.parse(text) as Record<string, unknown>;
  } catch {
    body = { raw: text.slice(0, 200) };
  }
  return { status: res.status, body };
}

async function snapshot(): Promise<string> {
  const { rows } = await h.pipeline.pool.query(
    'SELECT key, status, attempts, delivery_ids, checkpoint, updated_at FROM triage.jobs ORDER BY key',
  );
  return JSON.stringify(rows);
}

const heapMb = () => {
  gc();
  gc();
  return process.memoryUsage().heapUsed / 1024 / 1024;
};

describe('hostile input to POST /webhook', () => {
  it('5,000 generated payloads: no 5xx, the expected rejection for each, nothing enqueued, heap flat', async () => {
    const seen = new Map<string, Map<number, number>>();
    const property = fc.asyncProperty(hostile, async (c) => {
      const { status, body } = await post(c);
      const byStatus = seen.get(c.kind) ?? new Map<number, number>();
      byStatus.set(status, (byStatus.get(status) ?? 0) + 1);
      seen.set(c.kind, byStatus);
      expect(status, `${c.kind}: ${JSON.stringify(body).slice(0, 200)}`).toBeLessThan(500);
      expect(c.expect, `${c.kind} answered ${status}: ${JSON.stringify(body).slice(0, 200)}`).toContain(status);
      if (status === 200) expect(body.status === 'ignored' || (body.status === 'accepted' && body.created === 0), JSON.stringify(body)).toBe(true);
    });

    // Warm-up (JIT, pools, caches), then the measured run.
    await fc.assert(property, { numRuns: 300, seed: 1 });
    const jobsBefore = await snapshot();
    // The background readiness check (GET …/inboxes, every 60 s) may fall inside a slow run; it is not caused by the input.
    const causedCalls = () => h.chatwoot.requests.filter((r) => !(r.method === 'GET' && /\/inboxes$/.test(r.path))).length;
    const chatwootCalls = causedCalls();
    const heapBefore = heapMb();
    const seed = Number(process.env.HOSTILE_SEED ?? Date.now() % 1_000_000);
    const started = performance.now();
    await fc.assert(property, { numRuns: 5_000, seed });
    const seconds = (performance.now() - started) / 1000;
    const heapAfter = heapMb();

    const summary = [...seen].map(([kind, s]) => `${kind}: ${[...s].map(([st, n]) => `${st}×${n}`).join(' ')}`).sort();
    console.info(`hostile input (seed ${seed}): 5000 posts in ${seconds.toFixed(1)} s; heap ${heapBefore.toFixed(1)} → ${heapAfter.toFixed(1)} MB\n  ${summary.join('\n  ')}`);

    expect(await snapshot()).toBe(jobsBefore);
    expect(causedCalls()).toBe(chatwootCalls);
    expect(heapAfter - heapBefore).toBeLessThan(25);
    expect((await fetch(`http://127.0.0.1:${h.pipeline.port}/health`)).status).toBe(200);

    // A control: the same endpoint still takes a real new ticket (so the rejections above were not an outage).
    const body = json(template);
    expect(await post({ kind: 'control', body, headers: signed(body), expect: [200] })).toEqual({ status: 200, body: { status: 'accepted', created: 2 } });
  }, 180_000);
});
