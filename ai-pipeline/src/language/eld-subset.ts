import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { z } from 'zod';
import { compactNgrams, NgramTable, parseCompactNgrams, serializeCompactNgrams, type CompactNgrams, type EldTableHeader } from './ngram-table.js';

/** The part of an eld instance (eld 2.x) the detector uses. */
export interface EldDetector {
  detect(text: string): { language: string; isReliable(): boolean; getScores(): Record<string, number> };
  setLanguageSubset(languages: string[] | false): unknown;
}

/**
 * eld's "small" n-gram table holds 60 languages and costs ~145 MB of RSS once imported (a 1.6 MB object literal).
 * The detector only answers with a dozen languages, so the n-grams of those languages are extracted once, in a child
 * process, packed into typed arrays (`ngram-table.ts`: ~0.6 MB, where the parsed rows were ~11 MB of JS heap) and
 * kept in a cache file; an eld instance is built on that table. Detection results are the same: the kept languages
 * keep every n-gram score they had.
 */
const subsetHeaderSchema = z.object({
  type: z.string().min(1),
  languages: z.record(z.string(), z.string()),
  ngrams: z.record(z.string(), z.unknown()),
});

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

// Runs in a child process so the 145 MB full table never lives in this one. Writes the subset to the file named, or
// to stdout for "-".
const EXTRACT_SCRIPT = `
import { writeFileSync } from 'node:fs';
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
const json = JSON.stringify({ type: ngramsData.type, languages: ngramsData.languages, ngrams });
if (target === '-') process.stdout.write(json); else writeFileSync(target, json);
`;

interface Table {
  header: EldTableHeader;
  table: NgramTable;
}

function readCache(file: string): Table | null {
  if (!existsSync(file)) return null;
  try {
    const { header, data } = parseCompactNgrams(JSON.parse(readFileSync(file, 'utf8')));
    return { header, table: new NgramTable(data) };
  } catch {
    return null; // a damaged or older cache file is rebuilt
  }
}

/** Runs the extraction child; its output (the file `target`, or stdout for "-") as text, or null when it failed. */
function runExtraction(srcDir: string, target: string, languages: readonly string[]): string | null {
  const tableUrl = pathToFileURL(join(srcDir, 'ngrams', 'small.js')).href;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', EXTRACT_SCRIPT, tableUrl, target, languages.join(',')], {
    stdio: ['ignore', target === '-' ? 'pipe' : 'ignore', 'ignore'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (run.status !== 0) return null;
  if (target === '-') return run.stdout;
  try {
    return readFileSync(target, 'utf8');
  } catch {
    return null;
  } finally {
    rmSync(target, { force: true });
  }
}

/** The extracted subset, packed; null when the child's output is not a table. */
function packSubset(json: string | null): { header: EldTableHeader; data: CompactNgrams } | null {
  if (json === null) return null;
  try {
    const subset = subsetHeaderSchema.parse(JSON.parse(json));
    return { header: { type: subset.type, languages: subset.languages }, data: compactNgrams(subset.ngrams as Record<string, Record<string, unknown>>) };
  } catch {
    return null;
  }
}

/** Writes the packed table to `file` (via a temporary file, so a reader never sees half of it); false when it cannot. */
function writeCache(file: string, packed: { header: EldTableHeader; data: CompactNgrams }): boolean {
  const tmp = `${file}.${process.pid}.tmp`;
  try {
    writeFileSync(tmp, serializeCompactNgrams(packed.header, packed.data));
    renameSync(tmp, file);
    return true;
  } catch {
    rmSync(tmp, { force: true });
    return false;
  }
}

/**
 * The subset table: from the cache file in the first cache folder that has one, else extracted (in a child process)
 * and cached in the first folder that can be written; without any, extracted for this process only.
 */
function subsetTable(srcDir: string, languages: readonly string[], dirs: readonly string[]): Table & { cached: boolean } {
  const name = `small-${eldVersion(srcDir)}-${[...languages].sort().join('-')}.compact.json`;
  for (const dir of dirs) {
    const file = join(dir, name);
    const cached = readCache(file);
    if (cached) return { ...cached, cached: true };
    try {
      mkdirSync(dir, { recursive: true });
    } catch {
      continue;
    }
    const packed = packSubset(runExtraction(srcDir, `${file}.${process.pid}.subset`, languages));
    if (packed && writeCache(file, packed)) return { header: packed.header, table: new NgramTable(packed.data), cached: true };
  }
  const packed = packSubset(runExtraction(srcDir, '-', languages));
  if (!packed) throw new Error(`the language detector's table could not be extracted from ${join(srcDir, 'ngrams', 'small.js')}`);
  return { header: packed.header, table: new NgramTable(packed.data), cached: false };
}

interface EldModule {
  createEld(): { instance: EldDetector; loadData(data: EldTableHeader & { ngrams: Record<string, Record<number, number>> }): string };
}

/**
 * An eld detector restricted to `languages`, built on the packed subset table (`source` says whether it came from or
 * went to a cache file, or was extracted for this process only: read-only file system and no temp folder).
 * `cacheDirs`: the folders tried for the cache file (default: node_modules/.cache/triage-eld, then the OS temp folder).
 */
export function createSubsetDetector(
  languages: readonly string[],
  opts: { cacheDirs?: readonly string[] } = {},
): { detector: EldDetector; source: 'subset-cache' | 'subset-uncached'; table: NgramTable } {
  const srcDir = eldSourceDir();
  const { createEld } = require(join(srcDir, 'languageDetector.js')) as EldModule;
  const { instance, loadData } = createEld();
  const { header, table, cached } = subsetTable(srcDir, languages, opts.cacheDirs ?? cacheDirs(srcDir));
  loadData({ ...header, ngrams: table.asEldNgrams() });
  instance.setLanguageSubset([...languages]);
  return { detector: instance, source: cached ? 'subset-cache' : 'subset-uncached', table };
}
