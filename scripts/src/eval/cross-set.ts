/**
 * One-off measurement of how the offline model carries over between two ticket sets written by different people:
 * trains on A, scores B, and the other way round. Run: npx tsx scripts/src/eval/cross-set.ts A B
 */
import { CATEGORIES, PRIORITIES } from '../../../ai-pipeline/src/triage/categories.js';
import { loadTickets } from '../../../ai-pipeline/src/tickets/ticket.js';
import { createOfflineProvider } from '../../../ai-pipeline/src/model/offline/index.js';
import { computeMetrics } from './metrics.js';
import { scoreTickets } from './run.js';

const [a, b] = process.argv.slice(2);
if (!a || !b) {
  console.error('usage: npx tsx scripts/src/eval/cross-set.ts A B');
  process.exit(2);
}
const sets = { [a]: await loadTickets(a), [b]: await loadTickets(b) };
for (const [train, test] of [[a, b], [b, a]] as const) {
  const provider = createOfflineProvider({ tickets: sets[train] ?? [] });
  const { rows } = await scoreTickets(provider, sets[test] ?? [], 1);
  const m = computeMetrics(rows, { categories: CATEGORIES, priorities: PRIORITIES, threshold: 0.8 });
  const refund = m.perCategory['refund-request'];
  console.log(`train ${train} → score ${test}: accuracy ${(m.accuracy * 100).toFixed(1)} %, macro F1 ${m.macroF1.toFixed(3)}, refund recall ${refund?.recall.toFixed(2)} precision ${refund?.precision.toFixed(2)}, language ${(m.languageAccuracy * 100).toFixed(1)} %`);
  if (process.env.SHOW_ERRORS) for (const r of rows) if (r.category !== r.predictedCategory) console.log(`  ${r.id} ${r.category} → ${r.predictedCategory} (${r.confidence.toFixed(2)})`);
}
