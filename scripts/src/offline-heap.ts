/**
 * Live JS heap held by the offline model once it is ready, as the service makes it (`createProviders`):
 *   node --expose-gc --import tsx scripts/src/offline-heap.ts [--key] [--dist] [--snapshot] [TICKETS_DIR]
 * Without --key: no API key, the offline model is the primary one and trains at start-up; one analysis follows.
 * With --key: Claude is primary (a loopback URL nothing listens on; it is never called) and the offline fallback is
 * never used. --dist measures the built ai-pipeline/dist (run `npm run build` first) instead of the TypeScript sources.
 * --snapshot also writes heap snapshots before and after and prints the constructors whose retained count grew most.
 * Each reading is `v8.getHeapStatistics().used_heap_size` after two full GCs. The language detector is loaded (one
 * detection) before the first reading, so its table is not part of the figure.
 */
import { readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import v8 from 'node:v8';

type ModelIndex = typeof import('../../ai-pipeline/src/model/index.js');
type LanguageDetect = typeof import('../../ai-pipeline/src/language/detect.js');

const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) {
  console.error('run with node --expose-gc --import tsx scripts/src/offline-heap.ts');
  process.exit(2);
}

const args = process.argv.slice(2);
const withKey = args.includes('--key');
const fromDist = args.includes('--dist');
const snapshots = args.includes('--snapshot');
const ticketsDir = resolve(args.find((a) => !a.startsWith('--')) ?? resolve(import.meta.dirname, '../../tickets'));
const root = resolve(import.meta.dirname, '../../ai-pipeline', fromDist ? 'dist' : 'src');
const ext = fromDist ? 'js' : 'ts';

const MB = 1024 * 1024;
function heap(): number {
  gc!();
  gc!();
  return v8.getHeapStatistics().used_heap_size;
}

/** Count and self size per node type + name (the constructor, for objects) of a heap snapshot file. */
function byConstructor(file: string): Map<string, { count: number; size: number }> {
  const snap = JSON.parse(readFileSync(file, 'utf8')) as {
    snapshot: { meta: { node_fields: string[]; node_types: [string[], ...unknown[]] } };
    nodes: number[];
    strings: string[];
  };
  const fields = snap.snapshot.meta.node_fields;
  const types = snap.snapshot.meta.node_types[0];
  const [typeAt, nameAt, sizeAt] = [fields.indexOf('type'), fields.indexOf('name'), fields.indexOf('self_size')];
  const out = new Map<string, { count: number; size: number }>();
  for (let i = 0; i < snap.nodes.length; i += fields.length) {
    const type = types[snap.nodes[i + typeAt]!] ?? '?';
    const name = type === 'object' || type === 'native' ? snap.strings[snap.nodes[i + nameAt]!] ?? '?' : '';
    const key = name ? `${type} ${name}` : type;
    const row = out.get(key) ?? { count: 0, size: 0 };
    row.count += 1;
    row.size += snap.nodes[i + sizeAt]!;
    out.set(key, row);
  }
  return out;
}

function snapshot(label: string): string | null {
  if (!snapshots) return null;
  gc!();
  return v8.writeHeapSnapshot(join(tmpdir(), `offline-heap-${process.pid}-${label}.heapsnapshot`));
}

const { createProviders } = (await import(`${root}/model/index.${ext}`)) as ModelIndex;
const { detectLanguage } = (await import(`${root}/language/detect.${ext}`)) as LanguageDetect;
detectLanguage('Bonjour, je voudrais changer mon abonnement.');

const before = heap();
const beforeFile = snapshot('before');
const t0 = performance.now();
const { provider, fallback } = await createProviders({
  MODEL_PROVIDER: 'auto',
  ANTHROPIC_API_KEY: withKey ? 'sk-ant-heap-measurement' : undefined,
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  ANTHROPIC_MODEL: 'claude-heap-measurement',
  ANTHROPIC_MAX_RETRIES: 0,
  ANTHROPIC_TIMEOUT_MS: 1000,
  TICKETS_DIR: ticketsDir,
});
const ready = performance.now() - t0;
if (!withKey) await provider.analyze({ subject: 'Absturz', text: 'Die App stürzt beim Öffnen eines Stapels ab.', language: 'de' });
const after = heap();
const afterFile = snapshot('after');

console.log(`${withKey ? 'key (Claude primary, offline fallback never used)' : 'no key (offline model primary, trained now, one analysis)'}; ${fromDist ? 'dist' : 'sources'}`);
console.log(`used heap before ${(before / MB).toFixed(2)} MB, after ${(after / MB).toFixed(2)} MB: held ${((after - before) / MB).toFixed(2)} MB (ready in ${ready.toFixed(0)} ms; fallback ${fallback ? fallback.kind : 'none'})`);

if (beforeFile && afterFile) {
  const [a, b] = [byConstructor(beforeFile), byConstructor(afterFile)];
  const rows = [...b].map(([key, r]) => ({ key, count: r.count - (a.get(key)?.count ?? 0), size: r.size - (a.get(key)?.size ?? 0) }));
  rows.sort((x, y) => y.size - x.size);
  const total = (m: Map<string, { count: number }>): number => [...m.values()].reduce((n, r) => n + r.count, 0);
  console.log(`heap snapshot nodes: ${total(a)} before, ${total(b)} after (+${total(b) - total(a)})`);
  console.log('grown most (self size), node type + constructor:');
  for (const r of rows.slice(0, 20)) console.log(`  ${(r.size / 1024).toFixed(0).padStart(8)} KB ${String(r.count).padStart(8)} × ${r.key}`);
  rmSync(beforeFile);
  rmSync(afterFile);
}
