import { describe, expect, it } from 'vitest';
import { autoReplyMetrics } from './auto-reply.js';
import type { ScoredTicket } from './metrics.js';

const row = (id: string, category: string, predictedCategory: string, confidence: number): ScoredTicket => ({
  id,
  category,
  predictedCategory,
  confidence,
  priority: 'low',
  predictedPriority: 'low',
  language: 'en',
  predictedLanguage: 'en',
});

describe('autoReplyMetrics', () => {
  it('counts the tickets that would be auto-replied and how many of them were right', () => {
    const rows = [
      row('t1', 'product-question', 'product-question', 0.9),
      row('t2', 'refund-request', 'product-question', 0.86),
      row('t3', 'product-question', 'product-question', 0.84),
      row('t4', 'refund-request', 'refund-request', 0.99),
    ];
    const m = autoReplyMetrics(rows, { categories: ['product-question', 'refund-request'], minConfidence: 0.85, source: 'configured' }, ['refund-request']);
    expect(m).toEqual({
      categories: ['product-question', 'refund-request'],
      minConfidence: 0.85,
      source: 'configured',
      tickets: 4,
      wouldReply: 2,
      wouldReplyShare: 0.5,
      right: 1,
      precision: 0.5,
      sensitiveHits: 1,
      wrong: ['t2'],
    });
    expect(autoReplyMetrics([], { categories: ['x'], minConfidence: 0.9, source: 'configured' }, []).precision).toBeNull();
  });
});
