import { writeFile } from 'node:fs/promises';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { systemText, toolName, userText, type FakeMessagesRequest, type FakeReply } from '../../testkit/fakes/anthropic.js';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

/**
 * A team that is not the sample study app (an online shop for espresso machines) with its own product, categories and
 * rules, against the fake Claude: nothing of the study app may reach its prompts, and Claude's answers are held to
 * the team's own categories.
 */

const STUDY_APP = /study app|flashcard|quizz|exam\b|App Store|Google Play|studying/i;

const config = (teams: { workshop: number; logistics: number }) => `
product: >
  Bruehwerk is an online shop for espresso machines, grinders and coffee beans; orders ship with DHL and every machine
  has a two-year warranty.
categories:
  - { name: shipping, description: "where is my parcel, delivery delayed or damaged" }
  - { name: return, description: wants to send an item back and get the money back, sensitive: true }
  - { name: warranty-claim, description: a machine or grinder is defective and needs repair or replacement }
  - { name: other, description: anything else }
labels: [workshop]
rules:
  - name: warranty to the workshop
    when: { category: warranty-claim }
    then: { team_id: ${teams.workshop}, labels: [workshop], priority: high }
  - name: shipping to logistics
    when: { category: shipping }
    then: { team_id: ${teams.logistics} }
`;

const TICKET = {
  from: { email: 'jan@customer.example', name: 'Jan de Vries' },
  subject: 'Pomp kapot',
  text: 'Goedemiddag, de pomp van mijn espressomachine maakt veel lawaai en er komt geen water meer uit. De machine is pas acht maanden oud. Kunnen jullie hem repareren?',
};

function claude(req: FakeMessagesRequest): FakeReply {
  if (toolName(req) === 'write_draft') return { kind: 'tool', input: { reply: 'Beste Jan, bedankt voor je bericht. We kijken naar de reparatie van je machine en laten het je snel weten.' } };
  if (toolName(req) === 'record_translation') return { kind: 'tool', input: { translation: 'Beste Jan, we halen de machine morgen op.', back_translation: 'Dear Jan, we will pick up the machine tomorrow.' } };
  return {
    kind: 'tool',
    input: { translation: 'The pump of my espresso machine is loud and no water comes out; it is eight months old. Can you repair it?', category: 'warranty-claim', priority: 'medium', confidence: 0.93, summary: 'A defective pump; asks for a repair.' },
  };
}

let h: Harness;
let teams: { workshop: number; logistics: number };
let configPath: string;

beforeAll(async () => {
  h = await startHarness({ databaseUrl: await freshDatabaseUrl(), model: { reply: claude } });
  teams = { workshop: h.chatwoot.addTeam({ name: 'Workshop' }).id, logistics: h.chatwoot.addTeam({ name: 'Logistics' }).id };
  configPath = join(mkdtempSync(join(tmpdir(), 'own-business-')), 'triage.yaml');
  await writeFile(configPath, config(teams));
  await h.restart({ TRIAGE_CONFIG: configPath, ROUTING_CONFIG: '' });
});
afterAll(async () => h?.stop());

async function ticket(email: string): Promise<number> {
  const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, ...TICKET, from: { email, name: 'Jan de Vries' } });
  await h.idle();
  return conversation.displayId;
}

describe('a team of another business (its own TRIAGE_CONFIG), with Claude', () => {
  it('its product and categories reach the analysis, draft and translation prompts; nothing of the study app does', async () => {
    h.anthropic!.requests.length = 0;
    const cid = await ticket('jan@customer.example');
    const conv = h.chatwoot.state.conversations.find((c) => c.displayId === cid)!;
    expect(conv.labels).toEqual(expect.arrayContaining(['warranty-claim', 'workshop']));
    expect(conv.team_id).toBe(teams.workshop);

    const agent = h.chatwoot.state.agents.find((a) => a.name === 'Bea Billing')!;
    const res = await fetch(`${h.chatwoot.url}/api/v1/accounts/1/conversations/${cid}/messages`, {
      method: 'POST',
      headers: { api_access_token: agent.accessToken, 'content-type': 'application/json' },
      body: JSON.stringify({ content: '/translate Hi Jan, we will pick up the machine tomorrow.', message_type: 'outgoing', private: true }),
    });
    expect(res.status).toBe(200);
    await h.idle();

    const byTool = (name: string) => h.anthropic!.requests.filter((r) => toolName(r) === name);
    expect(byTool('record_triage')).toHaveLength(1);
    expect(byTool('write_draft')).toHaveLength(1);
    expect(byTool('record_translation')).toHaveLength(1);
    for (const req of h.anthropic!.requests) {
      expect(systemText(req)).not.toMatch(STUDY_APP);
      expect(userText(req)).not.toMatch(STUDY_APP);
    }
    expect(systemText(byTool('record_triage')[0]!)).toContain('Bruehwerk is an online shop for espresso machines');
    expect(systemText(byTool('record_translation')[0]!)).toContain('Bruehwerk is an online shop for espresso machines');
  });

  it('a category that is not theirs, or a label in Claude\'s answer, is invalid output: Claude is asked to repair it', async () => {
    const base = { translation: 'x', priority: 'medium', confidence: 0.9, summary: 'A defective pump.' };
    const repairOf = async (email: string, wrong: Record<string, unknown>) => {
      h.anthropic!.requests.length = 0;
      h.anthropic!.queue.push({ kind: 'tool', input: { ...base, ...wrong } });
      const cid = await ticket(email);
      const analyses = h.anthropic!.requests.filter((r) => toolName(r) === 'record_triage');
      expect(analyses).toHaveLength(2);
      return { repair: JSON.stringify(analyses[1]!.messages.at(-1)!.content), conv: h.chatwoot.state.conversations.find((c) => c.displayId === cid)! };
    };
    const wrongCategory = await repairOf('piet@customer.example', { category: 'bug-report' });
    expect(wrongCategory.repair).toContain('category: Invalid option: expected one of \\"shipping\\"|\\"return\\"|\\"warranty-claim\\"|\\"other\\"');
    expect(wrongCategory.conv.labels).toEqual(expect.arrayContaining(['warranty-claim', 'workshop']));
    expect(wrongCategory.conv.labels).not.toContain('bug-report');
    const withLabel = await repairOf('anna@customer.example', { category: 'warranty-claim', labels: ['vip'] });
    expect(withLabel.repair).toContain('labels');
    expect(withLabel.conv.labels).not.toContain('vip');
  });

  it('without a product paragraph, its own categories still get no study-app wording in any prompt', async () => {
    await writeFile(configPath, config(teams).replace(/product: >\n( {2}.*\n)+/, ''));
    expect(await h.pipeline.reloadTriage()).toBe(true);
    expect(h.pipeline.triage.current.product).toBeNull();
    h.anthropic!.requests.length = 0;
    await ticket('kees@customer.example');
    expect(h.anthropic!.requests.length).toBeGreaterThanOrEqual(2);
    for (const req of h.anthropic!.requests) expect(systemText(req)).not.toMatch(STUDY_APP);
    expect(systemText(h.anthropic!.requests[0]!)).toContain("You triage customer support tickets for a company's products or services");
  });
});
