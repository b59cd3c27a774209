/**
 * One-off measurement: cross-validated accuracy of the offline scoring variants on tickets/ (or PATH).
 * Run: npx tsx scripts/src/eval/compare-classifiers.ts [PATH] [--folds K]
 */
import { resolve } from 'node:path';
import { CATEGORIES, PRIORITIES } from '../../../ai-pipeline/src/triage/categories.js';
import { loadTickets } from '../../../ai-pipeline/src/tickets/ticket.js';
import type { ClassifierOptions } from '../../../ai-pipeline/src/model/offline/classifier.js';
import { computeMetrics } from './metrics.js';
import { crossValidateOffline } from './run.js';

const args = process.argv.slice(2);
const foldsArg = args.indexOf('--folds');
const folds = foldsArg >= 0 ? Number(args[foldsArg + 1]) : 5;
const path = args.find((a, i) => !a.startsWith('--') && args[i - 1] !== '--folds') ?? resolve(import.meta.dirname, '../../../tickets');
const tickets = await loadTickets(path);

const plain = { nbScale: 1, nbLengthNormalise: false };
const variants: Array<[string, Partial<ClassifierOptions>]> = [
  ['NB on stems only (wink)', { variant: 'text', ...plain }],
  ['lexicon only', { variant: 'lexicon', lexiconWeight: 1 }],
  ['NB on stems + concept tokens', { variant: 'text+concepts', ...plain }],
  ['hybrid, lexicon ×3', { variant: 'hybrid', lexiconWeight: 3, ...plain }],
  ['hybrid, lexicon ×3, NB ×0.3', { variant: 'hybrid', lexiconWeight: 3, nbScale: 0.3, nbLengthNormalise: false }],
  ['hybrid, lexicon ×3, NB/√n ×1', { variant: 'hybrid', lexiconWeight: 3, nbLengthNormalise: true, nbScale: 1 }],
  ['hybrid, lexicon ×3, NB/√n ×2 (default)', { variant: 'hybrid', lexiconWeight: 3, nbLengthNormalise: true, nbScale: 2 }],
  ['hybrid, lexicon ×3, NB/√n ×4', { variant: 'hybrid', lexiconWeight: 3, nbLengthNormalise: true, nbScale: 4 }],
  ['default, no class prior (training mix)', { classPrior: undefined }],
  ['default, priority lexicon ×0', { priorityLexiconWeight: 0 }],
  ['default, priority lexicon ×0.5', { priorityLexiconWeight: 0.5 }],
  ['default, priority lexicon ×3', { priorityLexiconWeight: 3 }],
];
console.log(`${tickets.length} tickets, ${folds}-fold grouped cross-validation\n`);
console.log('variant                                acc   macroF1  refundR  prio  conf✓  conf✗  share≥0.8  acc≥0.8');
for (const [name, options] of variants) {
  const t0 = performance.now();
  const { rows } = await crossValidateOffline(tickets, folds, options);
  const m = computeMetrics(rows, { categories: CATEGORIES, priorities: PRIORITIES, threshold: 0.8 });
  const f = (x: number | null): string => (x === null ? '  –  ' : x.toFixed(2));
  console.log(
    `${name.padEnd(38)} ${f(m.accuracy)}  ${f(m.macroF1)}     ${f(m.perCategory['refund-request']?.recall ?? 0)}     ${f(m.priorityAccuracy)}  ${f(m.meanConfidenceCorrect)}   ${f(m.meanConfidenceWrong)}   ${f(m.autoAssignShare)}       ${f(m.autoAssignAccuracy)}   (${Math.round(performance.now() - t0)} ms)`,
  );
}
