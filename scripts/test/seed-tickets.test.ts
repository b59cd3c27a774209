import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createChatwootHttp, type ChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import type { Ticket } from '../../ai-pipeline/src/tickets/ticket.js';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { main, seedTickets } from '../src/seed-tickets.js';

let cw: FakeChatwoot;
let http: ChatwootHttp;
const tmp = mkdtempSync(join(tmpdir(), 'seed-test-'));
const emptyEnv = join(tmp, 'empty.env');
writeFileSync(emptyEnv, '');

function ticket(n: number, over: Partial<Ticket> = {}): Ticket {
  const id = `s${String(n).padStart(3, '0')}`;
  return {
    id,
    channel: 'email',
    subject: `Subject ${id}`,
    body: `Hallo, Ticket ${id}: die App stürzt beim Export ab.`,
    from_email: `kunde${n % 2}@example.de`,
    from_name: `Kunde ${n % 2}`,
    lang: 'de',
    category: 'bug-report',
    priority: 'medium',
    ...over,
  };
}

beforeAll(async () => {
  cw = await startFakeChatwoot({ apiToken: 'tok', accountId: 1 });
  http = createChatwootHttp({ baseUrl: cw.url, apiToken: 'tok', accountId: 1, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 50 } });
});
afterAll(() => cw.close());
beforeEach(() => cw.reset());

describe('seedTickets', () => {
  it('creates one contact per sender and one conversation per ticket; a second run creates nothing', async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    const tickets = [ticket(1), ticket(2), ticket(3)];
    const first = await seedTickets({ http, inboxId: inbox.id, tickets });
    expect(first).toEqual({ created: 3, skipped: 0, failed: [], conversations: { s001: 1, s002: 2, s003: 3 } });
    expect(cw.state.contacts.map((c) => c.email)).toEqual(['kunde1@example.de', 'kunde0@example.de']);
    const conv = cw.state.conversation(2)!;
    expect(conv.additional_attributes).toEqual({ mail_subject: 'Subject s002', sample_ticket_id: 's002' });
    expect(conv.custom_attributes).toEqual({ sample_ticket_id: 's002' });
    expect(conv.inbox_id).toBe(inbox.id);
    expect(cw.state.messagesOf(2)).toMatchObject([{ message_type: 0, private: false, content: tickets[1]!.body, sender: { type: 'contact' } }]);

    const progress: string[] = [];
    const second = await seedTickets({ http, inboxId: inbox.id, tickets, onProgress: (p) => progress.push(`${p.index}/${p.total} ${p.ticketId} ${p.outcome}`) });
    expect(second).toMatchObject({ created: 0, skipped: 3, failed: [] });
    expect(progress).toEqual(['1/3 s001 skipped', '2/3 s002 skipped', '3/3 s003 skipped']);
    expect(cw.state.conversations).toHaveLength(3);
    expect(cw.state.contacts).toHaveLength(2);
  });

  it('finds tickets across pages of conversations (even when the custom attributes were replaced) and honours --limit', async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    const tickets = Array.from({ length: 30 }, (_, i) => ticket(i + 1));
    expect(await seedTickets({ http, inboxId: inbox.id, tickets, limit: 27 })).toMatchObject({ created: 27, skipped: 0 });
    cw.state.conversation(1)!.custom_attributes = { ai_category: 'other' }; // e.g. a writer that replaced the hash
    const rest = await seedTickets({ http, inboxId: inbox.id, tickets });
    expect(rest).toMatchObject({ created: 3, skipped: 27, failed: [] });
    expect(cw.state.conversations).toHaveLength(30);
    // first run: page 1 was empty; second run: 27 conversations → pages 1 and 2
    expect(cw.requests.filter((r) => r.route === 'listConversations').map((r) => r.query.page)).toEqual(['1', '1', '2']);
  });

  it('reuses an existing contact found by exact email', async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    cw.state.addContact({ email: 'xkunde1@example.de', name: 'Other' });
    const existing = cw.state.addContact({ email: 'kunde1@example.de', name: 'Known' });
    await seedTickets({ http, inboxId: inbox.id, tickets: [ticket(1)] });
    expect(cw.state.contacts).toHaveLength(2);
    expect(cw.state.conversation(1)!.contact_id).toBe(existing.id);
  });

  it("reports a failing ticket by id with Chatwoot's message and imports the others", async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    const tickets = [ticket(1), ticket(2, { body: 'x'.repeat(150_001) }), ticket(3)];
    const result = await seedTickets({ http, inboxId: inbox.id, tickets });
    expect(result.created).toBe(2);
    expect(result.failed).toEqual([{ ticketId: 's002', error: 'Chatwoot answered 422: Content is too long (maximum is 150000 characters)' }]);
    expect(Object.keys(result.conversations)).toEqual(['s001', 's003']);
  });

  it('backs off on 429 (Retry-After) through the transport and still imports every ticket', async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    cw.failNext('createConversation', 429, 2, { 'Retry-After': '1' });
    // The transport honours Retry-After up to 4 × maxDelayMs.
    const patient = createChatwootHttp({ baseUrl: cw.url, apiToken: 'tok', accountId: 1, retry: { attempts: 4, baseDelayMs: 10, maxDelayMs: 500 } });
    const started = Date.now();
    const result = await seedTickets({ http: patient, inboxId: inbox.id, tickets: [ticket(1), ticket(2)] });
    expect(result).toMatchObject({ created: 2, failed: [] });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1_900);
    expect(cw.requests.filter((r) => r.route === 'createConversation').map((r) => r.status)).toEqual([429, 429, 200, 200]);
    expect(cw.state.conversations).toHaveLength(2);
  });
});

describe('seed-tickets CLI', () => {
  function writeTickets(dir: string, tickets: Ticket[]) {
    mkdirSync(dir, { recursive: true });
    for (const t of tickets) writeFileSync(join(dir, `${t.id}.json`), JSON.stringify(t));
  }
  async function run(args: string[]) {
    const out: string[] = [];
    const err: string[] = [];
    const code = await main(['--base-url', cw.url, '--token', 'tok', '--account-id', '1', '--env-file', emptyEnv, ...args], (l) => out.push(l), (l) => err.push(l));
    return { code, out: out.join('\n'), err: err.join('\n') };
  }

  it('summarizes, names the failed ticket and exits 1; a rerun skips what exists', async () => {
    const inbox = cw.addInbox({ name: 'Samples', kind: 'api' });
    const dir = join(tmp, 'tickets-a');
    writeTickets(dir, [ticket(1), ticket(2, { body: 'y'.repeat(150_001) }), ticket(3)]);
    const first = await run(['--inbox-id', String(inbox.id), '--tickets', dir]);
    expect(first.code).toBe(1);
    expect(first.out).toContain('Summary: 2 created, 0 skipped (already imported), 1 failed');
    expect(first.out).toContain('failed s002: Chatwoot answered 422: Content is too long (maximum is 150000 characters)');

    writeTickets(dir, [ticket(2)]); // fixed
    const second = await run(['--inbox-id', String(inbox.id), '--tickets', dir]);
    expect(second.code).toBe(0);
    expect(second.out).toContain('Summary: 1 created, 2 skipped (already imported), 0 failed');
  });

  it('finds the "Sample tickets" inbox by default and refuses email inboxes', async () => {
    const email = cw.addInbox({ name: 'Support', kind: 'email' });
    const dir = join(tmp, 'tickets-b');
    writeTickets(dir, [ticket(1)]);
    const refused = await run(['--inbox-id', String(email.id), '--tickets', dir]);
    expect(refused.code).toBe(1);
    expect(refused.err).toContain(`inbox ${email.id} "Support" is a Channel::Email inbox`);

    cw.addInbox({ name: 'Sample tickets', kind: 'api' });
    const ok = await run(['--tickets', dir, '--limit', '1']);
    expect(ok.code).toBe(0);
    expect(ok.out).toContain('Summary: 1 created');
  });
});
