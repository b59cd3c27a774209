/** Pure evaluation maths for `npm run eval`: no I/O, no model. */

export interface ScoredTicket {
  id: string;
  category: string;
  predictedCategory: string;
  /** 0..1 confidence of the predicted category. */
  confidence: number;
  priority: string;
  predictedPriority: string;
  language: string;
  predictedLanguage: string;
}

export interface ClassMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Tickets whose true label is this class. */
  support: number;
}

export interface EvalMetrics {
  tickets: number;
  accuracy: number;
  macroF1: number;
  perCategory: Record<string, ClassMetrics>;
  /** confusion.matrix[i][j]: tickets of true label labels[i] predicted as labels[j]. */
  confusion: { labels: string[]; matrix: number[][] };
  majorityBaseline: { label: string; accuracy: number };
  languageAccuracy: number;
  priorityAccuracy: number;
  priorityMajorityBaseline: { label: string; accuracy: number };
  meanConfidenceCorrect: number | null;
  meanConfidenceWrong: number | null;
  threshold: number;
  /** Share of tickets with confidence ≥ threshold (the ones that would be auto-assigned). */
  autoAssignShare: number;
  autoAssignCount: number;
  /** Accuracy on that share; null when no ticket reaches the threshold. */
  autoAssignAccuracy: number | null;
}

function ratio(a: number, b: number): number {
  return b === 0 ? 0 : a / b;
}

function mean(values: number[]): number | null {
  return values.length === 0 ? null : values.reduce((a, b) => a + b, 0) / values.length;
}

/** The most frequent value (ties: the first in `order`, then alphabetical) and its share. */
export function majority(values: readonly string[], order: readonly string[] = []): { label: string; accuracy: number } {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  const rank = (l: string): number => (order.includes(l) ? order.indexOf(l) : order.length);
  const sorted = [...counts.entries()].sort((a, b) => b[1] - a[1] || rank(a[0]) - rank(b[0]) || (a[0] < b[0] ? -1 : 1));
  const top = sorted[0];
  return top ? { label: top[0], accuracy: ratio(top[1], values.length) } : { label: '', accuracy: 0 };
}

/** Per-class precision/recall/F1 and the confusion matrix over `labels` (plus any label only seen in the data). */
export function classification(
  truth: readonly string[],
  predicted: readonly string[],
  labels: readonly string[],
): { perClass: Record<string, ClassMetrics>; confusion: { labels: string[]; matrix: number[][] }; macroF1: number } {
  const all = [...labels];
  for (const l of [...truth, ...predicted]) if (!all.includes(l)) all.push(l);
  const matrix = all.map(() => all.map(() => 0));
  truth.forEach((t, i) => {
    const row = matrix[all.indexOf(t)] as number[];
    const j = all.indexOf(predicted[i] as string);
    row[j] = (row[j] ?? 0) + 1;
  });
  const perClass: Record<string, ClassMetrics> = {};
  all.forEach((label, k) => {
    const tp = matrix[k]?.[k] ?? 0;
    const support = (matrix[k] ?? []).reduce((a, b) => a + b, 0);
    const predictedAs = matrix.reduce((a, row) => a + (row[k] ?? 0), 0);
    const precision = ratio(tp, predictedAs);
    const recall = ratio(tp, support);
    perClass[label] = { precision, recall, f1: ratio(2 * precision * recall, precision + recall), support };
  });
  const present = all.filter((l) => (perClass[l]?.support ?? 0) > 0);
  const macroF1 = ratio(present.reduce((a, l) => a + (perClass[l]?.f1 ?? 0), 0), present.length);
  return { perClass, confusion: { labels: all, matrix }, macroF1 };
}

export function computeMetrics(
  rows: readonly ScoredTicket[],
  options: { categories: readonly string[]; priorities: readonly string[]; threshold: number },
): EvalMetrics {
  const n = rows.length;
  const correct = rows.map((r) => r.category === r.predictedCategory);
  const { perClass, confusion, macroF1 } = classification(
    rows.map((r) => r.category),
    rows.map((r) => r.predictedCategory),
    options.categories,
  );
  const confident = rows.filter((r) => r.confidence >= options.threshold);
  return {
    tickets: n,
    accuracy: ratio(correct.filter(Boolean).length, n),
    macroF1,
    perCategory: perClass,
    confusion,
    majorityBaseline: majority(rows.map((r) => r.category), options.categories),
    languageAccuracy: ratio(rows.filter((r) => r.language === r.predictedLanguage).length, n),
    priorityAccuracy: ratio(rows.filter((r) => r.priority === r.predictedPriority).length, n),
    priorityMajorityBaseline: majority(rows.map((r) => r.priority), options.priorities),
    meanConfidenceCorrect: mean(rows.filter((_, i) => correct[i]).map((r) => r.confidence)),
    meanConfidenceWrong: mean(rows.filter((_, i) => !correct[i]).map((r) => r.confidence)),
    threshold: options.threshold,
    autoAssignShare: ratio(confident.length, n),
    autoAssignCount: confident.length,
    autoAssignAccuracy: confident.length === 0 ? null : ratio(confident.filter((r) => r.category === r.predictedCategory).length, confident.length),
  };
}
