import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
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
 * process, packed into typed arrays (`ngram-table.ts`: ~1 MB, where the parsed rows were ~11 MB of JS heap) and
 * kept in a cache file; an eld instance is built on that table. Detection results are the same: the kept languages
 * keep every n-gram score they had.
 */
const subsetHeaderSchema = z.object({
  type: z.string().min(1),
  languages: z.record(z.string(), z.string()),
  ngrams: z.custom<object>((v) => typeof v === 'object' && v !== null && !Array.isArray(v), 'expected an object of n-gram rows'),
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

// Runs in a child process so the 145 MB full table never lives in this one; writes the subset to stdout.
const EXTRACT_SCRIPT = `
const [tableUrl, langs] = process.argv.slice(1);
const { ngramsData } = await import(tableUrl);
const keep = new Set(Object.entries(ngramsData.languages).filter(([, code]) => langs.split(',').includes(code)).map(([id]) => id));
const ngrams = {};
for (const [gram, row] of Object.entries(ngramsData.ngrams)) {
  const kept = {};
  let any = false;
  for (const id of Object.keys(row)) if (keep.has(id)) { kept[id] = row[id]; any = true; }
  if (any) ngrams[gram] = kept;
}
process.stdout.write(JSON.stringify({ type: ngramsData.type, languages: ngramsData.languages, ngrams }));
`;

interface Packed {
  header: EldTableHeader;
  data: CompactNgrams;
}

function readCache(file: string): Packed | null {
  if (!existsSync(file)) return null;
  try {
    return parseCompactNgrams(JSON.parse(readFileSync(file, 'utf8')));
  } catch {
    return null; // a damaged or older cache file is rebuilt
  }
}

/** The last lines a failed child wrote to stderr, for the error message. */
const tail = (text: string): string => text.trim().split('\n').slice(-3).join(' | ').slice(0, 500);

/** Runs the extraction child and packs what it wrote; throws with the child's own reason when it fails. */
function extract(srcDir: string, languages: readonly string[]): Packed {
  const table = join(srcDir, 'ngrams', 'small.js');
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', EXTRACT_SCRIPT, pathToFileURL(table).href, languages.join(',')], {
    stdio: ['ignore', 'pipe', 'pipe'],
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
    timeout: 60_000,
  });
  if (run.status !== 0) {
    const why = run.error?.message ?? (run.signal ? `killed by ${run.signal}` : `exit code ${run.status}: ${tail(run.stderr)}`);
    throw new Error(`the language detector's table could not be extracted from ${table} (a child process loads eld's 60-language table, ~150 MB): ${why}`);
  }
  // Only the header is validated here: compactNgrams checks every row as it packs it, without a copy of the table.
  const subset = subsetHeaderSchema.parse(JSON.parse(run.stdout)) as EldTableHeader & { ngrams: Record<string, Record<string, unknown>> };
  return { header: { type: subset.type, languages: subset.languages }, data: compactNgrams(subset.ngrams) };
}

/** Writes the packed table to `file` (via a temporary file, so a reader never sees half of it); false when it cannot. */
function writeCache(file: string, packed: Packed): boolean {
  const tmp = `${file}.${process.pid}.${randomUUID()}.tmp`;
  try {
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(tmp, serializeCompactNgrams(packed.header, packed.data));
    renameSync(tmp, file);
    return true;
  } catch {
    try {
      rmSync(tmp, { force: true });
    } catch {
      // the folder itself is unusable: nothing was written
    }
    return false;
  }
}

/** Where the subset table came from: a cache file, extracted now and cached, or extracted for this process only. */
export type SubsetSource = 'cache' | 'extracted' | 'uncached';

/**
 * The subset table: from the first cache folder that has it; else extracted once (a child process) and cached in the
 * first folder that can be written; with none writable, for this process only.
 */
function subsetTable(srcDir: string, languages: readonly string[], dirs: readonly string[]): Packed & { source: SubsetSource } {
  const name = `small-${eldVersion(srcDir)}-${[...languages].sort().join('-')}.compact.json`;
  for (const dir of dirs) {
    const cached = readCache(join(dir, name));
    if (cached) return { ...cached, source: 'cache' };
  }
  const packed = extract(srcDir, languages);
  const cached = dirs.some((dir) => writeCache(join(dir, name), packed));
  return { ...packed, source: cached ? 'extracted' : 'uncached' };
}

interface EldModule {
  createEld(): { instance: EldDetector; loadData(data: EldTableHeader & { ngrams: Record<string, Record<number, number>> }): string };
}

/**
 * An eld detector restricted to `languages`, built on the packed subset table (`source`: where the table came from).
 * `cacheDirs`: the folders tried for the cache file (default: node_modules/.cache/triage-eld, then the OS temp folder).
 * Throws when the table cannot be extracted (the error says why).
 */
export function createSubsetDetector(
  languages: readonly string[],
  opts: { cacheDirs?: readonly string[] } = {},
): { detector: EldDetector; source: SubsetSource; grams: number } {
  const srcDir = eldSourceDir();
  const { createEld } = require(join(srcDir, 'languageDetector.js')) as EldModule;
  const { instance, loadData } = createEld();
  const { header, data, source } = subsetTable(srcDir, languages, opts.cacheDirs ?? cacheDirs(srcDir));
  const table = new NgramTable(data);
  loadData({ ...header, ngrams: table.asEldNgrams() });
  instance.setLanguageSubset([...languages]);
  return { detector: instance, source, grams: table.size };
}
