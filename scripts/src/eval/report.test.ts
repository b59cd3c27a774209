import { describe, expect, it } from 'vitest';
import { computeMetrics, type ScoredTicket } from './metrics.js';
import { formatReport, formatSideBySide } from './report.js';

function row(id: string, category: string, predicted: string, language = 'de', predictedLanguage = language): ScoredTicket {
  return { id, category, predictedCategory: predicted, confidence: 0.9, priority: 'low', predictedPriority: 'low', language, predictedLanguage };
}
const OPTIONS = { categories: ['bug-report', 'refund-request', 'product-question', 'other'], priorities: ['low', 'medium', 'high', 'urgent'], threshold: 0.8 };

describe('held-out split beside cross-validation', () => {
  const cv = computeMetrics([row('1', 'refund-request', 'refund-request'), row('2', 'bug-report', 'bug-report')], OPTIONS);
  const heldout = computeMetrics(
    [row('h1', 'refund-request', 'refund-request'), row('h2', 'refund-request', 'bug-report'), row('h3', 'other', 'other', 'fr', 'it'), row('h4', 'bug-report', 'bug-report')],
    OPTIONS,
  );

  it('prints the figures of both in two columns, then the held-out confusion matrix', () => {
    const lines = formatSideBySide(cv, [{ name: 'held-out', split: { path: 'tickets/heldout', method: 'trained on all 5 training tickets, none of these', metrics: heldout } }]);
    expect(lines.slice(0, 10)).toEqual([
      'Held-out split: tickets/heldout (trained on all 5 training tickets, none of these)',
      '  figure                       cross-validation           held-out',
      '  tickets                                     2                  4',
      '  category accuracy                     100.0 %             75.0 %',
      '  macro F1                                1.000              0.778',
      '  refund recall                           1.000              0.500',
      '  refund precision                        1.000              1.000',
      '  priority accuracy                     100.0 %            100.0 %',
      '  language accuracy                     100.0 %             75.0 %',
      '  share ≥ 0.8 / acc. on it    100.0 % / 100.0 %   100.0 % / 75.0 %',
    ]);
    expect(lines).toContain('Held-out confusion matrix (rows: true, columns: predicted)');
  });

  it('is part of the report only when there is a held-out split', () => {
    const base = { provider: 'offline', model: 'offline-nb-3', path: 'tickets', method: 'cv', metrics: cv };
    expect(formatReport(base)).not.toContain('Held-out split');
    expect(formatReport({ ...base, heldout: { path: 'tickets/heldout', method: 'm', metrics: heldout } })).toContain('Held-out split: tickets/heldout (m)');
  });

  it('puts the dev split in its own column before the held-out one', () => {
    const base = { provider: 'offline', model: 'offline-nb-3', path: 'tickets', method: 'cv', metrics: cv };
    const lines = formatReport({ ...base, dev: { path: 'tickets/dev', method: 'd', metrics: heldout }, heldout: { path: 'tickets/heldout', method: 'm', metrics: cv } }).split('\n');
    const at = lines.indexOf('Dev split: tickets/dev (d)');
    expect(lines.slice(at, at + 5)).toEqual([
      'Dev split: tickets/dev (d)',
      'Held-out split: tickets/heldout (m)',
      '  figure                       cross-validation                dev           held-out',
      '  tickets                                     2                  4                  2',
      '  category accuracy                     100.0 %             75.0 %            100.0 %',
    ]);
    expect(lines).toContain('Dev confusion matrix (rows: true, columns: predicted)');
    expect(formatReport({ ...base, dev: { path: 'tickets/dev', method: 'd', metrics: heldout } })).not.toContain('Held-out');
  });
});
