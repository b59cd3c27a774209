import { describe, expect, it } from 'vitest';
import { parseArticleFile, KnowledgeFileError } from './dir-source.js';
import { normaliseLocale, regconfigFor } from './language.js';
import { markdownToText, splitIntoPassages } from './passages.js';
import { articleUrl, helpCenterBase } from './public-url.js';
import { passageScore, rankHits } from './rank.js';
import type { PassageHit } from './index-store.js';

describe('passages', () => {
  it('splits at every heading; text before the first heading is headed by the title; empty sections are dropped', () => {
    const md = 'Intro **bold** with a [link](https://x.example/a).\n\n## Step one\n\n1. Open Settings\n\n## Empty\n\n### Deep\n\n![img](https://x/y.png)Last words';
    expect(splitIntoPassages('Title', md)).toEqual([
      { position: 0, heading: 'Title', body: 'Intro bold with a link (https://x.example/a).' },
      { position: 1, heading: 'Step one', body: '1. Open Settings' },
      { position: 2, heading: 'Deep', body: 'Last words' },
    ]);
  });

  it('drops HTML and images from the text', () => {
    expect(markdownToText('<script>alert(1)</script>Hi ![x](y)')).toBe('alert(1)Hi');
  });
});

describe('public URL (Chatwoot PortalHelper#generate_article_link)', () => {
  it('custom domain, else HELP_CENTER_BASE_URL, else CHATWOOT_BASE_URL; no locale segment; the slug', () => {
    expect(articleUrl(helpCenterBase({ customDomain: 'help.acme.example', helpCenterBaseUrl: 'https://h.example', chatwootBaseUrl: 'http://cw:3000' }), 'acme', '17-cancel'))
      .toBe('https://help.acme.example/hc/acme/articles/17-cancel');
    expect(articleUrl(helpCenterBase({ customDomain: null, helpCenterBaseUrl: 'https://h.example/', chatwootBaseUrl: 'http://cw:3000' }), 'acme', 'a b'))
      .toBe('https://h.example/hc/acme/articles/a%20b');
    expect(articleUrl(helpCenterBase({ customDomain: '', chatwootBaseUrl: 'http://cw:3000/' }), 'acme', 'x')).toBe('http://cw:3000/hc/acme/articles/x');
  });
});

describe('languages', () => {
  it('maps locales to Postgres configurations', () => {
    expect(['en', 'de', 'fr', 'nl', 'it', 'es', 'pt_BR', 'xx'].map(regconfigFor)).toEqual(['english', 'german', 'french', 'dutch', 'italian', 'spanish', 'portuguese', 'simple']);
    expect(normaliseLocale('PT-br')).toBe('pt');
    expect(normaliseLocale('')).toBe('unknown');
  });
});

describe('KNOWLEDGE_DIR files', () => {
  it('reads front matter title/url/locale/category', () => {
    const a = parseArticleFile('de/abo.md', '---\ntitle: Abo kündigen\nurl: https://h.example/a\nlocale: de\ncategory: Abo\ngroup: cancel\n---\n# Hi\ntext', 100.7)!;
    expect(a).toMatchObject({ key: 'dir:de/abo.md', slug: 'abo', title: 'Abo kündigen', url: 'https://h.example/a', locale: 'de', category: 'Abo', groupKey: 'dir-group:cancel', updatedAt: 100 });
  });

  it('names the file and the field at fault', () => {
    expect(() => parseArticleFile('x.md', '---\ntitle: T\nurl: javascript:alert(1)\nlocale: en\n---\nbody', 0)).toThrow(
      new KnowledgeFileError('x.md: front matter field "url" must be an http(s) URL'),
    );
    expect(() => parseArticleFile('y.md', 'no front matter', 0)).toThrow(/y\.md: no front matter/);
    expect(parseArticleFile('d.md', '---\ntitle: T\nurl: https://a.example\nlocale: en\nstatus: draft\n---\nx', 0)).toBeNull();
  });
});

const hit = (over: Partial<PassageHit>): PassageHit => ({
  articleKey: 'k',
  groupKey: 'g',
  slug: 's',
  title: 'T',
  url: 'https://h.example/s',
  locale: 'en',
  position: 0,
  heading: 'T',
  body: 'body',
  rank: 0.3,
  matched: 4,
  queryTerms: 6,
  ...over,
});

describe('ranking', () => {
  it('one shared word is no evidence', () => {
    expect(passageScore({ rank: 0.5, matched: 1, queryTerms: 8 })).toBe(0);
    expect(passageScore({ rank: 0.5, matched: 1, queryTerms: 1 })).toBeGreaterThan(0);
  });

  it('prefers the customer’s locale within a translation group, ranked by the group’s best score', () => {
    const r = rankHits(
      [hit({ articleKey: 'de1', slug: 'abo-kuendigen', locale: 'de', groupKey: 'cancel', rank: 0.2, matched: 3 })],
      [hit({ articleKey: 'en1', slug: 'cancel', locale: 'en', groupKey: 'cancel', rank: 0.5, matched: 5 }), hit({ articleKey: 'en2', slug: 'prices', groupKey: 'prices', rank: 0.25, matched: 4 })],
      { minScore: 0.4, maxPassageChars: 6000, maxPassages: 6 },
    );
    expect(r.articles.map((a) => a.slug)).toEqual(['abo-kuendigen', 'prices']);
    expect(r.passages.map((p) => [p.id, p.articleKey])).toEqual([
      ['A1', 'de1'],
      ['A2', 'en2'],
    ]);
    expect(r.matched).toBe(true);
  });

  it('nothing above the threshold: no match', () => {
    expect(rankHits([hit({ rank: 0.01, matched: 2 })], [], { minScore: 0.42, maxPassageChars: 6000, maxPassages: 6 })).toEqual({ passages: [], articles: [], matched: false });
  });

  it('keeps the passages within the character budget', () => {
    const long = 'x'.repeat(3000);
    const r = rankHits([hit({ articleKey: 'a', groupKey: 'a', body: long }), hit({ articleKey: 'b', groupKey: 'b', body: long }), hit({ articleKey: 'c', groupKey: 'c', body: 'short' })], [], {
      minScore: 0.1,
      maxPassageChars: 6000,
      maxPassages: 6,
    });
    expect(r.passages.map((p) => p.articleKey)).toEqual(['a', 'c']);
    expect(r.articles).toHaveLength(3);
  });
});

describe('configuration', async () => {
  const { parseConfig, ConfigError } = await import('../config/config.js');
  const base = { CHATWOOT_BASE_URL: 'http://cw:3000', CHATWOOT_API_TOKEN: 'abcdefgh12', CHATWOOT_ACCOUNT_ID: '1', CHATWOOT_WEBHOOK_SECRET: 'webhook-secret-0123456789', DATABASE_URL: 'postgres://x@y/z' };
  it('defaults: no help center, sync every 600 s, threshold 0.42', () => {
    const c = parseConfig(base);
    expect([c.HELP_CENTER_PORTAL, c.KNOWLEDGE_DIR, c.HELP_CENTER_SYNC_SECONDS, c.KNOWLEDGE_MIN_SCORE, c.HELP_CENTER_BASE_URL]).toEqual([undefined, undefined, 600, 0.42, undefined]);
  });
  it('names the variable at fault', () => {
    try {
      parseConfig({ ...base, HELP_CENTER_PORTAL: 'bad slug!', HELP_CENTER_BASE_URL: 'ftp://x', KNOWLEDGE_MIN_SCORE: '2' });
      expect.unreachable();
    } catch (e) {
      expect(e).toBeInstanceOf(ConfigError);
      const problems = (e as InstanceType<typeof ConfigError>).problems.join('\n');
      expect(problems).toContain('HELP_CENTER_PORTAL must be a portal slug');
      expect(problems).toContain('HELP_CENTER_BASE_URL must be an http(s) URL');
      expect(problems).toContain('KNOWLEDGE_MIN_SCORE must be at most 1');
    }
  });
});
