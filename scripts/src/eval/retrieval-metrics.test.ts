import { describe, expect, it } from 'vitest';
import { computeRetrievalMetrics, formatRetrievalReport } from './retrieval-metrics.js';
import { parseRetrievalSet, RetrievalSetError } from './retrieval.js';

describe('retrieval metrics', () => {
  const m = computeRetrievalMetrics([
    { id: 'a', lang: 'de', expected: ['x'], found: ['x', 'y'] },
    { id: 'b', lang: 'de', expected: ['x', 'x-de'], found: ['y', 'x-de'] },
    { id: 'c', lang: 'en', expected: ['z'], found: ['p', 'q', 'r', 'z'] },
    { id: 'd', lang: 'en', expected: [], found: [] },
    { id: 'e', lang: 'en', expected: [], found: ['x'] },
  ]);

  it('hit@1, hit@3, MRR over answerable tickets; no-match share over all; unanswerable that came out "no match"', () => {
    expect(m.overall).toEqual({ tickets: 5, answerable: 3, hitAt1: 1 / 3, hitAt3: 2 / 3, mrr: (1 + 0.5 + 0.25) / 3, noMatchShare: 0.2, unanswerable: 2, unanswerableNoMatch: 1 });
    expect(m.byLanguage.de).toMatchObject({ tickets: 2, hitAt1: 0.5, hitAt3: 1, mrr: 0.75 });
    expect(m.misses.map((c) => c.id)).toEqual(['c', 'e']);
  });

  it('prints one row per language and the misses', () => {
    const text = formatRetrievalReport(m, 'header');
    expect(text).toContain('| all | 5 | 3 | 33.3% | 66.7% | 0.583 | 20.0% | 1/2 |');
    expect(text).toContain('- e (en): expected no match; got x');
  });
});

describe('labelled set', () => {
  it('names the line and field at fault', () => {
    expect(() => parseRetrievalSet('set.jsonl', '{"id":"a","lang":"de","subject":"","text":"t","expected":["x"]}\n{"id":"b","lang":"de","subject":"","text":"t"}')).toThrow(
      new RetrievalSetError('set.jsonl:2: field "expected": Invalid input: expected array, received undefined'),
    );
  });
});
