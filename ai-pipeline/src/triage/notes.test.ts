import { describe, expect, it } from 'vitest';
import type { Analysis } from '../model/provider.js';
import { parseTriageConfig } from '../rules/load.js';
import type { TriageConfig } from '../rules/schema.js';
import { decide, type ConversationState } from './decide.js';
import { triageNote } from './notes.js';

/** What an agent reads in the triage note must be what the triage wrote to Chatwoot. */

const YAML = `
categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back, sensitive: true }
  - { name: product-question, description: how-to }
  - { name: other, description: anything else }
labels: [legal]
auto_assign_threshold: 0.8
rules:
  - name: Chargebacks to legal
    when: { text: "(?i)chargeback" }
    then: { team_id: 5, labels: [legal], priority: urgent }
`;

function config(): TriageConfig {
  const parsed = parseTriageConfig(YAML, { source: 'test.yaml', defaultThreshold: 0.5 });
  if (!parsed.config) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.config;
}

const empty: ConversationState = { labels: [], customAttributes: {}, priority: null, assigneeId: null, teamId: null };
const analysis: Analysis = { translation: null, category: 'refund-request', priority: 'medium', confidence: 0.9, summary: 'Refund request in German.' };
const names = { teams: new Map([[5, 'legal']]), agents: new Map<number, string>() };

function noteFor(text: string, current: ConversationState): { note: string; written: string | null } {
  const decision = decide({
    analysis,
    language: 'de',
    config: config(),
    context: { text, inboxId: 1, channel: 'email', plan: null, account: null, now: new Date('2026-11-25T09:00:00Z') },
    current,
  });
  const note = triageNote({ jobKey: 'triage:1:1', analysis, language: 'de', offline: true, model: 'offline-nb-3', decision, names, rule: decision.rule });
  return { note, written: decision.priority };
}

const heading = (note: string) => note.split('\n')[0] ?? '';

describe('triage note: the priority shown is the one written to Chatwoot', () => {
  it('no rule: the model priority is written and shown', () => {
    const { note, written } = noteFor('Ich will mein Geld zurück.', empty);
    expect(written).toBe('medium');
    expect(heading(note)).toContain('priority medium');
  });

  it("a rule's priority is what Chatwoot gets, so the heading says it, not the model's", () => {
    const { note, written } = noteFor('Sonst mache ich einen Chargeback.', empty);
    expect(written).toBe('urgent');
    expect(heading(note)).toContain('priority urgent');
    expect(heading(note)).not.toContain('priority medium');
    expect(note).toContain('model said medium');
  });

  it('a priority an agent already set is left, and the note does not claim to have set another', () => {
    const { note, written } = noteFor('Ich will mein Geld zurück.', { ...empty, priority: 'low' });
    expect(written).toBeNull();
    expect(heading(note)).not.toContain('priority medium');
    expect(note).toMatch(/priority left as it was/i);
  });
});

describe('triage note: the assignment is said once', () => {
  it('an assignment by a rule is one line that names the rule', () => {
    const { note } = noteFor('Sonst mache ich einen Chargeback.', empty);
    expect(note).toContain('**Assigned** to team legal (confidence 0.90 ≥ threshold 0.80) by rule “Chargebacks to legal”.');
    expect(note.match(/Assigned/g)).toHaveLength(1);
    expect(note.match(/Chargebacks to legal/g)).toHaveLength(1);
  });

  it('a rule named in the reason already is not named again', () => {
    const decision = decide({ analysis, language: 'de', config: config(), context: { text: 'chargeback', inboxId: 1, channel: 'email', plan: null, account: null, now: new Date() }, current: empty });
    const note = triageNote({
      jobKey: 'triage:1:1',
      analysis,
      language: 'de',
      offline: true,
      model: 'offline-nb-3',
      decision: { ...decision, assign: null, suggest: null, assignmentReason: 'rule “Chargebacks to legal” names no team or agent' },
      names,
      rule: decision.rule,
    });
    expect(note).toContain('**Assignment:** none (rule “Chargebacks to legal” names no team or agent).');
    expect(note.match(/Chargebacks to legal/g)).toHaveLength(1);
  });
});
