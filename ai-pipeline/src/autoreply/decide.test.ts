import { describe, expect, it } from 'vitest';
import { decideAutoReply, type AutoReplyFacts } from './decide.js';
import { autoReplySectionSchema, autoReplySettings } from './schema.js';
import { autoReplyMessage, signOff } from './sign-off.js';

const NOW = Date.UTC(2026, 10, 28, 12);
const base: AutoReplyFacts = {
  settings: { categories: ['product-question'], minConfidence: 0.85, requireArticle: true, inboxes: [3] },
  category: 'product-question',
  sensitive: false,
  confidence: 0.9,
  inboxId: 3,
  usedArticleIds: ['A1'],
  draftFlags: [],
  draftFallback: false,
  assignedPerson: false,
  labels: [],
  customerAutoReply: false,
  lastAutoReplyAt: null,
  now: NOW,
  cooldownHours: 24,
  draft: 'Hallo, so geht es.',
};

describe('decideAutoReply', () => {
  it('sends when every condition holds, and says why', () => {
    expect(decideAutoReply(base)).toEqual({
      send: true,
      why: ['category product-question, confidence 0.90 ≥ 0.85', 'grounded in 1 help-center article(s)', 'no person assigned, no flags in the draft check'],
    });
  });

  it.each<[string, Partial<AutoReplyFacts>, string]>([
    ['not configured', { settings: null }, 'auto_reply is not configured'],
    ['sensitive category', { category: 'refund', sensitive: true }, 'category refund is sensitive'],
    ['sensitive even when listed', { sensitive: true }, 'category product-question is sensitive'],
    ['category not listed', { category: 'bug-report' }, 'category bug-report is not in auto_reply.categories'],
    ['other inbox', { inboxId: 4 }, 'inbox 4 is not in auto_reply.inboxes'],
    ['unknown inbox', { inboxId: null }, 'inbox unknown is not in auto_reply.inboxes'],
    ['low confidence', { confidence: 0.84 }, 'confidence 0.84 is below 0.85'],
    ['no article', { usedArticleIds: [] }, 'the draft used no help-center article'],
    ['person assigned', { assignedPerson: true }, 'a person is assigned'],
    ['opt-out label', { labels: ['vip', 'no-auto-reply'] }, 'the conversation has the label no-auto-reply'],
    ['out-of-office', { customerAutoReply: true }, 'the customer message is an auto-reply or out-of-office'],
    ['within cooldown', { lastAutoReplyAt: NOW - 23 * 3_600_000 }, 'already auto-replied within 24 h'],
    ['flagged draft', { draftFlags: ['https://evil.example'] }, 'the draft check flagged the draft'],
    ['fallback draft', { draftFallback: true }, 'the draft is not the model’s own (fallback)'],
    ['empty draft', { draft: '  ' }, 'the draft is empty'],
  ])('never: %s', (_name, change, reason) => {
    expect(decideAutoReply({ ...base, ...change })).toEqual({ send: false, reason });
  });

  it('sends again after the cooldown, at exactly the threshold, in any inbox when inboxes is omitted, without an article when not required', () => {
    expect(decideAutoReply({ ...base, lastAutoReplyAt: NOW - 24 * 3_600_000 }).send).toBe(true);
    expect(decideAutoReply({ ...base, confidence: 0.85 }).send).toBe(true);
    expect(decideAutoReply({ ...base, inboxId: 99, settings: { ...base.settings!, inboxes: null } }).send).toBe(true);
    expect(decideAutoReply({ ...base, usedArticleIds: [], settings: { ...base.settings!, requireArticle: false } }).send).toBe(true);
  });
});

describe('auto_reply section', () => {
  it('fills defaults and names the bad field', () => {
    expect(autoReplySettings(autoReplySectionSchema.parse({ categories: ['product-question'] }))).toEqual({
      categories: ['product-question'],
      minConfidence: 0.85,
      requireArticle: true,
      inboxes: null,
    });
    const bad = autoReplySectionSchema.safeParse({ categories: ['product-question'], min_confidence: 0.2 });
    expect(bad.success).toBe(false);
    expect(bad.error!.issues[0]).toMatchObject({ path: ['min_confidence'], message: 'must be at least 0.5' });
    expect(autoReplySectionSchema.safeParse({ categories: [] }).error!.issues[0]!.message).toBe('must list at least 1 category');
    expect(autoReplySettings(undefined)).toBeNull();
  });
});

describe('sign-off', () => {
  it('is in the customer language, English otherwise', () => {
    expect(signOff('de')).toMatch(/^Diese Antwort hat unser KI-Assistent/);
    expect(signOff('xx')).toBe(signOff('en'));
    expect(autoReplyMessage(' Hallo. ', 'de')).toBe(`Hallo.\n\n—\n_${signOff('de')}_`);
  });
});
