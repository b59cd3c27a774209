import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createOfflineProvider, loadOfflineProvider, UNEXAMPLED_CONFIDENCE_CAP } from '../src/model/offline/index.js';
import { templateBodies } from '../src/model/offline/templates.js';
import { loadTickets } from '../src/tickets/ticket.js';

const ROOT = resolve(import.meta.dirname, '../..');
const SIX = ['bug-report', 'refund-request', 'account-access', 'feature-request', 'product-question', 'other'];
const input = (text: string) => ({ subject: null, text, language: 'en' });

describe('the offline model with configured categories', () => {
  it('reports categories without example tickets and never gives them a high confidence', async () => {
    const offline = createOfflineProvider({ tickets: await loadTickets(`${ROOT}/tickets`), categories: SIX });
    expect(offline.categoriesWithoutExamples).toEqual(['account-access', 'feature-request']);
    for (const text of ['I cannot log in to my account', 'Please add a dark mode', 'The app crashes on export', 'I want a refund']) {
      const { value } = await offline.analyze(input(text));
      expect(SIX).toContain(value.category);
      if (offline.categoriesWithoutExamples.includes(value.category)) expect(value.confidence).toBeLessThanOrEqual(UNEXAMPLED_CONFIDENCE_CAP);
    }
  });

  it('a team\'s own categories with no example tickets but "other": no confident answer from a one-class model', async () => {
    // The sample tickets label only "other" among these: a model trained on one category used to answer it for every
    // ticket with confidence 1, so every ticket would have been auto-assigned to that queue.
    const own = ['shipping', 'return', 'warranty-claim', 'other'];
    const offline = createOfflineProvider({ tickets: await loadTickets(`${ROOT}/tickets`), categories: own, sensitive: ['return'] });
    expect(offline.categoriesWithoutExamples).toEqual(['shipping', 'return', 'warranty-claim']);
    for (const text of ['Where is my parcel? Tracking shows nothing for a week', 'I want to send the grinder back and get my money back', 'Great shop, thanks!']) {
      const { value } = await offline.analyze(input(text));
      expect(own).toContain(value.category);
      expect(value.confidence).toBeLessThanOrEqual(UNEXAMPLED_CONFIDENCE_CAP);
    }
    // The summary starts with the category as words, like the built-in ones ("Bug report in German…").
    const warranty = createOfflineProvider({ tickets: [], categories: ['warranty-claim'] });
    expect((await warranty.analyze({ subject: null, text: 'Die Pumpe meiner Maschine ist kaputt.', language: 'de' })).value.summary).toMatch(/^Warranty claim in German/);
  });

  it('the template drafts name nothing of the sample study app, for a team that keeps a built-in category such as bug-report', async () => {
    const STUDY = /stud|lern|leren|révision|flashcard|karteikart|exam/i;
    for (const { variant, bodies } of templateBodies()) {
      for (const [category, body] of Object.entries(bodies)) expect(body, `${variant} ${category}`).not.toMatch(STUDY);
    }
    const offline = createOfflineProvider({ tickets: [], categories: ['bug-report', 'shipping', 'other'] });
    const analysis = { translation: null, category: 'bug-report', priority: 'medium' as const, confidence: 0.3, summary: 'x' };
    for (const [language, customerText] of [['en', 'The espresso machine app crashes'], ['de', 'Können Sie mir helfen? Die App stürzt ab.'], ['de', 'Kannst du mir helfen? Die App stürzt ab.']] as const) {
      const draft = await offline.draft({ language, customerText, subject: null, analysis, customerFacts: '', contactName: 'Jan', plan: null, thread: [] });
      expect(draft.value).not.toMatch(STUDY);
    }
  });

  it('trains only on tickets whose category is configured, and answers only with those', async () => {
    const offline = createOfflineProvider({ tickets: await loadTickets(`${ROOT}/tickets`), categories: ['bug-report', 'other'] });
    expect(offline.categoriesWithoutExamples).toEqual([]);
    const { value } = await offline.analyze(input('I was charged twice, I want my money back'));
    expect(['bug-report', 'other']).toContain(value.category);
    // A draft for a category without its own template uses the generic one.
    const draft = await createOfflineProvider({ tickets: [], categories: SIX }).draft({
      language: 'en', customerText: 'x', subject: null, analysis: { ...value, category: 'account-access' }, customerFacts: '', contactName: null, plan: null, thread: [],
    });
    expect(draft.value.length).toBeGreaterThan(20);
  });

  it('with the example tickets of the new categories, every category has examples', async () => {
    const offline = await loadOfflineProvider([`${ROOT}/tickets`, `${ROOT}/chatwoot-config/triage-example-tickets.jsonl`], { categories: SIX });
    expect(offline.categoriesWithoutExamples).toEqual([]);
  });
});
