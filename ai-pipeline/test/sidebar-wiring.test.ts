import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { startHarness, type Harness } from '../../testkit/harness.js';

const SIDEBAR_TOKEN = 'sidebar-token-wiring-0123456789';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({
    databaseUrl: await freshDatabaseUrl(),
    model: 'offline',
    env: { SIDEBAR_TOKEN, SIDEBAR_ALLOWED_ORIGIN: 'https://chatwoot.example.com/app/accounts/1' },
  });
});
afterAll(async () => h?.stop());

describe('the pipeline serves the sidebar when SIDEBAR_TOKEN is set', () => {
  it('answers a conversation’s customer context with the sidebar token, and only that', async () => {
    const { conversation } = h.chatwoot.simulateIncomingEmail({ inboxId: h.inboxId, from: { email: 'kim@example.com', name: 'Kim' }, subject: 'Hi', text: 'Hello' });
    await h.idle();
    const base = `http://127.0.0.1:${h.pipeline.port}`;
    const ok = await fetch(`${base}/sidebar/context?conversation_id=${conversation.displayId}`, { headers: { Authorization: `Bearer ${SIDEBAR_TOKEN}` } });
    expect(ok.status).toBe(200);
    const body = (await ok.json()) as { contact: unknown; enrichment: { status: string } };
    expect(body.contact).toEqual({ name: 'Kim', email: 'kim@example.com' });
    expect(body.enrichment.status).toBe('ok');
    const withEnrichmentToken = await fetch(`${base}/sidebar/context?conversation_id=${conversation.displayId}`, {
      headers: { Authorization: `Bearer ${h.env.ENRICHMENT_TOKEN}` },
    });
    expect(withEnrichmentToken.status).toBe(401);
    const page = await fetch(`${base}/sidebar`);
    expect(page.headers.get('content-security-policy')).toMatch(/; frame-ancestors https:\/\/chatwoot\.example\.com$/);
    expect(await page.text()).not.toContain(h.env.ENRICHMENT_TOKEN);
  });
});
