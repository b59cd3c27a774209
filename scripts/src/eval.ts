/**
 * npm run eval -- [--provider offline|anthropic] [--json] [--threshold X] [--folds K] [--concurrency N] [--model ID] [--config TRIAGE_YAML] [--no-heldout] [PATH]
 *
 * Scores the analysis step (customer text → local language detection → provider) on labelled tickets, without Chatwoot.
 * Offline on tickets/ itself: k-fold cross-validation, so no ticket is scored by a model trained on it, beside the
 * development split (tickets/dev/) and the held-out split (tickets/heldout/; `--no-heldout` skips it while tuning).
 * Offline on any other PATH: the model trains on all of tickets/. Exit codes: 0 ok, 1 run failed, 2 bad input or setup.
 * The categories are the configured ones (--config, TRIAGE_CONFIG, ROUTING_CONFIG or built-in); tickets labelled with
 * `team_id` also get routing figures (the configured rules applied by the pure `decide`).
 */
import { autoReplyMetrics } from './eval/auto-reply.js';
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_AUTO_ASSIGN_THRESHOLD } from '../../ai-pipeline/src/config/defaults.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../../ai-pipeline/src/model/offline/index.js';
import { cannotTellCategoriesApart, PRIORITIES, sensitiveCategories } from '../../ai-pipeline/src/triage/categories.js';
import { ticketPaths } from '../../ai-pipeline/src/model/index.js';
import { loadConfiguredTriage } from '../../ai-pipeline/src/rules/configured.js';
import { TriageConfigError } from '../../ai-pipeline/src/rules/load.js';
import { categoryNames, type TriageConfig } from '../../ai-pipeline/src/rules/schema.js';
import { DEV_DIR, EXTRA_TRAINING_DIR, HELDOUT_DIR, loadDevTickets, loadHeldoutTickets, loadTickets, loadTrainingTickets, TicketFormatError, type Ticket } from '../../ai-pipeline/src/tickets/ticket.js';
import { parseEvalArgs, USAGE, UsageError, wantsHelp, type EvalArgs } from './eval/args.js';
import { computeMetrics } from './eval/metrics.js';
import { estimateCost } from './eval/pricing.js';
import { formatReport, type EvalReport } from './eval/report.js';
import { didYouMean } from '../../ai-pipeline/src/rules/suggest.js';
import { routingMetrics } from './eval/routing.js';
import { crossValidateOffline, scoreTickets, type ScoredRun } from './eval/run.js';

const SAMPLE_TICKETS = resolve(import.meta.dirname, '../../tickets');

class SetupError extends Error {}

function realpath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return resolve(path);
  }
}

async function readTickets(path: string, categories?: readonly string[]): Promise<Ticket[]> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new SetupError(`${path}: no such file or folder`);
  }
  if (isFile && !path.endsWith('.jsonl')) throw new SetupError(`${path}: expected a folder of ticket .json files or a .jsonl file`);
  const tickets = await loadTickets(path, { categories });
  if (tickets.length === 0) throw new SetupError(`${path}: no tickets found`);
  const seen = new Set<string>();
  for (const t of tickets) {
    if (seen.has(t.id)) throw new SetupError(`${path}: ticket id "${t.id}" appears twice (field "id")`);
    seen.add(t.id);
  }
  return tickets;
}

function threshold(args: EvalArgs): number {
  if (args.threshold !== undefined) return args.threshold;
  const env = process.env.AUTO_ASSIGN_THRESHOLD;
  if (env === undefined || env.trim() === '') return DEFAULT_AUTO_ASSIGN_THRESHOLD;
  const n = Number(env);
  if (!Number.isFinite(n) || n < 0 || n > 1) throw new SetupError(`AUTO_ASSIGN_THRESHOLD must be a number from 0 to 1, got "${env}"`);
  return n;
}

/** Below this many training tickets a category's figures (and the offline model's answers for it) are mostly luck. */
const FEW_TRAINING_TICKETS = 5;
/** The triage configuration to evaluate; an explicit --threshold (or AUTO_ASSIGN_THRESHOLD) overrides its own. */
async function configFor(args: EvalArgs): Promise<TriageConfig> {
  const env = process.env;
  const base = threshold({ ...args, threshold: undefined });
  const config = await loadConfiguredTriage(
    args.config ? { TRIAGE_CONFIG: args.config, AUTO_ASSIGN_THRESHOLD: base } : { TRIAGE_CONFIG: env.TRIAGE_CONFIG, ROUTING_CONFIG: env.ROUTING_CONFIG, AUTO_ASSIGN_THRESHOLD: base },
  );
  return args.threshold !== undefined ? { ...config, autoAssignThreshold: args.threshold } : config;
}

/** Where the offline model's training tickets are: TICKETS_DIR (comma-separated paths) or tickets/. */
function trainingPaths(): string[] {
  return process.env.TICKETS_DIR ? ticketPaths(process.env.TICKETS_DIR) : [SAMPLE_TICKETS];
}

async function trainingTickets(paths: string[]): Promise<{ tickets: Ticket[]; paths: string[] }> {
  return { tickets: (await Promise.all(paths.map((p) => loadTrainingTickets(p)))).flat(), paths };
}

type ScoredSplit = { path: string; method: string; rows: ScoredRun['rows'] };

/**
 * A split of tickets/ that is never trained on (heldout/ or dev/), scored by the model trained on all training tickets.
 * Undefined when the folder has no such split.
 */
async function scoreSplit(path: string, sub: string, training: Ticket[], concurrency: number, categories: readonly string[], sensitive: readonly string[]): Promise<ScoredSplit | undefined> {
  const load = sub === HELDOUT_DIR ? loadHeldoutTickets : loadDevTickets;
  const split = (await load(path)).filter((t) => categories.includes(t.category));
  if (split.length === 0) return undefined;
  const trainingIds = new Set(training.map((t) => t.id));
  const clash = split.find((t) => trainingIds.has(t.id));
  if (clash) throw new SetupError(`${path}/${sub}: ticket id "${clash.id}" is also a training ticket (field "id")`);
  const provider = createOfflineProvider({ tickets: training, categories, sensitive });
  const { rows } = await scoreTickets(provider, split, concurrency);
  return { path: `${path}/${sub}`, method: `trained on all ${training.length} training tickets, none of these`, rows };
}

async function run(args: EvalArgs): Promise<EvalReport> {
  const path = resolve(args.path ?? SAMPLE_TICKETS);
  const config = await configFor(args);
  const categories = categoryNames(config);
  const sensitive = sensitiveCategories(config.categories);
  const cut = config.autoAssignThreshold;
  const paths = trainingPaths();
  const inTraining = args.provider === 'offline' && paths.some((p) => realpath(p) === realpath(path));
  // PATH is (part of) the offline training set: its tickets of configured categories are cross-validated.
  const own = inTraining ? null : await readTickets(path, categories);
  const training = args.provider === 'offline' ? await trainingTickets(paths) : null;
  // Cross-validation runs over the training paths' own tickets; training-only ones (tickets/extra/) join every fold's training.
  const tickets = own ?? (await Promise.all(paths.map((p) => readTickets(p, categories)))).flat();
  let scored: ScoredRun;
  let heldout: ScoredSplit | undefined;
  let dev: ScoredSplit | undefined;
  const empty: Array<{ name: 'dev' | 'held-out'; path: string }> = [];
  let method: string;
  let model: string;
  if (args.provider === 'anthropic') {
    const apiKey = process.env.ANTHROPIC_API_KEY;
    if (!apiKey) throw new SetupError('--provider anthropic needs ANTHROPIC_API_KEY in the environment');
    model = args.model ?? process.env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL;
    const { createAnthropicProvider } = await import('../../ai-pipeline/src/model/anthropic.js');
    const provider = createAnthropicProvider({ apiKey, baseURL: process.env.ANTHROPIC_BASE_URL, model, promptContext: () => config });
    scored = await scoreTickets(provider, tickets, args.concurrency);
    method = `provider as is, concurrency ${args.concurrency}`;
  } else {
    model = OFFLINE_MODEL_ID;
    const sources = training!.paths.map((p) => (realpath(p) === realpath(SAMPLE_TICKETS) ? 'tickets/' : p)).join(' + ');
    if (inTraining) {
      if (tickets.length < args.folds) throw new SetupError(`--folds ${args.folds} needs at least ${args.folds} tickets, ${path} has ${tickets.length}`);
      const ownIds = new Set(tickets.map((t) => t.id));
      const extra = training!.tickets.filter((t) => !ownIds.has(t.id));
      scored = await crossValidateOffline(tickets, args.folds, undefined, categories, extra, sensitive);
      method = `${args.folds}-fold cross-validation on ${sources} (duplicate bodies share a fold; no ticket scored by a model trained on it)${extra.length > 0 ? `; every fold also trains on the ${extra.length} training-only tickets (e.g. tickets/${EXTRA_TRAINING_DIR}/)` : ''}`;
      // A .jsonl source has no dev/ or held-out/ folders: nothing to report about them.
      const folder = !path.endsWith('.jsonl');
      dev = await scoreSplit(path, DEV_DIR, training!.tickets, args.concurrency, categories, sensitive);
      if (!dev && folder) empty.push({ name: 'dev', path: `${path}/${DEV_DIR}` });
      if (args.heldout && folder) {
        heldout = await scoreSplit(path, HELDOUT_DIR, training!.tickets, args.concurrency, categories, sensitive);
        if (!heldout) empty.push({ name: 'held-out', path: `${path}/${HELDOUT_DIR}` });
      }
    } else {
      const provider = createOfflineProvider({ tickets: training!.tickets, categories, sensitive });
      scored = await scoreTickets(provider, tickets, args.concurrency);
      method = `trained on all of ${sources}, scored on PATH`;
    }
  }
  const metrics = computeMetrics(scored.rows, { categories, priorities: PRIORITIES, threshold: cut });
  const report: EvalReport = { provider: args.provider, model, path, method, metrics, config: `${config.source} (${categories.length} categories, ${config.rules.length} rules)` };
  if (training) {
    const missing = categories.filter((c) => !training.tickets.some((t) => t.category === c));
    if (missing.length > 0) report.categoriesWithoutExamples = missing;
    if (cannotTellCategoriesApart(categories, missing)) report.cannotTellApart = true;
    const few = categories
      .map((c) => ({ category: c, tickets: training.tickets.filter((t) => t.category === c).length }))
      .filter((f) => f.tickets > 0 && f.tickets < FEW_TRAINING_TICKETS);
    if (few.length > 0) report.fewTrainingTickets = few;
    // Training tickets of a category that is not configured are left out: a typo in a team's own labels ("warranty"
    // for "warranty-claim") would otherwise only show up as a category with too few examples.
    const unused = new Map<string, number>();
    for (const t of training.tickets) if (!categories.includes(t.category)) unused.set(t.category, (unused.get(t.category) ?? 0) + 1);
    if (unused.size > 0) {
      report.unusedTrainingTickets = [...unused].map(([category, tickets]) => ({ category, tickets, didYouMean: didYouMean(category, categories) ?? categories.find((k) => k.startsWith(category) || category.startsWith(k)) ?? null }));
    }
  }
  const labelled = tickets.filter((t) => t.team_id !== undefined && scored.analyses.has(t.id));
  if (labelled.length > 0) {
    report.routing = routingMetrics(
      config,
      labelled.map((t) => ({ id: t.id, expectedTeamId: t.team_id ?? null, analysis: scored.analyses.get(t.id)! })),
    );
  }
  if (dev) report.dev = { path: dev.path, method: dev.method, metrics: computeMetrics(dev.rows, { categories, priorities: PRIORITIES, threshold: cut }) };
  if (empty.length > 0) report.emptySplits = empty;
  if (heldout) report.heldout = { path: heldout.path, method: heldout.method, metrics: computeMetrics(heldout.rows, { categories, priorities: PRIORITIES, threshold: cut }) };
  report.autoReply = autoReplyMetrics(
    scored.rows,
    config.autoReply
      ? { categories: config.autoReply.categories, minConfidence: config.autoReply.minConfidence, source: 'configured' }
      : { categories: categories.filter((c) => !sensitive.includes(c)), minConfidence: 0.85, source: 'not configured: every non-sensitive category at 0.85' },
    sensitive,
  );
  if (args.provider === 'anthropic') {
    const u = scored.usage;
    const cost = estimateCost(model, u.inputTokens, u.outputTokens, u);
    report.usage = {
      ...u,
      inputTokensPerTicket: u.inputTokens / tickets.length,
      outputTokensPerTicket: u.outputTokens / tickets.length,
      estimatedCostUsd: cost,
      estimatedCostPerTicketUsd: cost === null ? null : cost / tickets.length,
    };
  }
  return report;
}

async function main(): Promise<number> {
  if (wantsHelp(process.argv.slice(2))) {
    console.log(USAGE);
    return 0;
  }
  if (process.argv.includes('--retrieval')) {
    const { runRetrievalEval, RetrievalSetError } = await import('./eval/retrieval.js');
    try {
      return await runRetrievalEval(process.argv.slice(2));
    } catch (e) {
      console.error(`error: ${(e as Error).message}`);
      return e instanceof RetrievalSetError || (e as { code?: string }).code?.startsWith('ERR_PARSE_ARGS') ? 2 : 1;
    }
  }
  let args: EvalArgs;
  try {
    args = parseEvalArgs(process.argv.slice(2));
  } catch (e) {
    if (e instanceof UsageError) {
      console.error(`error: ${e.message}\n${USAGE}`);
      return 2;
    }
    throw e;
  }
  try {
    const report = await run(args);
    console.log(args.json ? JSON.stringify(report, null, 2) : formatReport(report));
    return 0;
  } catch (e) {
    if (e instanceof SetupError || e instanceof TicketFormatError || e instanceof TriageConfigError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    console.error(`error: evaluation failed: ${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
