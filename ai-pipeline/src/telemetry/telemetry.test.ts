import { describe, expect, it } from 'vitest';
import type { ConversationState, Decision } from '../triage/decide.js';
import { appliedState, diffApplied, type AppliedState } from './corrections.js';
import { conversationDistinctId } from './hash.js';
import { estimateCost } from './pricing.js';
import { scrubEvent, scrubText } from './scrub.js';
import { DRAFT_USED_THRESHOLD, textSimilarity } from './similarity.js';

describe('scrubEvent (Sentry beforeSend)', () => {
  it('keeps the error class, tags and frames; drops request, user, breadcrumbs and extra; masks addresses, tokens and quoted text', () => {
    const event = {
      event_id: 'abc',
      level: 'error',
      environment: 'prod',
      tags: { job_kind: 'triage', attempts: '3', error_class: 'ModelOutputError' },
      exception: {
        values: [
          {
            type: 'ChatwootApiError',
            value: 'failed for anna.keller@example.com with api_key=sk-ant-abc123 and Bearer eyJhbGciOiJIUzI1NiJ9xyz: "Hallo, meine App stürzt immer ab"',
            stacktrace: { frames: [{ filename: 'worker.js', lineno: 10, pre_context: ['const text = "Hallo"'], context_line: 'x', vars: { text: 'Hallo' } }] },
          },
        ],
      },
      request: { url: 'http://x/webhook', data: '{"content":"Hallo"}', headers: { authorization: 'Bearer secret' }, cookies: { a: 'b' } },
      user: { email: 'anna.keller@example.com', ip_address: '1.2.3.4' },
      breadcrumbs: [{ message: 'GET http://chatwoot/api?token=abc' }],
      extra: { body: 'customer text' },
      contexts: { os: { name: 'Linux' }, request: { body: 'x' } },
    };
    const out = scrubEvent(event) as Record<string, unknown>;
    expect(Object.keys(out).sort()).toEqual(['contexts', 'environment', 'event_id', 'exception', 'level', 'tags']);
    expect(out.contexts).toEqual({ os: { name: 'Linux' } });
    expect(out.tags).toEqual(event.tags);
    const value = (out.exception as typeof event.exception).values[0]!;
    expect(value.type).toBe('ChatwootApiError');
    expect(value.stacktrace).toEqual({ frames: [{ filename: 'worker.js', lineno: 10, module: undefined, function: undefined, colno: undefined, in_app: undefined }] });
    expect(value.value).toBe('failed for [email] with api_key=[redacted] and Bearer [redacted] "[text]"');
  });

  it('masks URL queries and long secrets in messages', () => {
    expect(scrubText('GET https://chatwoot.example/api/v1/x?api_access_token=abc failed')).toBe('GET https://chatwoot.example/api/v1/x?[query] failed');
    expect(scrubText('key a1b2c3d4e5f6g7h8i9j0k1l2m3n4 leaked')).toBe('key [redacted] leaked');
    expect(scrubText('plain error')).toBe('plain error');
  });
});

describe('textSimilarity', () => {
  const draft = 'Thank you for reaching out. We are looking into the export crash and will reply within one business day.';
  it('is 1 for the same words, ignoring case, punctuation and markdown', () => {
    expect(textSimilarity(draft, `**${draft.toUpperCase()}**`)).toBe(1);
  });
  it('stays above the used threshold when the agent adds a greeting and a signature', () => {
    expect(textSimilarity(draft, `Hi Lena,\n\n${draft}\n\nBest, Otto`)).toBeGreaterThanOrEqual(DRAFT_USED_THRESHOLD);
  });
  it('falls below it for a reply written from scratch, and is 0 for nothing in common or an empty text', () => {
    expect(textSimilarity(draft, 'Fixed in version 2.3, please update the app.')).toBeLessThan(DRAFT_USED_THRESHOLD);
    expect(textSimilarity('alpha beta', 'gamma delta')).toBe(0);
    expect(textSimilarity('', draft)).toBe(0);
  });
});

describe('diffApplied (corrections)', () => {
  const applied: AppliedState = { category: 'bug-report', aiCategory: 'bug-report', priority: 'high', teamId: 101, assigneeId: null, assigned: true, suggested: false };
  const same: ConversationState = {
    labels: ['bug-report', 'high-confidence', 'ai-processed'],
    customAttributes: { ai_category: 'bug-report', ai_summary: 'x' },
    priority: 'high',
    assigneeId: null,
    teamId: 101,
  };
  it('finds nothing when the state is what the triage set (its own writes)', () => {
    expect(diffApplied(applied, same)).toEqual([]);
    expect(diffApplied(applied, { ...same, assigneeId: 7, labels: [...same.labels, 'vip'] })).toEqual([]); // fields the triage did not set
  });
  it('reports every changed field the triage set, from → to', () => {
    expect(
      diffApplied(applied, { labels: ['refund-request', 'ai-processed'], customAttributes: { ai_category: 'refund-request' }, priority: null, assigneeId: null, teamId: 102 }),
    ).toEqual([
      { field: 'category_label', from: 'bug-report', to: 'refund-request' },
      { field: 'ai_category', from: 'bug-report', to: 'refund-request' },
      { field: 'team', from: '101', to: '102' },
      { field: 'priority', from: 'high', to: '(none)' },
    ]);
  });
  it('ignores priority and assignment the triage did not set', () => {
    const suggestOnly: AppliedState = { ...applied, priority: null, teamId: null, assigned: false, suggested: true };
    expect(diffApplied(suggestOnly, { ...same, priority: 'low', teamId: 5 })).toEqual([]);
  });
  it('does not count a write Chatwoot refused (jobs/apply.ts) as a correction: its field was never set', () => {
    const decision = { category: 'bug-report', priority: 'high', assign: { teamId: 101, agentId: null }, suggest: null } as unknown as Decision;
    expect(appliedState(decision)).toEqual(applied);
    const refused = appliedState(decision, ['labels', 'custom_attributes', 'priority', 'team']);
    expect(refused).toEqual({ ...applied, priority: null, teamId: null, assigned: false, labelsSet: false, attributesSet: false });
    // What Chatwoot shows after those refusals: none of the triage's values.
    expect(diffApplied(refused, { labels: ['vip'], customAttributes: {}, priority: null, assigneeId: null, teamId: null })).toEqual([]);
    // Team refused, agent set: still assigned (to the agent).
    const both = { ...decision, assign: { teamId: 101, agentId: 7 } } as Decision;
    expect(appliedState(both, ['team'])).toMatchObject({ teamId: null, assigneeId: 7, assigned: true });
  });
});

describe('conversationDistinctId and estimateCost', () => {
  it('is a keyed hash: stable for a salt, different across salts and conversations, no id in clear', () => {
    const a = conversationDistinctId('salt-one-0123456789', 1, 42);
    expect(a).toMatch(/^[0-9a-f]{32}$/);
    expect(conversationDistinctId('salt-one-0123456789', 1, 42)).toBe(a);
    expect(conversationDistinctId('salt-two-0123456789', 1, 42)).not.toBe(a);
    expect(conversationDistinctId('salt-one-0123456789', 1, 43)).not.toBe(a);
  });
  it('prices dated model ids by their family', () => {
    expect(estimateCost('claude-sonnet-4-5-20250929', 1_000_000, 100_000)).toBeCloseTo(4.5);
    expect(estimateCost('unknown-model', 10, 10)).toBeNull();
  });
});
