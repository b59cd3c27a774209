import { describe, expect, it } from 'vitest';
import type { Category } from '../../triage/categories.js';
import type { ConceptMatch } from './concepts.js';
import { offlineSummary } from './summary.js';

/** A matched concept as the classifier reports it (only the id and the categories it supports matter here). */
const match = (id: string, categories: Partial<Record<Category, number>> = { 'refund-request': 1 }): ConceptMatch => ({
  concept: { id, english: id, categories, phrases: [] },
  count: 1,
});

const summary = (category: Category, ids: (string | ConceptMatch)[]) =>
  offlineSummary({ category, language: 'de', subject: null, concepts: ids.map((c) => (typeof c === 'string' ? match(c) : c)) });

describe('offline summary: one sentence, each thing said once', () => {
  it('says "money back" once, in its strongest form', () => {
    const s = summary('refund-request', ['money-back', 'refund-demand', 'closing-demand']);
    expect(s).toBe('Refund request in German: they demand money back.');
    const t = summary('refund-request', ['refund', 'money-back', 'double-charge']);
    expect(t).toBe('Refund request in German: the customer wants a refund and they were charged twice.');
  });

  it('drops a vague clause when a precise one says more ("a payment is involved" beside "charged twice")', () => {
    expect(summary('refund-request', ['double-charge', 'unexpected-charge', 'payment', 'amount'])).toBe(
      'Refund request in German: they were charged twice and an amount is named.',
    );
  });

  it('an automatic reply is named once, first, and its "thank you for your message" is no feedback', () => {
    const other = { other: 1 };
    expect(summary('other', [match('feedback', other), match('auto-reply', other), match('automatic-mail', other)])).toBe(
      'Message in German: it is an automatic reply.',
    );
    expect(summary('other', [match('partnership', other), match('automatic-mail', other)])).toBe(
      'Message in German: a machine wrote it (an auto-reply, a bounce or bulk mail) and it is a business, press or partnership enquiry.',
    );
  });

  it('two concepts that read the same give one clause', () => {
    expect(summary('product-question', [match('pricing', { 'product-question': 1 }), match('no-refund-wanted', { 'product-question': 1 }), match('refund-negated', { 'product-question': 1 })])).toBe(
      'Product question in German: it concerns plans or prices and they do not want money back.',
    );
  });
});

describe('offline summary: the quoted English subject', () => {
  it('leaves out the reply and forward prefixes mail clients stack on it', () => {
    const s = (subject: string) => offlineSummary({ category: 'product-question', language: 'en', subject, concepts: [match('pricing', { 'product-question': 1 })] });
    expect(s('Re: Re: Fwd: student discount?')).toBe('Product question in English ("student discount?"): it concerns plans or prices.');
    expect(s('RE: AW: WG: Fw: price for schools')).toBe('Product question in English ("price for schools"): it concerns plans or prices.');
    expect(s('Return policy for schools')).toBe('Product question in English ("Return policy for schools"): it concerns plans or prices.');
  });
});
