import { describe, expect, it } from 'vitest';
import type { Analysis } from '../model/provider.js';
import { parseTriageConfig } from '../rules/load.js';
import type { TriageConfig } from '../rules/schema.js';
import { decide, type ConversationState, type TicketContext } from './decide.js';

/** The example configuration, plus a few rules for the condition types it does not use. */
const YAML = `
product: Acme Study is a study app.
categories:
  - { name: bug-report, description: broken }
  - { name: refund-request, description: money back, sensitive: true }
  - { name: account-access, description: cannot log in }
  - { name: feature-request, description: wants a feature }
  - { name: product-question, description: how-to }
  - { name: other, description: anything else }
labels: [vip, dach, legal, night, widget, nl-team, de-at]
auto_assign_threshold: 0.8
rules:
  - name: German refunds to the DACH billing team
    when: { all: [ { category: refund-request }, { language: [de] }, { confidence: { gte: 0.7 } } ] }
    then: { team_id: 4, agent_id: 40, labels: [dach], priority: high }
  - name: Chargebacks and GDPR to legal
    when: { any: [ { text: "(?i)chargeback|dsgvo|gdpr" }, { labels: { has: legal } } ] }
    then: { team_id: 5, labels: [legal], priority: urgent }
  - name: VIP customers
    when: { plan: [pro, team] }
    then: { team_id: 6, labels: [vip], suggest_only: true }
  - name: Austrian accounts
    when: { account: { country: [AT] } }
    then: { team_id: 7, labels: [de-at] }
  - name: Dutch inbox, not spam
    when: { all: [ { inbox_id: [3] }, { not: { category: other } } ] }
    then: { team_id: 8, labels: [nl-team] }
  - name: Widget chats
    when: { channel: [web_widget] }
    then: { team_id: 9, labels: [widget] }
  - name: Locked out at night
    when:
      all:
        - category: account-access
        - not: { hours: { days: [mon, tue, wed, thu, fri], from: "08:00", to: "18:00", time_zone: Europe/Berlin } }
    then: { agent_id: 11, labels: [night], priority: high }
  - name: Unsure urgent ones
    when: { all: [ { priority: [urgent] }, { confidence: { lte: 0.5 } }, { labels: { has_not: [vip] } } ] }
    then: { team_id: 12 }
  - name: default by category
    when: { category: bug-report }
    then: { team_id: 1, agent_id: 10 }
  - name: ideas
    when: { category: [feature-request] }
    then: {}
`;

function config(): TriageConfig {
  const parsed = parseTriageConfig(YAML, { source: 'test.yaml', defaultThreshold: 0.5 });
  if (!parsed.config) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.config;
}

const empty: ConversationState = { labels: [], customAttributes: {}, priority: null, assigneeId: null, teamId: null };
// Wednesday 2026-11-25 10:00 in Berlin (09:00 UTC); Saturday 2026-11-28 23:30 in Berlin.
const OFFICE = new Date('2026-11-25T09:00:00Z');
const NIGHT = new Date('2026-11-28T22:30:00Z');
const context = (over: Partial<TicketContext> = {}): TicketContext => ({
  text: 'The app crashes when I export a deck.',
  inboxId: 1,
  channel: 'email',
  plan: null,
  account: null,
  now: OFFICE,
  ...over,
});
const analysis = (over: Partial<Analysis> = {}): Analysis => ({
  translation: 'x',
  category: 'bug-report',
  priority: 'medium',
  confidence: 0.92,
  summary: 'App crashes on export.',
  ...over,
});

interface Case {
  name: string;
  analysis?: Partial<Analysis>;
  language?: string;
  context?: Partial<TicketContext>;
  current?: Partial<ConversationState>;
  rule: string | null;
  assign?: { teamId: number | null; agentId: number | null } | null;
  suggest?: { teamId: number | null; agentId: number | null } | null;
  labels?: string[];
  priority?: string | null;
  reason?: string;
}

const CASES: Case[] = [
  // all + language + confidence (gte); sensitive category: the agent is dropped, the team kept
  {
    name: 'German refund: all of category, language, confidence; sensitive → no agent',
    analysis: { category: 'refund-request', confidence: 0.9 },
    language: 'de',
    rule: 'German refunds to the DACH billing team',
    assign: { teamId: 4, agentId: null },
    labels: ['refund-request', 'high-confidence', 'ai-processed', 'dach'],
    priority: 'high',
    reason: 'confidence 0.90 ≥ threshold 0.80; refund-request is a sensitive category: never assigned to an individual agent',
  },
  {
    name: 'German refund below the rule’s confidence: all fails, next rules are tried',
    analysis: { category: 'refund-request', confidence: 0.6 },
    language: 'de',
    rule: null,
    assign: null,
    suggest: null,
    reason: 'no rule matched',
  },
  {
    name: 'French refund: language does not hold',
    analysis: { category: 'refund-request' },
    language: 'fr',
    rule: null,
  },
  // any: text regex (case-insensitive)
  {
    name: 'any: text matches the regex (case-insensitive)',
    analysis: { category: 'bug-report' },
    context: { text: 'I will file a CHARGEBACK with my bank' },
    rule: 'Chargebacks and GDPR to legal',
    assign: { teamId: 5, agentId: null },
    labels: ['bug-report', 'high-confidence', 'ai-processed', 'legal'],
    priority: 'urgent',
  },
  // any: labels has (set by an agent)
  {
    name: 'any: an agent already labelled it legal',
    context: { text: 'hello' },
    current: { labels: ['legal'] },
    rule: 'Chargebacks and GDPR to legal',
  },
  // first match wins: a German refund that also mentions GDPR goes to DACH billing (rule 0), not legal
  {
    name: 'first match in order: rule 0 beats rule 1',
    analysis: { category: 'refund-request' },
    language: 'de',
    context: { text: 'DSGVO! Geld zurück!' },
    rule: 'German refunds to the DACH billing team',
  },
  // plan from enrichment; suggest_only
  {
    name: 'plan: VIP customers get a suggestion only, even when confident',
    context: { plan: 'pro' },
    rule: 'VIP customers',
    assign: null,
    suggest: { teamId: 6, agentId: null },
    reason: 'rule “VIP customers” only suggests',
    labels: ['bug-report', 'high-confidence', 'ai-processed', 'vip'],
  },
  {
    name: 'missing enrichment: plan and account rules never match',
    context: { plan: null, account: null },
    rule: 'default by category',
    assign: { teamId: 1, agentId: 10 },
  },
  // other account fields
  {
    name: 'account field from enrichment',
    context: { account: { country: 'AT', plan: null } },
    rule: 'Austrian accounts',
    assign: { teamId: 7, agentId: null },
  },
  // inbox_id + not
  {
    name: 'inbox_id with not(category): matches a bug in inbox 3',
    context: { inboxId: 3 },
    rule: 'Dutch inbox, not spam',
  },
  {
    name: 'inbox_id with not(category): spam in inbox 3 does not match',
    analysis: { category: 'other' },
    context: { inboxId: 3 },
    rule: null,
  },
  // channel
  { name: 'channel: web widget', context: { channel: 'web_widget' }, rule: 'Widget chats' },
  { name: 'channel unknown never matches', context: { channel: null }, rule: 'default by category' },
  // hours (not in office hours)
  { name: 'hours: locked out during office hours → no rule', analysis: { category: 'account-access' }, context: { now: OFFICE }, rule: null },
  {
    name: 'hours: locked out at the weekend night → agent 11, priority high',
    analysis: { category: 'account-access', priority: 'low' },
    context: { now: NIGHT },
    rule: 'Locked out at night',
    assign: { teamId: null, agentId: 11 },
    priority: 'high',
  },
  // priority + confidence lte + labels has_not; below the threshold → suggestion
  {
    name: 'priority, confidence lte and labels has_not; below the threshold it is a suggestion',
    analysis: { category: 'other', priority: 'urgent', confidence: 0.4 },
    rule: 'Unsure urgent ones',
    assign: null,
    suggest: { teamId: 12, agentId: null },
    labels: ['other', 'needs-triage', 'ai-processed'],
    reason: 'confidence 0.40 is below the auto-assign threshold 0.80',
  },
  {
    name: 'labels has_not: a vip label stops the rule',
    analysis: { category: 'other', priority: 'urgent', confidence: 0.4 },
    current: { labels: ['vip'] },
    rule: null,
  },
  // thresholds
  {
    name: 'just below the threshold: suggestion with the deciding rule',
    analysis: { confidence: 0.79 },
    rule: 'default by category',
    assign: null,
    suggest: { teamId: 1, agentId: 10 },
  },
  { name: 'at the threshold: assigned', analysis: { confidence: 0.8 }, rule: 'default by category', assign: { teamId: 1, agentId: 10 } },
  // agents' own choices
  {
    name: 'an agent’s assignee, team and priority are kept; their labels stay',
    context: { text: 'chargeback' },
    current: { assigneeId: 3, teamId: 2, priority: 'low', labels: ['customer-said-hi'] },
    rule: 'Chargebacks and GDPR to legal',
    assign: null,
    priority: null,
    labels: ['customer-said-hi', 'bug-report', 'high-confidence', 'ai-processed', 'legal'],
    reason: 'already assigned; left as it is',
  },
  {
    name: 'only the team is set by an agent: the rule’s agent is still assigned',
    current: { teamId: 2 },
    rule: 'default by category',
    assign: { teamId: null, agentId: 10 },
  },
  // a rule that names nobody
  { name: 'a rule without targets decides and assigns nobody', analysis: { category: 'feature-request' }, rule: 'ideas', assign: null, suggest: null, reason: 'rule “ideas” names no team or agent' },
];

describe('decide with a triage configuration', () => {
  const cfg = config();
  it.each(CASES)('$name', (c) => {
    const d = decide({
      analysis: analysis(c.analysis),
      language: c.language ?? 'en',
      config: cfg,
      context: context(c.context),
      current: { ...empty, ...c.current },
    });
    expect(d.rule).toBe(c.rule);
    if (c.assign !== undefined) expect(d.assign).toEqual(c.assign);
    if (c.suggest !== undefined) expect(d.suggest).toEqual(c.suggest);
    if (c.labels !== undefined) expect(d.labels ?? []).toEqual(c.labels);
    if (c.priority !== undefined) expect(d.priority).toBe(c.priority);
    if (c.reason !== undefined) expect(d.assignmentReason).toBe(c.reason);
  });

  it('uses the configuration’s threshold, not the caller’s', () => {
    const d = decide({ analysis: analysis({ confidence: 0.7 }), language: 'en', config: cfg, threshold: 0.5, context: context(), current: empty });
    expect(d.confident).toBe(false);
  });

  it('is pure: the same input gives the same decision, and the input is not changed', () => {
    const current = { ...empty, labels: ['legal'] };
    const input = { analysis: analysis(), language: 'en', config: cfg, context: context(), current };
    const a = decide(input);
    const b = decide(input);
    expect(a).toEqual(b);
    expect(current.labels).toEqual(['legal']);
  });

  it('a sensitive category with an agent-only rule assigns nobody', () => {
    const parsed = parseTriageConfig(
      `categories: [{ name: a, description: x, sensitive: true }, { name: b, description: y }]\nrules: [{ name: agent only, when: { category: a }, then: { agent_id: 3 } }]`,
      { source: 't', defaultThreshold: 0.8 },
    );
    const d = decide({ analysis: analysis({ category: 'a' }), language: 'en', config: parsed.config!, context: context(), current: empty });
    expect(d.assign).toBeNull();
    expect(d.assignmentReason).toBe('rule “agent only” names no team or agent; a is a sensitive category: never assigned to an individual agent');
  });
});
