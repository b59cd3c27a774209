import { describe, expect, it } from 'vitest';
import type { RoutingConfig } from '../config/routing.js';
import type { Analysis } from '../model/provider.js';
import { decide, type ConversationState } from './decide.js';

const routing: RoutingConfig = {
  routes: { 'bug-report': { team_id: 1, agent_id: 7 }, 'refund-request': { team_id: 2, agent_id: 9 }, 'product-question': { agent_id: 5 } },
  allow_refund_agent_assignment: false,
};
const empty: ConversationState = { labels: [], customAttributes: {}, priority: null, assigneeId: null, teamId: null };
const analysis = (over: Partial<Analysis> = {}): Analysis => ({
  translation: 'x',
  category: 'bug-report',
  priority: 'high',
  confidence: 0.92,
  summary: 'App crashes on export.',
  ...over,
});

describe('decide', () => {
  it('labels, attributes, priority and assignment for a confident, routed ticket', () => {
    const d = decide({ analysis: analysis(), language: 'de', routing, threshold: 0.8, current: { ...empty, labels: ['vip'] } });
    expect(d.labels).toEqual(['vip', 'bug-report', 'high-confidence', 'ai-processed']);
    expect(d.customAttributes).toEqual({
      ai_category: 'bug-report',
      ai_priority: 'high',
      ai_confidence: 0.92,
      ai_language: 'de',
      ai_summary: 'App crashes on export.',
    });
    expect(d.priority).toBe('high');
    expect(d.assign).toEqual({ teamId: 1, agentId: 7 });
    expect(d.suggest).toBeNull();
  });

  it('below the threshold: needs-triage and a suggestion, no assignment', () => {
    const d = decide({ analysis: analysis({ confidence: 0.5 }), language: 'de', routing, threshold: 0.8, current: empty });
    expect(d.addLabels).toEqual(['bug-report', 'needs-triage', 'ai-processed']);
    expect(d.assign).toBeNull();
    expect(d.suggest).toEqual({ teamId: 1, agentId: 7 });
    expect(d.assignmentReason).toContain('below the auto-assign threshold 0.80');
  });

  it('never assigns a refund to an individual agent by default, but to the team', () => {
    const d = decide({ analysis: analysis({ category: 'refund-request' }), language: 'nl', routing, threshold: 0.8, current: empty });
    expect(d.assign).toEqual({ teamId: 2, agentId: null });
    const allowed = decide({ analysis: analysis({ category: 'refund-request' }), language: 'nl', routing: { ...routing, allow_refund_agent_assignment: true }, threshold: 0.8, current: empty });
    expect(allowed.assign).toEqual({ teamId: 2, agentId: 9 });
  });

  it('keeps what humans did: existing assignee, team and priority stay', () => {
    const d = decide({ analysis: analysis(), language: 'de', routing, threshold: 0.8, current: { ...empty, assigneeId: 3, teamId: 4, priority: 'low' } });
    expect(d.assign).toBeNull();
    expect(d.priority).toBeNull();
    expect(d.assignmentReason).toBe('already assigned; left as it is');
  });

  it('is idempotent: a second decision on the applied state writes nothing', () => {
    const first = decide({ analysis: analysis(), language: 'de', routing, threshold: 0.8, current: empty });
    const applied: ConversationState = { labels: first.labels!, customAttributes: first.customAttributes!, priority: 'high', assigneeId: 7, teamId: 1 };
    const second = decide({ analysis: analysis(), language: 'de', routing, threshold: 0.8, current: applied });
    expect(second.labels).toBeNull();
    expect(second.customAttributes).toBeNull();
    expect(second.priority).toBeNull();
    expect(second.assign).toBeNull();
  });

  it('merges custom attributes instead of dropping other keys, and swaps our confidence label', () => {
    const d = decide({
      analysis: analysis({ confidence: 0.95 }),
      language: 'de',
      routing,
      threshold: 0.8,
      current: { ...empty, labels: ['needs-triage', 'billing'], customAttributes: { order_id: 'A-1', ai_category: 'other' } },
    });
    expect(d.labels).toEqual(['billing', 'bug-report', 'high-confidence', 'ai-processed']);
    expect(d.customAttributes).toMatchObject({ order_id: 'A-1', ai_category: 'bug-report' });
  });

  it('no route for the category: no assignment, no suggestion', () => {
    const d = decide({ analysis: analysis({ category: 'other' }), language: 'en', routing, threshold: 0.8, current: empty });
    expect(d.assign).toBeNull();
    expect(d.suggest).toBeNull();
    expect(d.assignmentReason).toBe('no route for other in the routing config');
  });
});

import { humanName } from '../jobs/conversation-context.js';

describe('humanName', () => {
  it('keeps real names and drops address-like defaults', () => {
    expect(humanName('Anna Keller', 'anna@example.com')).toBe('Anna Keller');
    expect(humanName('moritz.wagner', 'moritz.wagner@example.com')).toBeNull();
    expect(humanName('user48213', 'user48213@example.com')).toBeNull();
    expect(humanName('x@y.com', 'x@y.com')).toBeNull();
    expect(humanName(null, 'a@b.c')).toBeNull();
  });

  it('keeps a person writing from their own domain, but not a company writing from its own', () => {
    expect(humanName('Anna Keller', 'anna@anna-keller.de')).toBe('Anna Keller');
    expect(humanName('Hans Peter Müller', 'h@hans-peter.com')).toBe('Hans Peter Müller');
    expect(humanName('Jonas Brandt', 'jonas.brandt@brandt-jonas.example')).toBe('Jonas Brandt');
    expect(humanName('Lea Vogt', 'lv@lea-vogt.example')).toBe('Lea Vogt');
    // The same two name words in the domain, from a mailbox of the business: a company.
    expect(humanName('Druckerei Hofmann', 'mail@druckerei-hofmann.example')).toBeNull();
    expect(humanName('Boulangerie du Port', 'contact@boulangerie-du-port.example')).toBeNull();
    expect(humanName('Druckerei Hofmann Buchhaltung', 'rechnungen@druckerei-hofmann.example')).toBeNull();
    // A business writing from a local part that is one of its name's words or initials is still a business.
    expect(humanName('Druckerei Muster', 'druckerei@druckerei-muster.example')).toBeNull();
    expect(humanName('Keller Design', 'kd@keller-design.example')).toBeNull();
    expect(humanName('Hotel Alpenblick', 'hotel@hotel-alpenblick.example')).toBeNull();
  });

  it('keeps surnames that are also department words, but not a department', () => {
    expect(humanName('Ana Sales', 'ana@mail.example')).toBe('Ana Sales');
    expect(humanName('Markus Billing', 'mb@mail.example')).toBe('Markus Billing');
    expect(humanName('Pedro Service', 'p@mail.example')).toBe('Pedro Service');
    for (const role of ['Sales', 'Billing', 'Sales Team', 'Billing Department', 'Customer Service', 'HR', 'HR Team', 'Info', 'noreply', 'Buchhaltung', 'Acme Sales Support']) {
      expect(humanName(role, 'x@mail.example'), role).toBeNull();
    }
  });

  it('keeps a name after a title ("Hr." is Herr, as the templates read it)', () => {
    expect(humanName('Hr. Jan Schmidt', 'j@mail.example')).toBe('Hr. Jan Schmidt');
    expect(humanName('Hr Jan Schmidt', 'j@mail.example')).toBe('Hr Jan Schmidt');
  });

  it('reads a legal form only where it is one: JOÃO SA is Sá typed in capitals', () => {
    expect(humanName('JOÃO SA', 'joao@mail.example')).toBe('JOÃO SA');
    expect(humanName('MARIA DO CARMO SA', 'mc@mail.example')).toBe('MARIA DO CARMO SA');
    for (const company of ['Keller Bau GmbH', 'Van Dijk Logistiek B.V.', 'Northwind Ltd', 'Construcciones Pérez SA', 'TRANSPORTES OLIVEIRA S.A.', 'GRUPO NORTE SA', 'Metalúrgica Souza S.A.', 'Y B.V.', 'X GmbH']) {
      expect(humanName(company, 'x@mail.example'), company).toBeNull();
    }
  });
});
