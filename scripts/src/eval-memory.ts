/**
 * Memory of the offline model and the language detector: RSS and heap before and after each load step.
 * Run: node --expose-gc --import tsx scripts/src/eval-memory.ts [TICKETS_DIR]
 * (`--expose-gc` lets it collect garbage before each reading, so the figures are what stays held.)
 */
import { resolve } from 'node:path';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;

function reading(): { rss: number; heap: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB };
}

let last = reading();
const rows: Array<[string, number, number, number]> = [];
function mark(step: string, t0: number): void {
  const now = reading();
  rows.push([step, now.rss - last.rss, now.heap - last.heap, performance.now() - t0]);
  last = now;
}

const dir = resolve(process.argv[2] ?? resolve(import.meta.dirname, '../../tickets'));
const base = last;
let t0 = performance.now();
const { detectLanguage } = await import('../../ai-pipeline/src/language/detect.js');
detectLanguage('Bonjour, je voudrais changer mon abonnement.');
mark('language detector (import + first detect)', t0);
t0 = performance.now();
const offline = await import('../../ai-pipeline/src/model/offline/index.js');
mark('offline model code (import)', t0);
t0 = performance.now();
const provider = await offline.loadOfflineProvider(dir);
mark('offline provider (load tickets)', t0);
t0 = performance.now();
await provider.analyze({ subject: 'Frage', text: 'Wie kann ich mein Abo kündigen?', language: 'de' });
mark('first analysis (trains if lazy)', t0);
t0 = performance.now();
for (let i = 0; i < 50; i++) await provider.analyze({ subject: 'Bug', text: `The app crashes when I open deck ${i}`, language: 'en' });
mark('50 more analyses', t0);

console.log(`gc exposed: ${gc ? 'yes' : 'no (run with node --expose-gc --import tsx)'}; baseline RSS ${base.rss.toFixed(1)} MB, heap ${base.heap.toFixed(1)} MB`);
console.log('step                                        ΔRSS MB   Δheap MB   ms');
for (const [step, rss, heap, ms] of rows) console.log(`${step.padEnd(42)} ${rss.toFixed(1).padStart(8)} ${heap.toFixed(1).padStart(10)} ${ms.toFixed(0).padStart(6)}`);
console.log(`total held after loading                    ${(last.rss - base.rss).toFixed(1).padStart(8)} ${(last.heap - base.heap).toFixed(1).padStart(10)}   (RSS now ${last.rss.toFixed(1)} MB)`);
