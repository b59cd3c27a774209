import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyzeTicket } from '../../triage/analyze.js';
import { CATEGORIES } from '../../triage/categories.js';
import { loadTickets, type Ticket } from '../../tickets/ticket.js';
import type { DraftInput } from '../provider.js';
import { fitTemperature, softmax } from './calibration.js';
import { findConcepts } from './concepts.js';
import { groupedFolds } from './folds.js';
import { createOfflineProvider, exampleFromTicket } from './index.js';
import { trainClassifier } from './classifier.js';
import { draftTemplate, TEMPLATE_LANGUAGES } from './templates.js';

const TICKETS_DIR = resolve(import.meta.dirname, '../../../../tickets');

function ticket(id: string, lang: string, category: Ticket['category'], priority: Ticket['priority'], subject: string, body: string): Ticket {
  return { id, channel: 'email', subject, body, from_email: `${id}@example.com`, lang, category, priority };
}

/** A small hand-written training set (not from tickets/) so these tests run without the sample folder. */
const TINY: Ticket[] = [
  ticket('a1', 'en', 'bug-report', 'high', 'App crashes', 'The app crashes every time I open my deck since the update.'),
  ticket('a2', 'de', 'bug-report', 'medium', 'Fehler', 'Beim Export kommt eine Fehlermeldung und nichts passiert.'),
  ticket('a3', 'nl', 'refund-request', 'high', 'Terugbetaling', 'Ik ben twee keer afgeschreven, ik wil mijn geld terug.'),
  ticket('a4', 'fr', 'refund-request', 'medium', 'Remboursement', 'Je voudrais être remboursé, j’ai pris le mauvais abonnement par erreur.'),
  ticket('a5', 'de', 'product-question', 'low', 'Frage', 'Wie kann ich meine Karteikarten mit einer Freundin teilen?'),
  ticket('a6', 'en', 'product-question', 'low', 'Question', 'Is there a dark mode? How can I turn it on?'),
  ticket('a7', 'it', 'other', 'low', 'Collaborazione', 'Siamo un’associazione studentesca e vorremmo proporre una collaborazione.'),
  ticket('a8', 'es', 'other', 'low', 'Gracias', 'Solo quería decir gracias, me encanta la app.'),
];

describe('lexicon concepts', () => {
  it('finds concepts across languages, accent- and case-insensitively, with prefixes', () => {
    const ids = (t: string): string[] => findConcepts(t).map((m) => m.concept.id);
    expect(ids('Ich möchte eine RÜCKERSTATTUNG')).toContain('refund');
    expect(ids('De app crasht sinds de update')).toEqual(expect.arrayContaining(['crash', 'since-update']));
    expect(ids("L'application ne marche pas")).toContain('not-working');
    expect(ids('¿Cómo puedo cambiar mi contraseña?')).toContain('how-to');
    expect(ids('Mi hanno addebitato due volte')).toContain('double-charge');
    expect(ids('The weather is nice today')).toEqual([]);
  });
});

describe('calibration', () => {
  it('softmax sums to one and sharpens as the temperature falls', () => {
    const p1 = softmax([2, 1, 0], 1);
    const p05 = softmax([2, 1, 0], 0.5);
    expect(p1.reduce((a, b) => a + b, 0)).toBeCloseTo(1, 12);
    expect(p05[0]).toBeGreaterThan(p1[0] as number);
  });

  it('fits a large temperature to overconfident wrong scores and a small one to reliable scores', () => {
    const reliable = fitTemperature([[3, 0], [0, 3], [3, 0], [0, 3]], [0, 1, 0, 1]);
    const noisy = fitTemperature([[3, 0], [0, 3], [3, 0], [0, 3]], [0, 1, 1, 0]);
    expect(reliable).toBeLessThan(0.1);
    expect(noisy).toBeGreaterThan(10);
  });
});

describe('groupedFolds', () => {
  it('keeps exact duplicates in one fold and spreads labels', () => {
    const items = ['a', 'a', 'b', 'c', 'd', 'e', 'f', 'a'].map((body, i) => ({ body, label: i % 2 === 0 ? 'x' : 'y' }));
    const folds = groupedFolds(items, 3, (it) => it.body, (it) => it.label);
    expect(new Set([folds[0], folds[1], folds[7]]).size).toBe(1);
    expect(new Set(folds).size).toBe(3);
  });
});

describe('offline provider', () => {
  const provider = createOfflineProvider({ tickets: TINY });

  it('is the offline kind, returns no translation and no usage', async () => {
    expect(provider.kind).toBe('offline');
    expect(provider.model).toBe('offline-nb-1');
    const { value, usage } = await provider.analyze({ subject: 'Refund', text: 'I was charged twice, please refund me', language: 'en' });
    expect(value.translation).toBeNull();
    expect(value.category).toBe('refund-request');
    expect(usage).toEqual({ calls: 0, inputTokens: 0, outputTokens: 0 });
  });

  it('classifies unseen tickets in several languages through the real analysis step', async () => {
    const cases: Array<[string, string, string]> = [
      ['Abbuchung', 'Hallo, ihr habt mir das Jahresabo zweimal abgebucht. Ich möchte mein Geld zurück.', 'refund-request'],
      ['Bug', 'Sinds de laatste update loopt de app vast zodra ik een quiz start. Foutmelding: 500.', 'bug-report'],
      ['Question', 'Bonjour, est-il possible de réviser hors connexion dans le train ?', 'product-question'],
      ['Partnership', 'Hello, we are a student magazine and would love a partnership or a sponsor deal.', 'other'],
    ];
    for (const [subject, content, expected] of cases) {
      const result = await analyzeTicket(provider, { subject, content });
      expect(result.analysis.category, content).toBe(expected);
    }
  });

  it('gives a confidence in [0,1] that varies with the evidence', async () => {
    const clear = await provider.analyze({
      subject: 'Refund',
      text: 'You charged me twice! I want a refund, money back now. Rückerstattung bitte.',
      language: 'en',
    });
    const vague = await provider.analyze({ subject: null, text: 'hello', language: 'en' });
    for (const c of [clear.value.confidence, vague.value.confidence]) {
      expect(c).toBeGreaterThanOrEqual(0);
      expect(c).toBeLessThanOrEqual(1);
    }
    expect(clear.value.confidence).toBeGreaterThan(vague.value.confidence);
  });

  it('writes an English one-line summary from concepts, never copying non-English text', async () => {
    const text = 'Die App stürzt seit dem Update ständig ab, Fehlermeldung beim Öffnen der Karteikarten.';
    const { value } = await provider.analyze({ subject: 'Absturz nach Update', text, language: 'de' });
    expect(value.summary).toBe('Bug report (de): app crashes; error message; since the last update');
    expect(value.summary).not.toContain('stürzt');
  });

  it('treats unreadable text as other', async () => {
    const { value } = await provider.analyze({ subject: '??', text: 'jjjj kkkk', language: 'unknown' });
    expect(value.category).toBe('other');
  });
});

describe('drafts', () => {
  const base: DraftInput = {
    language: 'en',
    customerText: '',
    subject: null,
    analysis: { translation: null, category: 'refund-request', priority: 'medium', confidence: 0.9, summary: '' },
    customerFacts: '',
    contactName: 'Mia Schneider',
    plan: 'Pro',
    thread: [],
  };
  const provider = createOfflineProvider({ tickets: TINY });
  const greetings: Record<string, string> = { en: 'Hi Mia,', de: 'Hallo Mia,', nl: 'Hoi Mia,', fr: 'Bonjour Mia,', it: 'Ciao Mia,', es: 'Hola, Mia:', sv: 'Hej Mia,', pt: 'Olá, Mia!' };

  it.each(Object.keys(greetings))('in %s greets by name, mentions the plan and has placeholders', async (language) => {
    for (const category of CATEGORIES) {
      const { value, usage } = await provider.draft({ ...base, language, analysis: { ...base.analysis, category } });
      expect(value.startsWith(`${greetings[language]}\n\n`)).toBe(true);
      expect(value).toContain('Pro');
      expect(value).toMatch(/\[[^\]]+\]/);
      expect(usage.calls).toBe(0);
    }
  });

  it('covers at least de, nl, fr, en, it, es, sv, pt and falls back to English', () => {
    expect(TEMPLATE_LANGUAGES).toEqual(expect.arrayContaining(['de', 'nl', 'fr', 'en', 'it', 'es', 'sv', 'pt']));
    const text = draftTemplate({ language: 'pl', category: 'bug-report', contactName: null, plan: null, followUp: false });
    expect(text.startsWith('Hi,\n\nThanks for letting us know')).toBe(true);
  });

  it('uses the German refund template without a plan sentence when the plan is unknown', () => {
    const text = draftTemplate({ language: 'de', category: 'refund-request', contactName: 'Jonas Weber', plan: null, followUp: false });
    expect(text).toContain('Hallo Jonas,\n\ndanke, dass du dich wegen deiner Zahlung meldest.\n\n[Entscheidung zur Rückerstattung');
    expect(text).not.toContain('Plan');
    expect(text.endsWith('Viele Grüße\n[Name]\nSupport-Team')).toBe(true);
  });

  it('gives a short acknowledgement template for follow-ups', async () => {
    const { value } = await provider.draft({ ...base, language: 'nl', thread: [{ from: 'customer', text: 'Nog een vraag' }] });
    expect(value).toBe('Hoi Mia,\n\nbedankt voor je reactie. [Antwoord op het nieuwe bericht]\n\nMet vriendelijke groet,\n[Naam]\nSupportteam');
  });
});

describe('on the sample tickets (cross-validated)', () => {
  const available = existsSync(TICKETS_DIR);

  it('beats the majority-class baseline by a clear margin and keeps refunds', async (ctx) => {
    const tickets = available ? await loadTickets(TICKETS_DIR) : [];
    if (tickets.length < 80) {
      ctx.skip(`needs ≥ 80 tickets in tickets/, found ${tickets.length}`);
      return;
    }
    const examples = tickets.map(exampleFromTicket);
    const folds = groupedFolds(examples, 5, (e) => e.features.key, (e) => e.category);
    let right = 0;
    let refunds = 0;
    let refundsFound = 0;
    const confidences = new Set<number>();
    for (let f = 0; f < 5; f += 1) {
      const model = trainClassifier(examples.filter((_, i) => folds[i] !== f));
      examples.forEach((e, i) => {
        if (folds[i] !== f) return;
        const c = model.classify(e.features);
        confidences.add(Math.round(c.confidence * 1000));
        expect(c.confidence).toBeGreaterThanOrEqual(0);
        expect(c.confidence).toBeLessThanOrEqual(1);
        if (c.category === e.category) right += 1;
        if (e.category === 'refund-request') {
          refunds += 1;
          if (c.category === 'refund-request') refundsFound += 1;
        }
      });
    }
    const counts = CATEGORIES.map((c) => tickets.filter((t) => t.category === c).length);
    const baseline = Math.max(...counts) / tickets.length;
    const accuracy = right / tickets.length;
    expect(accuracy).toBeGreaterThanOrEqual(baseline + 0.15);
    expect(accuracy).toBeGreaterThanOrEqual(0.8);
    expect(refundsFound / refunds).toBeGreaterThanOrEqual(0.8);
    expect(confidences.size).toBeGreaterThan(10);
  });
});
