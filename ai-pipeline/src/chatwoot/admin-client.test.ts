import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeChatwoot, type FakeChatwoot } from '../../../testkit/fakes/chatwoot-server.js';
import { createAdminClient, type AdminClient } from './admin-client.js';
import { ChatwootResponseError } from './http.js';
import { ChatwootApiError, createChatwootHttp, type ChatwootHttp } from './http.js';

let cw: FakeChatwoot;
let admin: AdminClient;

beforeAll(async () => {
  cw = await startFakeChatwoot({ apiToken: 'tok', accountId: 3 });
  admin = createAdminClient(createChatwootHttp({ baseUrl: cw.url, apiToken: 'tok', accountId: 3, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } }));
});
afterAll(() => cw.close());
beforeEach(() => cw.reset());

describe('admin client against the fake Chatwoot', () => {
  it('creates, lists and updates labels with the wrapped body Chatwoot documents', async () => {
    const created = await admin.createLabel({ title: 'needs-triage', description: 'Low confidence', color: '#f59e0b', show_on_sidebar: true });
    expect(created).toMatchObject({ title: 'needs-triage', color: '#f59e0b' });
    await admin.updateLabel(created.id, { color: '#000000' });
    expect(await admin.listLabels()).toEqual([{ id: created.id, title: 'needs-triage', description: 'Low confidence', color: '#000000', show_on_sidebar: true }]);
    expect(cw.requests[0]).toMatchObject({
      method: 'POST',
      path: '/api/v1/accounts/3/labels',
      body: { label: { title: 'needs-triage', description: 'Low confidence', color: '#f59e0b', show_on_sidebar: true } },
    });
  });

  it('manages attribute definitions, webhooks (with secret) and dashboard apps', async () => {
    const def = await admin.createAttributeDefinition({
      attribute_display_name: 'AI category',
      attribute_key: 'ai_category',
      attribute_display_type: 'list',
      attribute_model: 'conversation_attribute',
      attribute_values: ['bug-report', 'other'],
    });
    expect(await admin.listAttributeDefinitions('conversation_attribute')).toMatchObject([{ id: def.id, attribute_values: ['bug-report', 'other'] }]);
    expect(await admin.listAttributeDefinitions('contact_attribute')).toEqual([]);

    const hook = await admin.createWebhook({ url: 'http://ai-pipeline:3100/webhook', name: 'AI triage', subscriptions: ['message_created'] });
    expect(hook.secret).toEqual(cw.state.webhooks[0]!.secret);
    const updated = await admin.updateWebhook(hook.id, { subscriptions: ['conversation_created', 'message_created'] });
    expect(updated.subscriptions).toEqual(['conversation_created', 'message_created']);

    const app = await admin.createDashboardApp({ title: 'Customer context', url: 'http://localhost:3200/sidebar#token=x' });
    expect(cw.requests.at(-1)!.body).toEqual({ dashboard_app: { title: 'Customer context', content: [{ type: 'frame', url: 'http://localhost:3200/sidebar#token=x' }] } });
    expect(await admin.listDashboardApps()).toMatchObject([{ id: app.id, content: [{ type: 'frame', url: 'http://localhost:3200/sidebar#token=x' }] }]);
  });

  it('finds contacts by exact email although search matches substrings', async () => {
    const inbox = await admin.createApiInbox('Samples');
    expect(inbox.channel_type).toBe('Channel::Api');
    await admin.createContact({ inbox_id: inbox.id, email: 'joann@example.com', name: 'Joann' });
    expect(await admin.findContactByEmail('ann@example.com')).toBeUndefined();
    const { contact } = await admin.createContact({ inbox_id: inbox.id, email: 'ann@example.com', name: 'Ann' });
    expect((await admin.findContactByEmail('ANN@example.com'))?.id).toBe(contact.id);

    const conv = await admin.createConversation({
      inbox_id: inbox.id,
      contact_id: contact.id,
      custom_attributes: { sample_ticket_id: 't001' },
      message: { content: 'Hello', message_type: 'incoming' },
    });
    expect(conv).toMatchObject({ id: 1, inbox_id: inbox.id, custom_attributes: { sample_ticket_id: 't001' } });
    expect(await admin.listConversations({ inbox_id: inbox.id, status: 'all' })).toMatchObject([{ id: 1 }]);
  });

  it('lists agents and teams (bare arrays)', async () => {
    cw.addTeam({ name: 'Billing' });
    expect((await admin.listAgents()).map((a) => a.role)).toEqual(['administrator']);
    expect((await admin.listTeams()).map((t) => t.name)).toEqual(['billing']);
  });

  it("surfaces Chatwoot's error and rejects unexpected shapes", async () => {
    await admin.createLabel({ title: 'other' });
    const err = await admin.createLabel({ title: 'other' }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ChatwootApiError);
    expect(err).toMatchObject({ status: 422, detail: 'Title has already been taken' });

    const liar: ChatwootHttp = { accountId: 1, request: async <T>() => ({ payload: [{ id: 'x' }] }) as T };
    await expect(createAdminClient(liar).listLabels()).rejects.toBeInstanceOf(ChatwootResponseError);
  });
});
