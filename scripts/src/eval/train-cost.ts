/**
 * One-off measurement: CPU time and memory of training the offline model at start-up for one scoring variant of
 * writer-cv.ts's table (memory: RSS, heap and array buffers held after training, garbage collected before each reading).
 * Then, the features being extracted by then, the CPU of training alone (naive Bayes, logistic regression, calibration
 * folds), median of 7 runs: on a loaded machine the start-up figure varies by ±0.5 s, this one much less.
 * Run in separate processes per variant, alternating: node --expose-gc --import tsx scripts/src/eval/train-cost.ts [VARIANT]
 */
import { resolve } from 'node:path';
import { DEFAULT_CLASSIFIER_OPTIONS, trainClassifier } from '../../../ai-pipeline/src/model/offline/classifier.js';
import { createOfflineProvider, exampleFromTicket } from '../../../ai-pipeline/src/model/offline/index.js';
import { loadTrainingTickets } from '../../../ai-pipeline/src/tickets/ticket.js';
import { VARIANTS } from './writer-cv-variants.js';

const MB = 1024 * 1024;
const gc = (globalThis as { gc?: () => void }).gc;
function reading(): { rss: number; heap: number; buffers: number } {
  gc?.();
  gc?.();
  const m = process.memoryUsage();
  return { rss: m.rss / MB, heap: m.heapUsed / MB, buffers: m.arrayBuffers / MB };
}

const name = process.argv[2] ?? 'default';
const classifier = VARIANTS[name];
if (!classifier) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
const tickets = await loadTrainingTickets(resolve(import.meta.dirname, '../../../tickets'));
// Load the language detector and the code first, so the reading after training is the model alone.
const warm = createOfflineProvider({ tickets: tickets.slice(0, 0), classifier });
await warm.analyze({ subject: 'x', text: 'warm up', language: 'en' });
const before = reading();
const cpu0 = process.cpuUsage();
const t0 = performance.now();
const provider = createOfflineProvider({ tickets, classifier, trainNow: true });
const cpu = process.cpuUsage(cpu0);
const ms = performance.now() - t0;
const after = reading();
await provider.analyze({ subject: 'Frage', text: 'Wie kann ich mein Abo kündigen?', language: 'de' });
console.log(
  `${name.padEnd(16)} ${tickets.length} tickets: CPU ${((cpu.user + cpu.system) / 1e6).toFixed(2)} s, wall ${(ms / 1000).toFixed(2)} s; ` +
    `held ΔRSS ${(after.rss - before.rss).toFixed(1)} MB, Δheap ${(after.heap - before.heap).toFixed(1)} MB, Δbuffers ${(after.buffers - before.buffers).toFixed(1)} MB (gc ${gc ? 'on' : 'off'})`,
);

const examples = tickets.map(exampleFromTicket);
const runs: number[] = [];
for (let i = 0; i < 7; i += 1) {
  const c0 = process.cpuUsage();
  trainClassifier(examples, { ...DEFAULT_CLASSIFIER_OPTIONS, ...classifier });
  const c = process.cpuUsage(c0);
  runs.push((c.user + c.system) / 1e3);
}
runs.sort((a, b) => a - b);
console.log(`${name.padEnd(16)} training alone (features extracted): median ${runs[3]?.toFixed(0)} ms CPU (min ${runs[0]?.toFixed(0)}, max ${runs[6]?.toFixed(0)})`);
