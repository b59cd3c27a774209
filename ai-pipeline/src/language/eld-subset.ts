import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';

/** The part of an eld instance (eld 2.x) the detector uses. */
export interface EldDetector {
  detect(text: string): { language: string; isReliable(): boolean; getScores(): Record<string, number> };
  setLanguageSubset(languages: string[] | false): unknown;
}

/**
 * eld's "small" n-gram table holds 60 languages and costs ~145 MB of RSS once imported (a 1.6 MB object literal).
 * The detector only answers with a dozen languages, so the n-grams of those languages are extracted once, in a child
 * process, into a JSON cache file (~0.6 MB, ~12 MB RSS when parsed), and an eld instance is built on that data.
 * Detection results are the same: the kept languages keep every n-gram score they had.
 */
const headerSchema = z.object({
  type: z.string().min(1),
  languages: z.record(z.string(), z.string()),
  ngrams: z.record(z.string(), z.unknown()),
});
interface NgramsData {
  type: string;
  languages: Record<string, string>;
  ngrams: Record<string, Record<string, number>>;
}

/** Validates a cache file without copying its 25 k rows (zod would build a second copy of the table). */
function parseNgrams(json: unknown): NgramsData {
  const header = headerSchema.parse(json);
  for (const [gram, row] of Object.entries(header.ngrams)) {
    if (typeof row !== 'object' || row === null || Object.values(row).some((v) => typeof v !== 'number')) {
      throw new Error(`field "ngrams.${gram}": expected an object of numbers`);
    }
  }
  return json as NgramsData;
}

const require = createRequire(import.meta.url);

/** eld's src/ folder (its package exports do not expose the detector factory or the raw tables). */
function eldSourceDir(): string {
  for (const base of require.resolve.paths('eld') ?? []) {
    const dir = join(base, 'eld', 'src');
    if (existsSync(join(dir, 'languageDetector.js'))) return dir;
  }
  throw new Error('the "eld" package is not installed');
}

function eldVersion(srcDir: string): string {
  const pkg = JSON.parse(readFileSync(join(srcDir, '..', 'package.json'), 'utf8')) as { version?: unknown };
  return typeof pkg.version === 'string' ? pkg.version : 'unknown';
}

/** Folders tried for the cache file, in order: node_modules/.cache (next to eld), then the OS temp folder. */
function cacheDirs(srcDir: string): string[] {
  return [join(srcDir, '..', '..', '.cache', 'triage-eld'), join(tmpdir(), 'triage-eld-cache')];
}

// Runs in a child process so the 145 MB full table never lives in this one.
const EXTRACT_SCRIPT = `
import { writeFileSync, renameSync } from 'node:fs';
const [tableUrl, target, langs] = process.argv.slice(1);
const { ngramsData } = await import(tableUrl);
const keep = new Set(Object.entries(ngramsData.languages).filter(([, code]) => langs.split(',').includes(code)).map(([id]) => id));
const ngrams = {};
for (const [gram, row] of Object.entries(ngramsData.ngrams)) {
  const kept = {};
  let any = false;
  for (const id of Object.keys(row)) if (keep.has(id)) { kept[id] = row[id]; any = true; }
  if (any) ngrams[gram] = kept;
}
const tmp = target + '.' + process.pid + '.tmp';
writeFileSync(tmp, JSON.stringify({ type: ngramsData.type, languages: ngramsData.languages, ngrams }));
renameSync(tmp, target);
`;

function readCache(file: string): NgramsData | null {
  if (!existsSync(file)) return null;
  try {
    return parseNgrams(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null; // a damaged cache file is rebuilt
  }
}

function extractSubset(srcDir: string, languages: readonly string[]): NgramsData | null {
  const name = `small-${eldVersion(srcDir)}-${[...languages].sort().join('-')}.json`;
  const tableUrl = pathToFileURL(join(srcDir, 'ngrams', 'small.js')).href;
  for (const dir of cacheDirs(srcDir)) {
    const file = join(dir, name);
    const cached = readCache(file);
    if (cached) return cached;
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      continue;
    }
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', EXTRACT_SCRIPT, tableUrl, file, languages.join(',')], {
      stdio: 'ignore',
      timeout: 60_000,
    });
    if (run.status === 0) {
      const built = readCache(file);
      if (built) return built;
    }
  }
  return null;
}

interface EldModule {
  createEld(): { instance: EldDetector; loadData(data: NgramsData): string };
}

/**
 * An eld detector restricted to `languages`, built on the cached subset table; falls back to eld's full small
 * table in this process when no cache can be written (read-only file system and no temp folder).
 */
export function createSubsetDetector(languages: readonly string[]): { detector: EldDetector; source: 'subset-cache' | 'full-table' } {
  const srcDir = eldSourceDir();
  const { createEld } = require(join(srcDir, 'languageDetector.js')) as EldModule;
  const { instance, loadData } = createEld();
  const subset = extractSubset(srcDir, languages);
  let source: 'subset-cache' | 'full-table' = 'subset-cache';
  if (subset) loadData(subset);
  else {
    loadData((require(join(srcDir, 'ngrams', 'small.js')) as { ngramsData: NgramsData }).ngramsData);
    source = 'full-table';
  }
  instance.setLanguageSubset([...languages]);
  return { detector: instance, source };
}
