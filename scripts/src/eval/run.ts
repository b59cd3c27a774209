import pLimit from 'p-limit';
import { groupedFolds } from '../../../ai-pipeline/src/model/offline/folds.js';
import { createOfflineProvider } from '../../../ai-pipeline/src/model/offline/index.js';
import type { ClassifierOptions } from '../../../ai-pipeline/src/model/offline/classifier.js';
import { addUsage, NO_USAGE, type ModelProvider, type Usage } from '../../../ai-pipeline/src/model/provider.js';
import type { Ticket } from '../../../ai-pipeline/src/tickets/ticket.js';
import { analyzeTicket, type TicketAnalysis } from '../../../ai-pipeline/src/triage/analyze.js';
import type { ScoredTicket } from './metrics.js';

export interface ScoredRun {
  rows: ScoredTicket[];
  usage: Usage;
  /** Each ticket's analysis by id (for the routing figures). */
  analyses: Map<string, TicketAnalysis>;
}

/** Runs the real analysis step (customer text → language → provider.analyze) on each ticket, `concurrency` at a time. */
export async function scoreTickets(provider: ModelProvider, tickets: readonly Ticket[], concurrency = 4): Promise<ScoredRun> {
  const limit = pLimit(concurrency);
  const results = await Promise.all(
    tickets.map((ticket) =>
      limit(async () => {
        const result = await analyzeTicket(provider, { subject: ticket.subject, content: ticket.body });
        const row: ScoredTicket = {
          id: ticket.id,
          category: ticket.category,
          predictedCategory: result.analysis.category,
          confidence: result.analysis.confidence,
          priority: ticket.priority,
          predictedPriority: result.analysis.priority,
          language: ticket.lang,
          predictedLanguage: result.language.language,
        };
        return { row, usage: result.usage, result };
      }),
    ),
  );
  return {
    rows: results.map((r) => r.row),
    usage: results.reduce((u, r) => addUsage(u, r.usage), NO_USAGE),
    analyses: new Map(results.map((r) => [r.row.id, r.result])),
  };
}

/** Folds for cross-validation on sample tickets: exact-duplicate bodies share a fold, categories are spread evenly. */
export function ticketFolds(tickets: readonly Ticket[], k: number): number[] {
  return groupedFolds(tickets, k, (t) => t.body.trim().toLowerCase(), (t) => t.category);
}

/**
 * k-fold cross-validation of the offline provider: every ticket is scored by a model that never saw it.
 * `extraTraining` (tickets/extra/) is added to every fold's training set and never scored; `sensitive`: the configured
 * sensitive categories (default the built-in ones).
 */
export async function crossValidateOffline(
  tickets: readonly Ticket[],
  k: number,
  classifier?: Partial<ClassifierOptions>,
  categories?: readonly string[],
  extraTraining: readonly Ticket[] = [],
  sensitive?: readonly string[],
): Promise<ScoredRun> {
  if (tickets.length < k) throw new Error(`cross-validation with ${k} folds needs at least ${k} tickets, got ${tickets.length}`);
  const fold = ticketFolds(tickets, k);
  const byId = new Map<string, ScoredTicket>();
  const analyses = new Map<string, TicketAnalysis>();
  for (let f = 0; f < k; f += 1) {
    const train = [...tickets.filter((_, i) => fold[i] !== f), ...extraTraining];
    const test = tickets.filter((_, i) => fold[i] === f);
    const provider = createOfflineProvider({ tickets: train, classifier, categories, sensitive });
    const scored = await scoreTickets(provider, test, 1);
    for (const row of scored.rows) byId.set(row.id, row);
    for (const [id, a] of scored.analyses) analyses.set(id, a);
  }
  return { rows: tickets.map((t) => byId.get(t.id) as ScoredTicket), usage: { ...NO_USAGE }, analyses };
}
