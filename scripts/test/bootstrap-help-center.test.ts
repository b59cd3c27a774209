import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { startFakeChatwoot, type FakeChatwoot } from '../../testkit/fakes/chatwoot-server.js';
import { main } from '../src/bootstrap-chatwoot.js';

const sampleDir = resolve(import.meta.dirname, '../../help-center');
const tmp = mkdtempSync(join(tmpdir(), 'bootstrap-hc-'));
const emptyEnv = join(tmp, 'empty.env');
writeFileSync(emptyEnv, '');

let cw: FakeChatwoot;
beforeAll(async () => {
  cw = await startFakeChatwoot({ apiToken: 'admin-tok', accountId: 2 });
});
afterAll(() => cw.close());
beforeEach(() => cw.reset());

async function run(extra: string[]) {
  const lines: string[] = [];
  const errors: string[] = [];
  const code = await main(['--base-url', cw.url, '--token', 'admin-tok', '--account-id', '2', '--env-file', emptyEnv, '--sidebar-token', 'side-tok', ...extra], (l) => lines.push(l), (l) => errors.push(l));
  return { code, out: lines.join('\n'), err: errors.join('\n') };
}

const hcWrites = (from = 0) => cw.requests.slice(from).filter((r) => r.method !== 'GET' && /\/portals/.test(r.path));

describe('bootstrap-chatwoot --help-center', () => {
  it('--dry-run plans the portal and every article and writes nothing', async () => {
    const r = await run(['--help-center', sampleDir, '--dry-run']);
    expect(r.err).toBe('');
    expect(r.out).toContain('+ portal studyflash-help (would create)');
    expect(r.out).toMatch(/help center plan: 46 created, 0 updated, 0 unchanged, 0 failed; set HELP_CENTER_PORTAL=studyflash-help/);
    expect(cw.requests.filter((r) => r.method !== 'GET')).toEqual([]);
  });

  it('creates the portal, categories and published articles once; translations link to the English article; a rerun changes nothing', async () => {
    const first = await run(['--help-center', sampleDir, '--portal', 'sf-help']);
    expect(first.err).toBe('');
    expect(first.code).toBe(0);
    const hc = cw.helpCenter;
    expect(hc.portals.map((p) => [p.slug, p.allowed_locales])).toEqual([['sf-help', ['de', 'en', 'fr', 'it', 'nl']]]);
    expect(hc.articles).toHaveLength(46);
    expect(hc.articles.every((a) => a.status === 'published' && a.author_id === 1)).toBe(true);
    const en = hc.articles.find((a) => a.slug === 'cancel-subscription')!;
    const de = hc.articles.find((a) => a.slug === 'abo-kuendigen')!;
    expect(de.associated_article_id).toBe(en.id);
    expect(hc.categories.find((c) => c.id === de.category_id)).toMatchObject({ name: 'Abo', locale: 'de' });

    const before = cw.requests.length;
    const second = await run(['--help-center', sampleDir, '--portal', 'sf-help']);
    expect(second.out).toContain('help center done: 0 created, 0 updated, 46 unchanged, 0 failed');
    expect(hcWrites(before)).toEqual([]);

    hc.updateArticle(en.id, { status: 'draft' });
    const third = await run(['--help-center', sampleDir, '--portal', 'sf-help']);
    expect(third.out).toContain('~ cancel-subscription');
    expect(hc.articles.find((a) => a.id === en.id)?.status).toBe('published');
  });
});
