import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import { pino } from 'pino';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountData, PosthogData, Section, SentryData, Source } from '../../enrichment-service/src/section.js';
import { startApp, TOKEN as ENRICHMENT_TOKEN, type RunningApp } from '../../enrichment-service/test/helpers.js';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { ChatwootClient } from '../src/chatwoot/client.js';
import { createChatwootHttp } from '../src/chatwoot/http.js';
import { EnrichmentClient } from '../src/enrichment/client.js';
import { sidebarCsp, sidebarHtml } from '../src/sidebar/page.js';
import { sidebarRouter } from '../src/sidebar/routes.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`sidebar browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

const SIDEBAR_TOKEN = 'sidebar-token-0123456789';
const XSS_TITLE = '<img src=x onerror=alert(1)>';
const XSS_PLAN = '<script>alert(2)</script>';

/** Fake sources that answer per email: jane gets data full of markup, bob gets every failure line. */
const byEmail =
  <T,>(answers: Record<string, Section<T>>): Source<T> =>
  async (email) =>
    answers[email] ?? { status: 'not_found' };

const sentry = byEmail<SentryData>({
  'jane@example.com': {
    status: 'ok',
    data: { issues: [{ id: '1', title: XSS_TITLE, level: 'error', count: 7, lastSeen: '2026-11-24T08:00:00.000Z', link: 'https://sentry.example/1' }] },
  },
  'bob@example.com': { status: 'error', reason: 'Sentry answered HTTP 502' },
});
const posthog = byEmail<PosthogData>({
  'jane@example.com': {
    status: 'ok',
    data: {
      personUrl: 'javascript:alert(3)',
      recordings: [{ id: 'r1', startTime: '2026-11-23T10:00:00.000Z', durationSeconds: 95, link: 'https://posthog.example/replay/r1' }],
    },
  },
});
const account = byEmail<AccountData>({
  'jane@example.com': { status: 'ok', data: { plan: XSS_PLAN, signedUpAt: '2024-03-05T12:00:00.000Z', attributes: { '<b>seats</b>': '<i>12</i>' } } },
  'bob@example.com': { status: 'timeout', reason: 'Account database did not answer within 2000 ms' },
});

/**
 * A stand-in for Chatwoot's dashboard: frames the sidebar and answers fetch-info with appContext. The
 * contact in the message names someone else: the sidebar must ignore it and ask the server by conversation.
 */
function parentPage(sidebarUrl: string, conversationId: number): string {
  return `<!doctype html><html><body>
<iframe id="app" src="${sidebarUrl}" style="width:400px;height:700px"></iframe>
<script>
  window.fetchInfoRequests = 0;
  window.conversationId = ${conversationId};
  function sendContext() {
    var contact = { email: 'victim@example.com', name: 'Not from the server' };
    var message = { event: 'appContext', data: { conversation: { id: window.conversationId, meta: { sender: contact } }, contact: contact, currentAgent: { id: 1, name: 'Agent' } } };
    document.getElementById('app').contentWindow.postMessage(JSON.stringify(message), '*');
  }
  window.addEventListener('message', function (event) {
    if (event.data === 'chatwoot-dashboard-app:fetch-info') { window.fetchInfoRequests++; sendContext(); }
  });
</script></body></html>`;
}

async function listen(handler: Parameters<typeof createServer>[1], host = '127.0.0.1'): Promise<{ server: Server; port: number }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, host, resolve));
  return { server, port: (server.address() as AddressInfo).port };
}

let enrichment: RunningApp;
let chatwoot: FakeChatwoot;
let sidebar: { server: Server; port: number };
let parent: { server: Server; port: number };
let chatwootOrigin: string;
let sidebarBase: string;
const contextRequests: string[] = [];
const ids: Record<'jane' | 'bob' | 'nomail', number> = { jane: 0, bob: 0, nomail: 0 };
/** The HTML the parent server answers with, per path. */
const parentPages = new Map<string, string>();

beforeAll(async () => {
  enrichment = await startApp({ sources: { sentry, posthog, account } });
  chatwoot = await startFakeChatwoot();
  const inbox = chatwoot.addInbox({ name: 'Support', kind: 'email', email: 'support@example.com' });
  const mail = (email: string, name: string) => chatwoot.simulateIncomingEmail({ inboxId: inbox.id, from: { email, name }, subject: 'Help', text: 'Hello' });
  ids.jane = mail('Jane@Example.com', 'Jane <b>Doe</b>').conversation.displayId;
  ids.bob = mail('bob@example.com', 'Bob').conversation.displayId;
  const noMail = mail('nomail@example.com', 'No Mail');
  noMail.contact.email = null;
  ids.nomail = noMail.conversation.displayId;

  parent = await listen((req, res) => {
    res.setHeader('Content-Type', 'text/html');
    res.end(parentPages.get(req.url ?? '/') ?? '<!doctype html><p>no page</p>');
  });
  // "localhost" vs "127.0.0.1": Chatwoot's dashboard is on another origin than the pipeline.
  chatwootOrigin = `http://localhost:${parent.port}`;

  const app = express();
  app.use((req, _res, next) => {
    if (req.path === '/sidebar/context') contextRequests.push(req.url);
    next();
  });
  app.use(
    sidebarRouter({
      token: SIDEBAR_TOKEN,
      chatwootOrigin,
      chatwoot: new ChatwootClient(createChatwootHttp({ baseUrl: `http://127.0.0.1:${chatwoot.port}`, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId })),
      enrichment: new EnrichmentClient({ baseUrl: enrichment.url, token: ENRICHMENT_TOKEN, timeoutMs: 3000 }),
      logger: pino({ level: 'silent' }),
    }),
  );
  // The same page without its CSP, to show that the script itself ignores messages from other origins.
  app.get('/sidebar-without-csp', (_req, res) => {
    res.type('html').send(sidebarHtml(chatwootOrigin));
  });
  sidebar = await listen(app);
  sidebarBase = `http://127.0.0.1:${sidebar.port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => parent?.server.close(r));
  await new Promise((r) => sidebar?.server.close(r));
  await chatwoot?.close();
  await enrichment?.close();
});

async function getContext(query: string, auth: string | null = `Bearer ${SIDEBAR_TOKEN}`) {
  const res = await fetch(`${sidebarBase}/sidebar/context${query}`, { headers: auth === null ? {} : { Authorization: auth } });
  return { status: res.status, body: (await res.json()) as Record<string, unknown>, headers: res.headers };
}

describe('GET /sidebar/context (by conversation, resolved through Chatwoot)', () => {
  it('answers the contact of the conversation and its enrichment, fetched with the pipeline’s own token', async () => {
    const res = await getContext(`?conversation_id=${ids.jane}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.body.conversationId).toBe(ids.jane);
    expect(res.body.contact).toEqual({ name: 'Jane <b>Doe</b>', email: 'jane@example.com' });
    const result = res.body.enrichment as { status: string; enrichment: { account: { status: string } } };
    expect(result.status).toBe('ok');
    expect(result.enrichment.account.status).toBe('ok');
  });

  it.each([
    ['no token', null, 401],
    ['the enrichment token', `Bearer ${ENRICHMENT_TOKEN}`, 401],
    ['a wrong token', 'Bearer wrong-token-0123456789', 401],
  ])('refuses %s', async (_name, auth, status) => {
    const res = await getContext(`?conversation_id=${ids.jane}`, auth);
    expect(res.status).toBe(status);
    expect(res.body).toEqual({ error: 'missing or invalid bearer token (the SIDEBAR_TOKEN of the dashboard app URL)' });
  });

  it.each([
    ['?email=jane@example.com', 'email not accepted: the sidebar looks up by conversation_id only'],
    ['?conversation_id=1&email=jane@example.com', 'email not accepted: the sidebar looks up by conversation_id only'],
    ['', 'conversation_id is required'],
    ['?conversation_id=abc', 'conversation_id must be a whole number from 1 to 2147483647'],
    ['?conversation_id=-1', 'conversation_id must be a whole number from 1 to 2147483647'],
    ['?conversation_id=0', 'conversation_id must be between 1 and 2147483647'],
    ['?conversation_id=99999999999', 'conversation_id must be a whole number from 1 to 2147483647'],
    ['?conversation_id=1&conversation_id=2', 'conversation_id must be given once'],
  ])('never looks up by e-mail or a malformed id: %s', async (query, error) => {
    const res = await getContext(query);
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ error });
  });

  it('answers 404 for a conversation that is not in the account', async () => {
    const res = await getContext('?conversation_id=4242');
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ error: 'conversation 4242 not found in this account' });
  });

  it('serves a page that carries no credential and may only be framed by Chatwoot', async () => {
    const res = await fetch(`${sidebarBase}/sidebar`);
    const html = await res.text();
    expect(res.status).toBe(200);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(sidebarCsp(chatwootOrigin));
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'/);
    expect(csp).toContain(`frame-ancestors ${chatwootOrigin}`);
    expect(csp).not.toContain('unsafe-inline');
    expect(html).not.toContain(ENRICHMENT_TOKEN);
    expect(html).not.toContain(SIDEBAR_TOKEN);
    expect(html).toContain(`data-chatwoot-origin="${chatwootOrigin}"`);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });
});

describe.skipIf(!haveChromium)('sidebar in a real browser (Chromium)', () => {
  let browser: Browser;

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);
  afterAll(async () => browser?.close());

  async function open(url: string): Promise<{ page: Page; dialogs: string[]; cspErrors: string[] }> {
    const page = await browser.newPage();
    const dialogs: string[] = [];
    const cspErrors: string[] = [];
    page.on('dialog', (d) => {
      dialogs.push(d.message());
      void d.dismiss();
    });
    page.on('console', (m) => {
      if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text());
    });
    await page.goto(url);
    return { page, dialogs, cspErrors };
  }

  it('asks Chatwoot for the context, looks up by conversation, renders the three sections and shows markup as text', async () => {
    parentPages.set('/jane', parentPage(`${sidebarBase}/sidebar#token=${SIDEBAR_TOKEN}`, ids.jane));
    contextRequests.length = 0;
    const { page, dialogs, cspErrors } = await open(`${chatwootOrigin}/jane`);
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('section[data-source="account"] table').count(), { timeout: 10_000 }).toBe(1);

    expect(await page.evaluate(() => (window as unknown as { fetchInfoRequests: number }).fetchInfoRequests)).toBeGreaterThanOrEqual(1);
    expect(contextRequests).toEqual([`/sidebar/context?conversation_id=${ids.jane}`]);
    // The contact comes from Chatwoot through the server, not from the message.
    expect(await frame.locator('header .name').textContent()).toBe('Jane <b>Doe</b>');
    expect(await frame.locator('header .email').textContent()).toBe('jane@example.com');

    const sentryText = await frame.locator('section[data-source="sentry"]').textContent();
    expect(sentryText).toContain(XSS_TITLE);
    expect(sentryText).toContain('7 events');
    expect(await frame.locator('section[data-source="sentry"] a').getAttribute('href')).toBe('https://sentry.example/1');
    // A javascript: link from a source is not made clickable.
    expect(await frame.locator('section[data-source="posthog"] a').evaluateAll((as) => as.map((a) => a.getAttribute('href')))).toEqual([
      'https://posthog.example/replay/r1',
    ]);
    expect(await frame.locator('section[data-source="posthog"]').textContent()).toContain('1 min 35 s');
    const accountText = await frame.locator('section[data-source="account"]').textContent();
    expect(accountText).toContain(XSS_PLAN);
    expect(accountText).toContain('<b>seats</b>');
    expect(accountText).toContain('<i>12</i>');

    const injected = await frame.locator('body').evaluate((body) => ({
      img: body.querySelectorAll('img').length,
      scripts: body.querySelectorAll('script').length,
      b: body.querySelectorAll('b').length,
      i: body.querySelectorAll('i').length,
    }));
    expect(injected).toEqual({ img: 0, scripts: 1, b: 0, i: 0 });
    await page.waitForTimeout(200);
    expect(dialogs).toEqual([]);
    expect(cspErrors).toEqual([]);
    await page.close();
  });

  it('shows a clear line for error, not_found and timeout, and for a contact without e-mail, when the conversation changes', async () => {
    parentPages.set('/bob', parentPage(`${sidebarBase}/sidebar#token=${SIDEBAR_TOKEN}`, ids.bob));
    const { page, dialogs } = await open(`${chatwootOrigin}/bob`);
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('header .email').textContent(), { timeout: 10_000 }).toBe('bob@example.com');
    await expect.poll(() => frame.locator('section[data-source="account"] .line').textContent(), { timeout: 10_000 }).toBe(
      'Timed out: Account database did not answer within 2000 ms',
    );
    expect(await frame.locator('section[data-source="sentry"] .line').textContent()).toBe('Unavailable: Sentry answered HTTP 502');
    expect(await frame.locator('section[data-source="posthog"] .line').textContent()).toBe('No PostHog person with this email.');

    await page.evaluate((id) => {
      const w = window as unknown as { conversationId: number; sendContext(): void };
      w.conversationId = id;
      w.sendContext();
    }, ids.nomail);
    await expect.poll(() => frame.locator('.notice').textContent(), { timeout: 10_000 }).toBe(
      'This contact has no email address, so there is nothing to look up.',
    );
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('says so when the token in the URL is wrong', async () => {
    parentPages.set('/wrong-token', parentPage(`${sidebarBase}/sidebar#token=wrong-token`, ids.jane));
    const { page } = await open(`${chatwootOrigin}/wrong-token`);
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('.notice').textContent(), { timeout: 10_000 }).toBe('The token in the dashboard app URL was rejected.');
    await page.close();
  });

  it('cannot be framed by a page on another origin (frame-ancestors)', async () => {
    parentPages.set('/elsewhere', parentPage(`${sidebarBase}/sidebar#token=${SIDEBAR_TOKEN}`, ids.jane));
    contextRequests.length = 0;
    const { page } = await open(`http://127.0.0.1:${parent.port}/elsewhere`);
    await page.waitForTimeout(1500);
    expect(await page.evaluate(() => (window as unknown as { fetchInfoRequests: number }).fetchInfoRequests)).toBe(0);
    expect(contextRequests).toEqual([]);
    await page.close();
  });

  it('ignores context messages from any origin but Chatwoot’s, even without its CSP', async () => {
    parentPages.set('/elsewhere-no-csp', parentPage(`${sidebarBase}/sidebar-without-csp#token=${SIDEBAR_TOKEN}`, ids.jane));
    contextRequests.length = 0;
    const { page } = await open(`http://127.0.0.1:${parent.port}/elsewhere-no-csp`);
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('.notice').textContent(), { timeout: 10_000 }).toBe('Waiting for the conversation from Chatwoot…');
    // The page asks only Chatwoot's origin for the context, so this parent never hears the request; it sends one anyway.
    await page.evaluate(() => (window as unknown as { sendContext(): void }).sendContext());
    await page.waitForTimeout(1000);
    expect(contextRequests).toEqual([]);
    expect(await frame.locator('.notice').textContent()).toBe('Waiting for the conversation from Chatwoot…');
    await page.close();
  });
});
