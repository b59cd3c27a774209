import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemText, toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { defaultEnrichmentAnswer } from '../../testkit/fakes/enrichment.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/**
 * TRIAGE_CONFIG end to end: six categories (two new), the issue's rules, fake Claude and the Chatwoot-compatible
 * server. Each ticket must land with the right labels, attributes, team and priority, and the note must name the rule.
 */

interface Scripted {
  subject: string;
  text: string;
  email: string;
  analysis: { category: string; priority: string; confidence: number; summary: string };
}

const TICKETS: Record<string, Scripted> = {
  germanRefund: {
    subject: 'Rückerstattung für mein Jahresabo',
    text: 'Guten Tag,\n\nich habe gestern aus Versehen das Jahresabo gekauft und möchte bitte mein Geld zurück. Ich habe die App noch gar nicht benutzt.\n\nMit freundlichen Grüßen\nJonas',
    email: 'jonas@example.de',
    analysis: { category: 'refund-request', priority: 'medium', confidence: 0.9, summary: 'Wants a refund for an accidental yearly purchase.' },
  },
  gdprLockout: {
    subject: 'Locked out, delete my data',
    text: 'I cannot log in to my account any more. If you cannot restore access, delete all my data under the GDPR.',
    email: 'mia@example.org',
    analysis: { category: 'account-access', priority: 'high', confidence: 0.95, summary: 'Locked out; asks for data deletion under GDPR otherwise.' },
  },
  vipIdea: {
    subject: 'Dark mode please',
    text: 'It would be wonderful if the app had a dark mode for studying late at night. Do you plan to add one?',
    email: 'vip@example.org',
    analysis: { category: 'feature-request', priority: 'low', confidence: 0.92, summary: 'Asks for a dark mode.' },
  },
  unknownCustomerBug: {
    subject: 'Crash on export',
    text: 'The app crashes every time I export my deck as a PDF. I reinstalled it but it still happens.',
    email: 'nobody@example.net',
    analysis: { category: 'bug-report', priority: 'medium', confidence: 0.88, summary: 'The app crashes on PDF export.' },
  },
};

function claude(req: FakeMessagesRequest): FakeReply {
  if (toolName(req) === 'write_draft') {
    const german = userText(req).includes('reply_language: de');
    return { kind: 'tool', input: { reply: german ? 'Hallo, vielen Dank für Ihre Nachricht. Wir kümmern uns darum und melden uns bald.' : 'Thank you for your message, we are looking into it.' } };
  }
  const text = userText(req);
  const t = Object.values(TICKETS).find((x) => text.includes(x.subject));
  return { kind: 'tool', input: { translation: t?.text ?? 'x', ...(t?.analysis ?? TICKETS.unknownCustomerBug!.analysis) } };
}

const configYaml = (teams: Record<string, number>) => `
product: >
  Acme Study is a study app (flashcards, quizzes); subscriptions through App Store, Google Play or the web.
categories:
  - { name: bug-report, description: something in the app does not work }
  - { name: refund-request, description: the customer wants money back, sensitive: true }
  - { name: account-access, description: cannot log in or lost access }
  - { name: feature-request, description: asks for a feature the app does not have }
  - { name: product-question, description: how-to and pricing }
  - { name: other, description: anything else }
labels: [vip, dach, legal]
auto_assign_threshold: 0.8
rules:
  - name: German refunds to the DACH billing team
    when:
      all:
        - category: refund-request
        - language: [de]
        - confidence: { gte: 0.7 }
    then: { team_id: ${teams.dach}, labels: [dach], priority: high }
  - name: Chargebacks and GDPR to legal
    when:
      any:
        - text: "(?i)chargeback|dsgvo|gdpr"
        - labels: { has: legal }
    then: { team_id: ${teams.legal}, labels: [legal], priority: urgent }
  - name: VIP customers
    when: { plan: [pro, team] }
    then: { labels: [vip], suggest_only: true }
  - name: default by category
    when: { category: bug-report }
    then: { team_id: ${teams.bugs} }
`;

let h: Harness;
let configPath: string;
let teams: Record<string, number>;

beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: { reply: claude } });
  teams = { bugs: 101, dach: h.chatwoot.addTeam({ name: 'Billing DACH' }).id, legal: h.chatwoot.addTeam({ name: 'Legal' }).id };
  h.enrichment.answer = (email) =>
    email.startsWith('nobody@')
      ? { status: 200, body: { email, sentry: { status: 'ok', data: { issues: [] } }, posthog: { status: 'not_configured' }, account: { status: 'not_found' } } }
      : defaultEnrichmentAnswer(email);
  configPath = join(mkdtempSync(join(tmpdir(), 'triage-config-')), 'triage.yaml');
  await writeFile(configPath, configYaml(teams));
  await h.restart({ TRIAGE_CONFIG: configPath, ROUTING_CONFIG: '' });
});
afterAll(async () => h?.stop());

const triageNote = (cid: number) =>
  h.chatwoot.state.messages.find((m) => m.conversationDisplayId === cid && m.private && (m.content ?? '').includes('/triage_'))?.content ?? '';

async function triage(t: Scripted) {
  const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: t.email, name: 'Customer' }, subject: t.subject, text: t.text });
  await h.idle();
  const conv = h.chatwoot.state.conversations.find((c) => c.displayId === conversation.displayId)!;
  return { conv, note: triageNote(conversation.displayId) };
}

describe('TRIAGE_CONFIG with six categories and ordered rules, end to end', () => {
  it('tells Claude the product and the six categories, and offers exactly them in the tool', async () => {
    h.anthropic!.requests.length = 0;
    await triage(TICKETS.unknownCustomerBug!);
    const analysis = h.anthropic!.requests.find((r) => toolName(r) === 'record_triage')!;
    expect(systemText(analysis)).toContain('You triage customer support tickets for the product described here: Acme Study is a study app');
    expect(systemText(analysis)).not.toContain('a study app (flashcards, quizzes, AI summaries, podcasts');
    expect(systemText(analysis)).toContain('"account-access" (cannot log in or lost access)');
    const tools = (analysis as unknown as { tools: { input_schema: { properties: { category: { enum: string[] } } } }[] }).tools;
    expect(tools[0]!.input_schema.properties.category.enum).toEqual(['bug-report', 'refund-request', 'account-access', 'feature-request', 'product-question', 'other']);
  });

  it('a German refund goes to Billing DACH with the dach label and priority high (no agent: refunds are sensitive)', async () => {
    const { conv, note } = await triage(TICKETS.germanRefund!);
    expect(conv.labels).toEqual(['refund-request', 'high-confidence', 'ai-processed', 'dach']);
    expect(conv.custom_attributes).toMatchObject({ ai_category: 'refund-request', ai_priority: 'medium', ai_confidence: 0.9, ai_language: 'de' });
    expect(conv.team_id).toBe(teams.dach);
    expect(conv.assignee_id).toBeNull();
    expect(conv.priority).toBe('high');
    expect(note).not.toContain('offline model');
    expect(note).toContain('**Assigned** to team billing dach (confidence 0.90 ≥ threshold 0.80) by rule “German refunds to the DACH billing team”.\n');
    expect(note).toContain('priority high (rule; model said medium)');
  });

  it('a lockout mentioning GDPR goes to Legal, urgent, labelled legal', async () => {
    const { conv, note } = await triage(TICKETS.gdprLockout!);
    expect(conv.labels).toEqual(['account-access', 'high-confidence', 'ai-processed', 'legal']);
    expect(conv.custom_attributes).toMatchObject({ ai_category: 'account-access', ai_language: 'en' });
    expect(conv.team_id).toBe(teams.legal);
    expect(conv.priority).toBe('urgent');
    expect(note).toContain('by rule “Chargebacks and GDPR to legal”.');
  });

  it('a Pro customer (from enrichment) is labelled vip and not assigned', async () => {
    const { conv, note } = await triage(TICKETS.vipIdea!);
    expect(conv.labels).toEqual(['feature-request', 'high-confidence', 'ai-processed', 'vip']);
    expect(conv.custom_attributes).toMatchObject({ ai_category: 'feature-request' });
    expect(conv.team_id).toBeNull();
    expect(conv.assignee_id).toBeNull();
    expect(conv.priority).toBe('low');
    expect(note).toContain('**Assignment:** none (rule “VIP customers” names no team or agent).\n');
    expect(note.match(/VIP customers/g)).toHaveLength(1);
  });

  it('without an account (enrichment found none) the plan rule does not match: a bug goes to the bugs team', async () => {
    const { conv, note } = await triage(TICKETS.unknownCustomerBug!);
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
    expect(conv.team_id).toBe(101);
    expect(conv.priority).toBe('medium');
    expect(note).toContain('by rule “default by category”.');
  });

  it('a category outside the configuration is invalid model output: Claude is asked to repair it', async () => {
    h.anthropic!.requests.length = 0;
    h.anthropic!.queue.push({ kind: 'tool', input: { translation: 'x', ...TICKETS.unknownCustomerBug!.analysis, category: 'product-question-or-bug' } });
    const { conv } = await triage({ ...TICKETS.unknownCustomerBug!, email: 'nobody@example.net' });
    const repair = JSON.stringify(h.anthropic!.requests[1]!.messages.at(-1)!.content);
    expect(repair).toContain('category: Invalid option: expected one of');
    expect(repair).toContain('account-access');
    expect(conv.labels).toEqual(['bug-report', 'high-confidence', 'ai-processed']);
  });

  it('reload: a valid file applies to the next ticket; an invalid one keeps the running configuration', async () => {
    await writeFile(configPath, configYaml(teams).replace('when: { category: bug-report }\n    then: { team_id: 101 }', 'when: { category: bug-report }\n    then: { team_id: 101, priority: urgent }'));
    expect(await h.pipeline.reloadTriage()).toBe(true);
    expect((await triage({ ...TICKETS.unknownCustomerBug!, email: 'nobody@example.net', subject: 'Crash on export' })).conv.priority).toBe('urgent');

    await writeFile(configPath, configYaml(teams).replace('- category: refund-request', '- categroy: refund-request'));
    expect(await h.pipeline.reloadTriage()).toBe(false);
    expect(h.pipeline.triage.current.rules[3]!.then.priority).toBe('urgent');
  });
});
