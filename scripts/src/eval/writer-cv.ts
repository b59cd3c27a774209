/**
 * One-off measurement for tuning the offline model: leave-one-writer-out cross-validation over every training ticket
 * (tickets/ and tickets/extra/), beside the dev split (tickets/dev/), for a few classifier variants. Each group of
 * tickets written by one writer (told apart by id prefix) is scored by a model trained on all the other writers, which
 * estimates how the model does on a voice it has never read better than k-fold over one writer's tickets does.
 * Never reads tickets/heldout/.
 * Run: npx tsx scripts/src/eval/writer-cv.ts [--variants NAME,NAME] [--per-writer]
 * (--per-writer: each writer's figures, left out in turn). Without --variants: default, nb-hybrid, no-sensitive-floor.
 */
import { resolve } from 'node:path';
import { CATEGORIES, PRIORITIES } from '../../../ai-pipeline/src/triage/categories.js';
import { createOfflineProvider } from '../../../ai-pipeline/src/model/offline/index.js';
import { loadDevTickets, loadTrainingTickets, type Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';
import { computeMetrics, type ScoredTicket } from './metrics.js';
import { scoreTickets } from './run.js';
import { VARIANTS } from './writer-cv-variants.js';

const TICKETS = resolve(import.meta.dirname, '../../../tickets');

/** The writer of a ticket, by id: t001… (tickets/), x… , d…, and h by hundreds (h0xx, h1xx, … each one writer). */
export function writerOf(id: string): string {
  const m = /^([a-z]+)(\d)/.exec(id);
  if (!m) return id;
  return m[1] === 'h' ? `h${m[2]}` : (m[1] as string);
}

function summary(rows: ScoredTicket[]): string {
  const m = computeMetrics(rows, { categories: CATEGORIES, priorities: PRIORITIES, threshold: 0.8 });
  const r = m.perCategory['refund-request'];
  return `${(m.accuracy * 100).toFixed(1).padStart(5)} %  R ${r?.recall.toFixed(3)}  P ${r?.precision.toFixed(3)}`;
}

const arg = process.argv.indexOf('--variants');
const names = arg >= 0 ? (process.argv[arg + 1] ?? '').split(',') : ['default', 'nb-hybrid', 'no-sensitive-floor'];
const training = await loadTrainingTickets(TICKETS);
const dev = await loadDevTickets(TICKETS);
const writers = [...new Set(training.map((t) => writerOf(t.id)))];
console.log(`${training.length} training tickets by ${writers.length} writers (${writers.join(' ')}), dev ${dev.length}`);
const perWriter = process.argv.includes('--per-writer');
const width = Math.max(20, ...names.map((n) => n.length + 1));
console.log(`${'variant'.padEnd(width)} leave-one-writer-out           dev`);
for (const name of names) {
  const classifier = VARIANTS[name];
  if (!classifier) throw new Error(`unknown variant ${name}; known: ${Object.keys(VARIANTS).join(', ')}`);
  const rows: ScoredTicket[] = [];
  const byWriter: string[] = [];
  for (const w of writers) {
    const provider = createOfflineProvider({ tickets: training.filter((t: Ticket) => writerOf(t.id) !== w), classifier });
    const scored = (await scoreTickets(provider, training.filter((t) => writerOf(t.id) === w), 1)).rows;
    rows.push(...scored);
    byWriter.push(`  ${w.padEnd(4)} ${String(scored.length).padStart(3)} tickets  ${summary(scored)}`);
  }
  const devRows = (await scoreTickets(createOfflineProvider({ tickets: training, classifier }), dev, 1)).rows;
  console.log(`${name.padEnd(width)} ${summary(rows)}   ${summary(devRows)}`);
  if (perWriter) console.log(byWriter.join('\n'));
}
