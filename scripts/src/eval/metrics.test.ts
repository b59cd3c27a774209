import { describe, expect, it } from 'vitest';
import { classification, computeMetrics, majority, type ScoredTicket } from './metrics.js';
import { estimateCost, priceFor } from './pricing.js';
import { parseEvalArgs, UsageError } from './args.js';

function row(id: string, category: string, predicted: string, confidence: number, extra: Partial<ScoredTicket> = {}): ScoredTicket {
  return { id, category, predictedCategory: predicted, confidence, priority: 'low', predictedPriority: 'low', language: 'de', predictedLanguage: 'de', ...extra };
}

// Hand-made set: 3 bug (2 right, 1 → question), 2 refund (1 right, 1 → bug), 1 question (right).
const ROWS: ScoredTicket[] = [
  row('1', 'bug-report', 'bug-report', 0.9),
  row('2', 'bug-report', 'bug-report', 0.7),
  row('3', 'bug-report', 'product-question', 0.6, { predictedLanguage: 'en' }),
  row('4', 'refund-request', 'refund-request', 0.95, { priority: 'high', predictedPriority: 'medium' }),
  row('5', 'refund-request', 'bug-report', 0.85, { priority: 'high' }),
  row('6', 'product-question', 'product-question', 0.5),
];
const CATS = ['bug-report', 'refund-request', 'product-question', 'other'];

describe('computeMetrics', () => {
  const m = computeMetrics(ROWS, { categories: CATS, priorities: ['low', 'medium', 'high', 'urgent'], threshold: 0.8 });

  it('computes accuracy, per-class precision/recall/F1 and the confusion matrix', () => {
    expect(m.tickets).toBe(6);
    expect(m.accuracy).toBeCloseTo(4 / 6, 12);
    expect(m.perCategory['bug-report']).toEqual({ precision: 2 / 3, recall: 2 / 3, f1: 2 / 3, support: 3 });
    expect(m.perCategory['refund-request']).toEqual({ precision: 1, recall: 0.5, f1: 2 / 3, support: 2 });
    expect(m.perCategory['product-question']).toEqual({ precision: 0.5, recall: 1, f1: 2 / 3, support: 1 });
    expect(m.perCategory.other).toEqual({ precision: 0, recall: 0, f1: 0, support: 0 });
    expect(m.macroF1).toBeCloseTo(2 / 3, 12);
    expect(m.confusion).toEqual({
      labels: CATS,
      matrix: [
        [2, 0, 1, 0],
        [1, 1, 0, 0],
        [0, 0, 1, 0],
        [0, 0, 0, 0],
      ],
    });
  });

  it('computes baselines, language and priority accuracy', () => {
    expect(m.majorityBaseline).toEqual({ label: 'bug-report', accuracy: 0.5 });
    expect(m.languageAccuracy).toBeCloseTo(5 / 6, 12);
    // Priorities: rows 4 (high→medium) and 5 (high→low) wrong.
    expect(m.priorityAccuracy).toBeCloseTo(4 / 6, 12);
    expect(m.priorityMajorityBaseline).toEqual({ label: 'low', accuracy: 4 / 6 });
  });

  it('computes confidence means and the auto-assign share at the threshold', () => {
    expect(m.meanConfidenceCorrect).toBeCloseTo((0.9 + 0.7 + 0.95 + 0.5) / 4, 12);
    expect(m.meanConfidenceWrong).toBeCloseTo((0.6 + 0.85) / 2, 12);
    // ≥ 0.8: rows 1, 4 (right) and 5 (wrong).
    expect(m.autoAssignCount).toBe(3);
    expect(m.autoAssignShare).toBe(0.5);
    expect(m.autoAssignAccuracy).toBeCloseTo(2 / 3, 12);
  });

  it('handles empty shares without dividing by zero', () => {
    const none = computeMetrics(ROWS, { categories: CATS, priorities: [], threshold: 0.99 });
    expect(none.autoAssignAccuracy).toBeNull();
    expect(none.autoAssignShare).toBe(0);
    const allRight = computeMetrics([row('1', 'other', 'other', 1)], { categories: CATS, priorities: [], threshold: 0.5 });
    expect(allRight.meanConfidenceWrong).toBeNull();
  });
});

describe('helpers', () => {
  it('majority breaks ties by the given order', () => {
    expect(majority(['b', 'a', 'a', 'b'], ['b', 'a'])).toEqual({ label: 'b', accuracy: 0.5 });
    expect(majority([])).toEqual({ label: '', accuracy: 0 });
  });

  it('classification adds labels seen only in the data', () => {
    expect(classification(['x'], ['y'], []).confusion.labels).toEqual(['x', 'y']);
  });

  it('prices dated model ids by prefix and estimates cost', () => {
    expect(priceFor('claude-sonnet-4-5-20250929')).toEqual({ input: 3, output: 15 });
    expect(estimateCost('claude-sonnet-4-5', 1_000_000, 100_000)).toBeCloseTo(4.5, 12);
    expect(estimateCost('unknown-model', 10, 10)).toBeNull();
  });

  it('parses arguments and rejects bad ones with one-line messages', () => {
    expect(parseEvalArgs(['--json', '--folds', '3', 'x.jsonl'])).toEqual({
      provider: 'offline', json: true, threshold: undefined, folds: 3, concurrency: 4, model: undefined, path: 'x.jsonl', config: undefined, heldout: true,
    });
    expect(parseEvalArgs(['--no-heldout']).heldout).toBe(false);
    expect(() => parseEvalArgs(['--threshold', '2'])).toThrow(new UsageError('--threshold must be a number from 0 to 1, got "2"'));
    expect(() => parseEvalArgs(['--provider', 'gpt'])).toThrow('--provider must be "offline" or "anthropic", got "gpt"');
    expect(() => parseEvalArgs(['--folds', '1'])).toThrow('--folds must be an integer ≥ 2, got "1"');
  });
});
