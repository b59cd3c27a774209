import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { freshDatabaseUrl } from '../../../testkit/db.js';
import { startFakeChatwoot, type FakeChatwoot, type FakePortal } from '../../../testkit/fakes/chatwoot-server.js';
import { HelpCenterClient } from '../chatwoot/help-center-client.js';
import { createChatwootHttp } from '../chatwoot/http.js';
import { migrate } from '../store/migrations.js';
import { KnowledgeIndex } from './index-store.js';
import { retrieve } from './retrieve.js';
import { KnowledgeSync } from './sync.js';

let pool: pg.Pool;
let chatwoot: FakeChatwoot;
let index: KnowledgeIndex;
let portal: FakePortal;
const logger = pino({ level: 'silent' });

beforeAll(async () => {
  pool = new pg.Pool({ connectionString: await freshDatabaseUrl('knowledge') });
  await migrate(pool);
  index = new KnowledgeIndex(pool);
  chatwoot = await startFakeChatwoot();
});
afterAll(async () => {
  await pool.end();
  await chatwoot.close();
});
beforeEach(async () => {
  chatwoot.reset();
  await pool.query('DELETE FROM triage.knowledge_articles');
  portal = chatwoot.helpCenter.addPortal({ name: 'Help', slug: 'studyflash-help', locales: ['en', 'de'] });
});

function newSync(dir: string | null = null, helpCenterBaseUrl?: string) {
  const http = createChatwootHttp({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId, retry: { attempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
  return new KnowledgeSync(index, { chatwoot: { client: new HelpCenterClient(http), portalSlug: 'studyflash-help', helpCenterBaseUrl, chatwootBaseUrl: chatwoot.url }, dir, logger });
}

const indexed = async () => (await pool.query<{ key: string; title: string; url: string; locale: string }>('SELECT key, title, url, locale FROM triage.knowledge_articles ORDER BY key')).rows;
const articleRequests = () => chatwoot.requests.filter((r) => r.route === 'listPortalArticles');

describe('Chatwoot help-center sync', () => {
  it('indexes published articles only, with Chatwoot’s public URL and the category’s locale', async () => {
    const hc = chatwoot.helpCenter;
    const de = hc.addCategory(portal, { name: 'Abo', locale: 'de' });
    hc.addArticle(portal, { title: 'Cancel your subscription', slug: 'cancel', content: '## Web\nSettings, Subscription, Cancel.', status: 'published', locale: 'en' });
    hc.addArticle(portal, { title: 'Abo kündigen', slug: 'abo-kuendigen', content: 'Einstellungen, Abo, Kündigen.', status: 'published', categoryId: de.id });
    hc.addArticle(portal, { title: 'Secret draft', slug: 'draft', content: 'not yet', status: 'draft', locale: 'en' });
    hc.addArticle(portal, { title: 'Old', slug: 'old', content: 'archived', status: 'archived', locale: 'en' });
    const report = await newSync(null, 'https://help.example.com').syncOnce();
    expect(report).toMatchObject({ upserted: 2, removed: 0, errors: [] });
    expect(await indexed()).toEqual([
      { key: 'cw:1', title: 'Cancel your subscription', url: 'https://help.example.com/hc/studyflash-help/articles/cancel', locale: 'en' },
      { key: 'cw:2', title: 'Abo kündigen', url: 'https://help.example.com/hc/studyflash-help/articles/abo-kuendigen', locale: 'de' },
    ]);
  });

  it('add, update, unpublish and delete: each later sync follows, reading only what changed', async () => {
    const hc = chatwoot.helpCenter;
    const a = hc.addArticle(portal, { title: 'Exam mode', slug: 'exam-mode', content: 'Choose 15 questions.', status: 'published', locale: 'en' });
    const sync = newSync();
    await sync.syncOnce();
    expect((await indexed()).map((r) => r.key)).toEqual(['cw:1']);

    // add
    const b = hc.addArticle(portal, { title: 'Refunds on Google Play', slug: 'refund-google-play', content: 'Google refunds Play purchases.', status: 'published', locale: 'en' });
    chatwoot.requests.length = 0;
    expect(await sync.syncOnce()).toMatchObject({ upserted: 1, removed: 0, fullPasses: [] });
    expect((await indexed()).map((r) => r.key)).toEqual(['cw:1', 'cw:2']);
    expect(articleRequests().map((r) => r.query)).toEqual([
      { locale: 'en', page: '1' },
      { locale: 'de', page: '1' },
    ]);

    // update: the new title is searchable, the old one is gone
    hc.updateArticle(a.id, { title: 'Exam mode questions', content: 'Pro users choose 15, 30 or 50 questions.' });
    expect(await sync.syncOnce()).toMatchObject({ upserted: 1, removed: 0 });
    expect((await indexed()).find((r) => r.key === 'cw:1')?.title).toBe('Exam mode questions');
    const found = await retrieve(index, { subject: null, text: 'How many questions can I choose in exam mode?', language: 'en', translation: null });
    expect(found.articles.map((x) => x.slug)).toEqual(['exam-mode']);

    // unpublish
    hc.updateArticle(b.id, { status: 'draft' });
    expect(await sync.syncOnce()).toMatchObject({ upserted: 0, removed: 1 });
    expect((await indexed()).map((r) => r.key)).toEqual(['cw:1']);

    // delete (no trace in the API): the published count differs, so the locale gets a full pass
    hc.deleteArticle(a.id);
    expect(await sync.syncOnce()).toMatchObject({ removed: 1, fullPasses: ['en'] });
    expect(await indexed()).toEqual([]);
  });

  it('pages through more than 25 articles (Chatwoot’s page size), newest first, and stops at the watermark', async () => {
    const hc = chatwoot.helpCenter;
    for (let i = 1; i <= 60; i++) hc.addArticle(portal, { title: `Article number ${i}`, slug: `a-${i}`, content: `Content ${i}`, status: 'published', locale: 'en' });
    const sync = newSync();
    chatwoot.requests.length = 0;
    expect(await sync.syncOnce()).toMatchObject({ upserted: 60, errors: [] });
    expect(articleRequests().filter((r) => r.query.locale === 'en').map((r) => r.query.page)).toEqual(['1', '2', '3']);
    expect(await index.passageCount()).toBe(60);

    hc.updateArticle(7, { content: 'Changed' });
    chatwoot.requests.length = 0;
    expect(await sync.syncOnce()).toMatchObject({ upserted: 1 });
    expect(articleRequests().filter((r) => r.query.locale === 'en').map((r) => r.query.page)).toEqual(['1']);
  });

  it('a missing portal or an unreachable Chatwoot is reported, never thrown, and the index keeps its articles', async () => {
    chatwoot.helpCenter.addArticle(portal, { title: 'Kept', slug: 'kept', content: 'x y', status: 'published', locale: 'en' });
    const sync = newSync();
    await sync.syncOnce();
    chatwoot.failNext('listPortals', 500);
    const report = await sync.syncOnce();
    expect(report.errors).toHaveLength(1);
    expect(report.errors[0]).toMatch(/^Chatwoot help center: Chatwoot GET \/portals failed: 500/);
    expect((await indexed()).map((r) => r.key)).toEqual(['cw:1']);
  });
});

describe('KNOWLEDGE_DIR sync and retrieval', () => {
  let dir: string;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'kdir-'));
  });
  afterAll(async () => rm(dir, { recursive: true, force: true }));

  const file = (title: string, locale: string, group: string, body: string) =>
    `---\ntitle: "${title}"\nurl: https://help.example.com/hc/h/articles/${group}-${locale}\nlocale: ${locale}\ngroup: ${group}\n---\n${body}\n`;

  it('prefers the customer’s locale, finds an English-only article through the translation, removes deleted files', async () => {
    await mkdir(join(dir, 'en'), { recursive: true });
    await mkdir(join(dir, 'de'), { recursive: true });
    await writeFile(join(dir, 'en/cancel.md'), file('Cancel your subscription', 'en', 'cancel', 'Open Settings, Subscription and cancel the subscription.'));
    await writeFile(join(dir, 'de/kuendigen.md'), file('Abo kündigen', 'de', 'cancel', 'Öffne Einstellungen, Abo und kündige das Abo.'));
    await writeFile(join(dir, 'en/invoices.md'), file('Invoices and receipts', 'en', 'invoices', 'Download invoices with your company address under Settings, Invoices.'));
    await writeFile(join(dir, 'en/broken.md'), '---\ntitle: x\n---\nno url');
    const sync = new KnowledgeSync(index, { chatwoot: null, dir, logger });
    const report = await sync.syncOnce();
    expect(report.upserted).toBe(3);
    expect(report.errors).toEqual(['en/broken.md: front matter field "url" is required']);

    const german = await retrieve(index, { subject: 'Abo', text: 'Wie kann ich mein Abo kündigen?', language: 'de', translation: 'How can I cancel my subscription?' });
    expect(german.articles.map((a) => a.slug)).toEqual(['kuendigen']);
    const english = await retrieve(index, { subject: null, text: 'How can I cancel my subscription?', language: 'en', translation: null });
    expect(english.articles.map((a) => a.slug)).toEqual(['cancel']);
    const crossLingual = await retrieve(index, { subject: 'Rechnung', text: 'Ich brauche eine Rechnung mit der Firmenadresse.', language: 'de', translation: 'I need an invoice with the company address.' });
    expect(crossLingual.articles.map((a) => a.slug)).toEqual(['invoices']);
    const nothing = await retrieve(index, { subject: 'Sponsoring', text: 'Wir suchen Sponsoren für unser Sommerfest.', language: 'de', translation: 'We are looking for sponsors for our summer party.' });
    expect(nothing).toEqual({ passages: [], articles: [], matched: false });

    await rm(join(dir, 'en/invoices.md'));
    expect(await sync.syncOnce()).toMatchObject({ upserted: 0, removed: 1 });
  });
});
