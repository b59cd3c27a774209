import type { EvalMetrics } from './metrics.js';
import type { AutoReplyMetrics } from './auto-reply.js';
import type { RoutingMetrics } from './routing.js';

/** A set of tickets scored beside cross-validation by the model trained on every training ticket. */
export interface Split {
  path: string;
  method: string;
  metrics: EvalMetrics;
}

export interface EvalReport {
  provider: string;
  model: string;
  path: string;
  /** 'cross-validation (k folds)' or 'trained on tickets/' or 'provider as is'. */
  method: string;
  metrics: EvalMetrics;
  /** The triage configuration evaluated (its categories; its rules for routing). */
  config?: string;
  /** Configured categories the offline model had no training tickets for (it gives them a low confidence). */
  categoriesWithoutExamples?: string[];
  /** Fewer than two categories have training tickets: the offline model cannot tell them apart (every answer low). */
  cannotTellApart?: boolean;
  /** Categories with only a few training tickets (the offline model knows them poorly). */
  fewTrainingTickets?: { category: string; tickets: number }[];
  /** Training tickets left out because their category is not configured (with a likely meant category). */
  unusedTrainingTickets?: { category: string; tickets: number; didYouMean: string | null }[];
  /** Routing figures when PATH has tickets labelled with `team_id`. */
  routing?: RoutingMetrics;
  /** Offline on tickets/: the held-out split (tickets/heldout/, written by someone other than whoever tunes the model). */
  heldout?: Split;
  /** Offline on tickets/: split folders (dev/, heldout/) with no ticket of a configured category, so not scored. */
  emptySplits?: Array<{ name: 'dev' | 'held-out'; path: string }>;
  /** Offline on tickets/: the development split (tickets/dev/, never trained on, used while tuning the model). */
  dev?: Split;
  /** What the auto_reply setting (or its stand-in) would send on this set. */
  autoReply?: AutoReplyMetrics;
  usage?: {
    calls: number;
    inputTokens: number;
    outputTokens: number;
    inputTokensPerTicket: number;
    outputTokensPerTicket: number;
    /** Estimated, from scripts/src/eval/pricing.ts; null for a model without a price entry. */
    estimatedCostUsd: number | null;
    estimatedCostPerTicketUsd: number | null;
  };
}

const pct = (x: number): string => `${(x * 100).toFixed(1)} %`;
const num = (x: number | null): string => (x === null ? '–' : x.toFixed(3));

/** The human-readable report printed by `npm run eval`. */
export function formatReport(r: EvalReport): string {
  const m = r.metrics;
  const lines: string[] = [];
  lines.push(`Evaluation of ${r.provider} (${r.model}) on ${m.tickets} tickets from ${r.path}`);
  lines.push(`Method: ${r.method}`);
  if (r.config) lines.push(`Configuration: ${r.config}`);
  if (r.categoriesWithoutExamples?.length) lines.push(`No training tickets for: ${r.categoriesWithoutExamples.join(', ')} (add some to TICKETS_DIR; the offline model gives them a low confidence)`);
  if (r.fewTrainingTickets?.length) {
    lines.push(`Few training tickets for: ${r.fewTrainingTickets.map((f) => `${f.category} (${f.tickets})`).join(', ')} (add more to TICKETS_DIR: the offline model knows these categories from too few examples to be reliable)`);
  }
  if (r.unusedTrainingTickets?.length) {
    const named = r.unusedTrainingTickets.map((u) => `${u.category} (${u.tickets}${u.didYouMean ? `; did you mean "${u.didYouMean}"?` : ''})`);
    lines.push(`Training tickets not used (their category is not configured): ${named.join(', ')}`);
  }
  if (r.cannotTellApart) lines.push('Fewer than two categories have training tickets: the offline model cannot tell them apart, so every answer gets a confidence of at most 0.3');
  lines.push('');
  lines.push(`Category accuracy      ${pct(m.accuracy)}   (majority-class baseline "${m.majorityBaseline.label}": ${pct(m.majorityBaseline.accuracy)})`);
  lines.push(`Macro F1               ${num(m.macroF1)}`);
  lines.push(`Priority accuracy      ${pct(m.priorityAccuracy)}   (majority baseline "${m.priorityMajorityBaseline.label}": ${pct(m.priorityMajorityBaseline.accuracy)})`);
  lines.push(`Language accuracy      ${pct(m.languageAccuracy)}`);
  lines.push(`Mean confidence        right ${num(m.meanConfidenceCorrect)}, wrong ${num(m.meanConfidenceWrong)}`);
  lines.push(
    `Confidence ≥ ${m.threshold}      ${pct(m.autoAssignShare)} of tickets (${m.autoAssignCount}) would be auto-assigned; accuracy on them ${m.autoAssignAccuracy === null ? '–' : pct(m.autoAssignAccuracy)}`,
  );
  lines.push('');
  lines.push('Per category           precision  recall  F1     support');
  for (const [label, c] of Object.entries(m.perCategory)) {
    lines.push(`  ${label.padEnd(20)} ${num(c.precision).padStart(9)}  ${num(c.recall).padStart(6)}  ${num(c.f1)}  ${String(c.support).padStart(7)}`);
  }
  lines.push('');
  lines.push('Confusion matrix (rows: true, columns: predicted)');
  const width = Math.max(...m.confusion.labels.map((l) => l.length), 6);
  lines.push(`  ${''.padEnd(width)} ${m.confusion.labels.map((l) => l.padStart(width)).join(' ')}`);
  m.confusion.labels.forEach((label, i) => {
    lines.push(`  ${label.padEnd(width)} ${(m.confusion.matrix[i] ?? []).map((v) => String(v).padStart(width)).join(' ')}`);
  });
  if (r.routing) {
    const g = r.routing;
    lines.push('');
    lines.push(`Routing (${g.tickets} tickets labelled with a team, threshold ${g.threshold})`);
    lines.push(`  routed right           ${pct(g.routedRightShare)} (${g.routedRight}): assigned to the expected team, or not assigned when none was expected`);
    lines.push(`  right target           ${pct(g.targetRightShare)} (${g.targetRight}): the rules picked the expected team, assigned or suggested`);
    lines.push(`  wrongly assigned       ${pct(g.wronglyAssignedShare)} (${g.wronglyAssigned})`);
    if (g.misses.length > 0) lines.push(`  not routed right: ${g.misses.slice(0, 20).join(', ')}${g.misses.length > 20 ? ', …' : ''}`);
  }
  const splits = [...(r.dev ? [{ name: 'dev', split: r.dev }] : []), ...(r.heldout ? [{ name: 'held-out', split: r.heldout }] : [])];
  if (splits.length > 0) lines.push('', ...formatSideBySide(m, splits));
  for (const e of r.emptySplits ?? []) lines.push('', `${capitalised(e.name)} split: ${e.path} has no tickets, nothing scored`);
  if (r.autoReply) {
    const a = r.autoReply;
    lines.push('');
    lines.push(`Auto-reply (${a.source}; categories ${a.categories.join(', ')}; min_confidence ${a.minConfidence})`);
    lines.push(`  would auto-reply       ${pct(a.wouldReplyShare)} (${a.wouldReply} of ${a.tickets}); require_article is not checked here (no retrieval)`);
    lines.push(`  right category         ${a.precision === null ? '–' : pct(a.precision)} (${a.right} of ${a.wouldReply})`);
    lines.push(`  sensitive in truth     ${a.sensitiveHits}${a.wrong.length > 0 ? `; wrong: ${a.wrong.slice(0, 20).join(', ')}${a.wrong.length > 20 ? ', …' : ''}` : ''}`);
  }
  if (r.usage) {
    const u = r.usage;
    lines.push('');
    lines.push(
      `Tokens                 ${u.inputTokens} in / ${u.outputTokens} out over ${u.calls} calls (${u.inputTokensPerTicket.toFixed(0)} / ${u.outputTokensPerTicket.toFixed(0)} per ticket)`,
    );
    lines.push(
      `Estimated cost         ${u.estimatedCostUsd === null ? 'unknown model price' : `$${u.estimatedCostUsd.toFixed(4)} total, $${(u.estimatedCostPerTicketUsd ?? 0).toFixed(5)} per ticket (list-price estimate)`}`,
    );
  }
  return lines.join('\n');
}

const capitalised = (s: string): string => `${s.slice(0, 1).toUpperCase()}${s.slice(1)}`;

/** The main figures of the run and of each split never trained on (dev, held-out), one column each. */
export function formatSideBySide(main: EvalMetrics, splits: ReadonlyArray<{ name: string; split: Split }>): string[] {
  const refund = (x: EvalMetrics) => x.perCategory['refund-request'];
  const share = (x: EvalMetrics) => `${pct(x.autoAssignShare)} / ${x.autoAssignAccuracy === null ? '–' : pct(x.autoAssignAccuracy)}`;
  const figures: Array<[string, (x: EvalMetrics) => string]> = [
    ['tickets', (x) => String(x.tickets)],
    ['category accuracy', (x) => pct(x.accuracy)],
    ['macro F1', (x) => num(x.macroF1)],
    ['refund recall', (x) => num(refund(x)?.recall ?? null)],
    ['refund precision', (x) => num(refund(x)?.precision ?? null)],
    ['priority accuracy', (x) => pct(x.priorityAccuracy)],
    ['language accuracy', (x) => pct(x.languageAccuracy)],
    [`share ≥ ${main.threshold} / acc. on it`, share],
  ];
  const columns = [{ name: 'cross-validation', metrics: main }, ...splits.map((s) => ({ name: s.name, metrics: s.split.metrics }))];
  const lines = splits.map((s) => `${capitalised(s.name)} split: ${s.split.path} (${s.split.method})`);
  lines.push(`  ${'figure'.padEnd(26)} ${columns.map((c) => c.name.padStart(18)).join(' ')}`);
  for (const [name, value] of figures) lines.push(`  ${name.padEnd(26)} ${columns.map((c) => value(c.metrics).padStart(18)).join(' ')}`);
  for (const s of splits) {
    const h = s.split.metrics;
    lines.push('', `${capitalised(s.name)} confusion matrix (rows: true, columns: predicted)`);
    const width = Math.max(...h.confusion.labels.map((l) => l.length), 6);
    lines.push(`  ${''.padEnd(width)} ${h.confusion.labels.map((l) => l.padStart(width)).join(' ')}`);
    h.confusion.labels.forEach((label, i) => {
      lines.push(`  ${label.padEnd(width)} ${(h.confusion.matrix[i] ?? []).map((v) => String(v).padStart(width)).join(' ')}`);
    });
  }
  return lines;
}
