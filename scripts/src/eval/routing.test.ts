import { describe, expect, it } from 'vitest';
import { parseTriageConfig } from '../../../ai-pipeline/src/rules/load.js';
import type { TicketAnalysis } from '../../../ai-pipeline/src/triage/analyze.js';
import { routingMetrics } from './routing.js';

const config = parseTriageConfig(
  `categories: [{ name: a, description: x }, { name: b, description: y }, { name: c, description: z }]
rules:
  - { name: a to 1, when: { category: a }, then: { team_id: 1 } }
  - { name: b to 2, when: { category: b }, then: { team_id: 2 } }
`,
  { source: 't', defaultThreshold: 0.8 },
).config!;

const analysed = (category: string, confidence: number): TicketAnalysis => ({
  customerText: 'text',
  language: { language: 'en' } as TicketAnalysis['language'],
  analysis: { translation: null, category, priority: 'low', confidence, summary: 's' },
  usage: { calls: 0, inputTokens: 0, outputTokens: 0 },
});

describe('routingMetrics', () => {
  it('counts routed right at the threshold, right target regardless of it, and wrong assignments', () => {
    const m = routingMetrics(config, [
      { id: 'r1', expectedTeamId: 1, analysis: analysed('a', 0.9) }, // assigned right
      { id: 'r2', expectedTeamId: 1, analysis: analysed('a', 0.5) }, // right team, only suggested
      { id: 'r3', expectedTeamId: 1, analysis: analysed('b', 0.9) }, // wrongly assigned to 2
      { id: 'r4', expectedTeamId: null, analysis: analysed('c', 0.9) }, // no rule, none expected
    ]);
    expect(m).toEqual({
      tickets: 4,
      threshold: 0.8,
      routedRight: 2,
      routedRightShare: 0.5,
      targetRight: 3,
      targetRightShare: 0.75,
      wronglyAssigned: 1,
      wronglyAssignedShare: 0.25,
      misses: ['r2', 'r3'],
    });
  });
});
