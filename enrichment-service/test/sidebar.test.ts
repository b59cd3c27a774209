import { existsSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { chromium, type Browser, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AccountData, PosthogData, Section, SentryData, Source } from '../src/section.js';
import { SIDEBAR_CSP } from '../src/sidebar/page.js';
import { startApp, TOKEN, type RunningApp } from './helpers.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`sidebar browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);

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

/** A stand-in for Chatwoot: on its own origin, frames the sidebar and answers fetch-info with appContext. */
function parentPage(sidebarUrl: string): string {
  return `<!doctype html><html><body>
<iframe id="app" src="${sidebarUrl}" style="width:400px;height:700px"></iframe>
<script>
  window.fetchInfoRequests = 0;
  window.contact = { email: 'Jane@Example.com', name: 'Jane <b>Doe</b>' };
  function sendContext() {
    var message = { event: 'appContext', data: { conversation: { id: 7, meta: { sender: window.contact } }, contact: window.contact, currentAgent: { id: 1, name: 'Agent' } } };
    document.getElementById('app').contentWindow.postMessage(JSON.stringify(message), '*');
  }
  window.addEventListener('message', function (event) {
    if (event.data === 'chatwoot-dashboard-app:fetch-info') { window.fetchInfoRequests++; sendContext(); }
  });
</script></body></html>`;
}

describe.skipIf(!haveChromium)('sidebar in a real browser (Chromium)', () => {
  let app: RunningApp;
  let parent: Server;
  let parentUrl: string;
  let browser: Browser;

  beforeAll(async () => {
    app = await startApp({ sources: { sentry, posthog, account } });
    const sidebarUrl = `${app.url}/sidebar#token=${TOKEN}`;
    parent = createServer((_req, res) => {
      res.setHeader('Content-Type', 'text/html');
      res.end(parentPage(sidebarUrl));
    });
    await new Promise<void>((resolve) => parent.listen(0, '127.0.0.1', resolve));
    // "localhost" vs "127.0.0.1": a different origin, as Chatwoot's would be.
    parentUrl = `http://localhost:${(parent.address() as AddressInfo).port}/`;
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
    await new Promise((r) => parent?.close(r));
    await app?.close();
  });

  async function openParent(): Promise<{ page: Page; dialogs: string[]; cspErrors: string[] }> {
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
    await page.goto(parentUrl);
    return { page, dialogs, cspErrors };
  }

  it('asks Chatwoot for the context, renders the three sections and shows markup as text', async () => {
    const { page, dialogs, cspErrors } = await openParent();
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('section[data-source="account"] table').count(), { timeout: 10_000 }).toBe(1);

    expect(await page.evaluate(() => (window as unknown as { fetchInfoRequests: number }).fetchInfoRequests)).toBeGreaterThanOrEqual(1);
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

  it('shows a clear line for error, not_found and timeout when the contact changes', async () => {
    const { page, dialogs } = await openParent();
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('section[data-source="account"] table').count(), { timeout: 10_000 }).toBe(1);

    await page.evaluate(() => {
      const w = window as unknown as { contact: object; sendContext(): void };
      w.contact = { email: 'bob@example.com', name: 'Bob' };
      w.sendContext();
    });
    await expect.poll(() => frame.locator('header .email').textContent(), { timeout: 10_000 }).toBe('bob@example.com');
    expect(await frame.locator('section[data-source="sentry"] .line').textContent()).toBe('Unavailable: Sentry answered HTTP 502');
    expect(await frame.locator('section[data-source="posthog"] .line').textContent()).toBe('No PostHog person with this email.');
    expect(await frame.locator('section[data-source="account"] .line').textContent()).toBe(
      'Timed out: Account database did not answer within 2000 ms',
    );

    await page.evaluate(() => {
      const w = window as unknown as { contact: object; sendContext(): void };
      w.contact = { name: 'No Mail' };
      w.sendContext();
    });
    await expect.poll(() => frame.locator('.notice').textContent(), { timeout: 10_000 }).toBe(
      'This contact has no email address, so there is nothing to look up.',
    );
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('says so when the token in the URL is wrong', async () => {
    const page = await browser.newPage();
    await page.setContent(parentPage(`${app.url}/sidebar#token=wrong-token`).replace('<!doctype html>', ''));
    // setContent has an opaque origin; the sidebar still asks for context and gets it.
    const frame = page.frameLocator('#app');
    await expect.poll(() => frame.locator('.notice').textContent(), { timeout: 10_000 }).toBe('The token in the dashboard app URL was rejected.');
    await page.close();
  });

  it('is served with a strict CSP that allows only its own inline script and style', async () => {
    const res = await app.get('/sidebar', null);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/html/);
    const csp = res.headers.get('content-security-policy') ?? '';
    expect(csp).toBe(SIDEBAR_CSP);
    expect(csp).toMatch(/^default-src 'none'; script-src 'sha256-[A-Za-z0-9+/]+=*'; style-src 'sha256-[A-Za-z0-9+/]+=*'; connect-src 'self'/);
    expect(csp).not.toContain('unsafe-inline');
    const html = String(res.body);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
  });
});
