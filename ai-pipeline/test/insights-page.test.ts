import { existsSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import express from 'express';
import pg from 'pg';
import { chromium, type Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../testkit/db.js';
import { migrate } from '../src/store/migrations.js';
import { RecordStore } from '../src/store/records.js';
import { computeInsights } from '../src/telemetry/insights.js';
import { PipelineMetrics } from '../src/telemetry/metrics.js';
import { telemetryRouter } from '../src/telemetry/routes.js';
import { TelemetryStore } from '../src/telemetry/store.js';

const CHROMIUM = '/usr/bin/chromium';
const haveChromium = existsSync(CHROMIUM);
if (!haveChromium) console.warn(`insights browser test skipped: ${CHROMIUM} is missing (apt-get install -y chromium)`);
const TOKEN = 'sidebar-token-0123456789abcdef';

let pool: pg.Pool;
let server: Server;
let base: string;

/** Five triage records over two days, two drafts compared, one correction: enough for every chart. */
async function seed(): Promise<void> {
  const records = new RecordStore(pool);
  const telemetry = new TelemetryStore(pool);
  const tickets = [
    { id: 1, category: 'bug-report', language: 'de', confidence: 0.95, assigned: true, cost: 0.004, used: true },
    { id: 2, category: 'bug-report', language: 'en', confidence: 0.85, assigned: true, cost: 0.005, used: false },
    { id: 3, category: 'refund-request', language: 'fr', confidence: 0.7, assigned: false, cost: 0.003, used: null },
    { id: 4, category: 'product-question', language: 'de', confidence: 0.9, assigned: true, cost: 0.002, used: null },
    { id: 5, category: 'other', language: 'nl', confidence: 0.4, assigned: false, cost: 0, used: null },
  ];
  for (const t of tickets) {
    const jobKey = `triage:1:${t.id}`;
    await records.save({
      jobKey, kind: 'triage', accountId: 1, conversationId: t.id, messageIds: [t.id * 10], lastMessageId: t.id * 10, inputSha256: null,
      language: t.language, analysis: { category: t.category, priority: 'medium', confidence: t.confidence, summary: 's', translation: 't' } as never,
      provider: 'anthropic', model: 'claude-sonnet-4-5', modelCalls: 2, inputTokens: 800, outputTokens: 200, latencyMs: {}, actions: [], draftFlags: [], error: null,
    });
    await telemetry.saveTriaged(jobKey, {
      draft: 'draft',
      applied: { category: t.category, aiCategory: t.category, priority: 'medium', teamId: t.assigned ? 101 : null, assigneeId: null, assigned: t.assigned, suggested: !t.assigned },
      costUsd: t.cost,
    });
    if (t.used !== null) await telemetry.saveOutcome(jobKey, { messageId: t.id * 100, similarity: t.used ? 0.9 : 0.1, used: t.used, seconds: 60 });
  }
  await pool.query(`UPDATE triage.records SET created_at = now() - interval '1 day', webhook_at = notes_at - interval '4 seconds' WHERE conversation_id IN (1, 3)`);
  await pool.query(`UPDATE triage.records SET webhook_at = notes_at - interval '2 seconds' WHERE conversation_id NOT IN (1, 3)`);
  await telemetry.saveCorrections({ jobKey: 'triage:1:2', accountId: 1, conversationId: 2 }, [{ field: 'category_label', from: 'bug-report', to: 'refund-request' }]);
}

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabaseUrl() });
  await migrate(pool);
  await seed();
  const app = express();
  app.use(telemetryRouter({ pool, metrics: new PipelineMetrics(pool), insightsToken: TOKEN }));
  server = await new Promise((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await pool?.end();
});

describe('GET /insights', () => {
  it('serves the page and Chart.js locally, but the data only with the token', async () => {
    const page = await fetch(`${base}/insights`);
    expect(page.status).toBe(200);
    expect(page.headers.get('content-security-policy')).toContain("script-src 'self'");
    const html = await page.text();
    expect(html).not.toMatch(/https?:\/\//);
    expect((await fetch(`${base}/insights/chart.umd.min.js`)).status).toBe(200);
    expect((await fetch(`${base}/insights/data`)).status).toBe(401);
    expect((await fetch(`${base}/insights/data`, { headers: { authorization: 'Bearer wrong-token-0123456789abc' } })).status).toBe(401);
    const bad = await fetch(`${base}/insights/data?days=0`, { headers: { authorization: `Bearer ${TOKEN}` } });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toEqual({ error: 'days must be at least 1' });
  });

  it('is off without SIDEBAR_TOKEN', async () => {
    const app = express().use(telemetryRouter({ pool, metrics: new PipelineMetrics(pool) }));
    const s: Server = await new Promise((resolve) => {
      const x = app.listen(0, '127.0.0.1', () => resolve(x));
    });
    const res = await fetch(`http://127.0.0.1:${(s.address() as AddressInfo).port}/insights`);
    await new Promise((r) => s.close(r));
    expect(res.status).toBe(404);
  });

  it.skipIf(!haveChromium)('renders in headless Chromium without console errors, with the numbers of stats --json', async () => {
    const browser: Browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    });
    try {
      const page = await browser.newPage();
      const problems: string[] = [];
      page.on('console', (m) => {
        if (m.type() === 'error' || m.type() === 'warning') problems.push(m.text());
      });
      page.on('pageerror', (e) => problems.push(e.message));
      const offsite: string[] = [];
      page.on('request', (r) => {
        if (!r.url().startsWith(base)) offsite.push(r.url());
      });
      await page.goto(`${base}/insights#token=${TOKEN}`);
      await page.waitForSelector('body[data-ready="true"]', { timeout: 15_000 });

      const s = await computeInsights(pool, 30);
      const figure = (name: string) => page.locator(`[data-figure="${name}"]`).textContent();
      expect(await figure('tickets')).toBe(String(s.tickets.total));
      expect(s.tickets.total).toBe(5);
      expect(await figure('draftUsedRate')).toBe('50 % of 2');
      expect(await figure('autoAssignShare')).toBe('60 %');
      expect(await figure('autoAssignCorrectedShare')).toBe(`${Math.round(s.autoAssign.correctedShare! * 1000) / 10} %`);
      expect(await figure('latency')).toBe(`${s.webhookToNotesSeconds.p50} s / ${Math.round(s.webhookToNotesSeconds.p95! * 10) / 10} s`);
      expect(await figure('costPerTicket')).toBe(`$${s.model.perTicket.costUsd!.toFixed(4)}`);
      expect(await figure('corrections')).toBe('1');
      expect(await figure('failures')).toBe('0');

      // The charts drew the same series the JSON holds.
      const charts = await page.evaluate(() => {
        const C = (window as unknown as { Chart: { getChart(id: string): { data: { labels: string[]; datasets: { label: string; data: (number | null)[] }[] } } } }).Chart;
        return Object.fromEntries(['chart-tickets', 'chart-drafts', 'chart-corrections', 'chart-cost'].map((id) => [id, C.getChart(id)!.data]));
      });
      expect(charts['chart-tickets']!.labels).toEqual(s.perDay.map((d) => d.day));
      expect(charts['chart-tickets']!.datasets.map((d) => d.label)).toEqual(['bug-report', 'other', 'product-question', 'refund-request']);
      expect(charts['chart-cost']!.datasets[0]!.data).toEqual(s.perDay.map((d) => d.costUsd));
      expect(charts['chart-drafts']!.datasets[0]!.data).toEqual(s.perDay.map((d) => d.draftUsedRate));
      expect(charts['chart-corrections']!.labels).toEqual(['bug-report', 'other', 'product-question', 'refund-request']);
      expect(charts['chart-corrections']!.datasets[0]!.data).toEqual([0.5, 0, 0, 0]);
      expect(problems).toEqual([]);
      expect(offsite).toEqual([]);

      // A wrong token says so instead of drawing.
      const other = await browser.newPage();
      await other.goto(`${base}/insights#token=wrong-token-0123456789abc`);
      await expect.poll(() => other.locator('#notice').textContent()).toBe('The token in the dashboard app URL was rejected.');
    } finally {
      await browser.close();
    }
  }, 60_000);
});
