/**
 * npm run eval -- [--provider offline|anthropic] [--json] [--threshold X] [--folds K] [--concurrency N] [--model ID] [PATH]
 *
 * Scores the analysis step (customer text → local language detection → provider) on labelled tickets, without Chatwoot.
 * Offline on tickets/ itself: k-fold cross-validation, so no ticket is scored by a model trained on it.
 * Offline on any other PATH: the model trains on all of tickets/. Exit codes: 0 ok, 1 run failed, 2 bad input or setup.
 */
import { realpathSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { DEFAULT_ANTHROPIC_MODEL, DEFAULT_AUTO_ASSIGN_THRESHOLD } from '../../ai-pipeline/src/config/defaults.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../../ai-pipeline/src/model/offline/index.js';
import { CATEGORIES, PRIORITIES } from '../../ai-pipeline/src/triage/categories.js';
import { EXTRA_TRAINING_DIR, HELDOUT_DIR, loadHeldoutTickets, loadTickets, loadTrainingTickets, TicketFormatError, type Ticket } from '../../ai-pipeline/src/tickets/ticket.js';
import { parseEvalArgs, USAGE, UsageError, type EvalArgs } from './eval/args.js';
import { computeMetrics } from './eval/metrics.js';
import { estimateCost } from './eval/pricing.js';
import { formatReport, type EvalReport } from './eval/report.js';
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

async function readTickets(path: string): Promise<Ticket[]> {
  let isFile: boolean;
  try {
    isFile = statSync(path).isFile();
  } catch {
    throw new SetupError(`${path}: no such file or folder`);
  }
  if (isFile && !path.endsWith('.jsonl')) throw new SetupError(`${path}: expected a folder of ticket .json files or a .jsonl file`);
  const tickets = await loadTickets(path);
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

/** The held-out split of tickets/ (never trained on), scored by the model trained on all training tickets. */
async function scoreHeldout(path: string, training: Ticket[], concurrency: number): Promise<{ path: string; method: string; rows: ScoredRun['rows'] } | undefined> {
  const heldout = await loadHeldoutTickets(path);
  if (heldout.length === 0) return undefined;
  const trainingIds = new Set(training.map((t) => t.id));
  const clash = heldout.find((t) => trainingIds.has(t.id));
  if (clash) throw new SetupError(`${path}/${HELDOUT_DIR}: ticket id "${clash.id}" is also a training ticket (field "id")`);
  const provider = createOfflineProvider({ tickets: training });
  const { rows } = await scoreTickets(provider, heldout, concurrency);
  return { path: `${path}/${HELDOUT_DIR}`, method: `trained on all ${training.length} training tickets, none of these`, rows };
}

async function run(args: EvalArgs): Promise<EvalReport> {
  const path = resolve(args.path ?? SAMPLE_TICKETS);
  const cut = threshold(args);
  const tickets = await readTickets(path);
  let scored: ScoredRun;
  let heldout: Awaited<ReturnType<typeof scoreHeldout>>;
  let method: string;
  let model: string;
  if (args.provider === 'anthropic') {
    const apiKey = process.env.ANTHROPIC_API_KEY;
    if (!apiKey) throw new SetupError('--provider anthropic needs ANTHROPIC_API_KEY in the environment');
    model = args.model ?? process.env.ANTHROPIC_MODEL ?? DEFAULT_ANTHROPIC_MODEL;
    const { createAnthropicProvider } = await import('../../ai-pipeline/src/model/anthropic.js');
    const provider = createAnthropicProvider({ apiKey, baseURL: process.env.ANTHROPIC_BASE_URL, model });
    scored = await scoreTickets(provider, tickets, args.concurrency);
    method = `provider as is, concurrency ${args.concurrency}`;
  } else {
    model = OFFLINE_MODEL_ID;
    if (realpath(path) === realpath(SAMPLE_TICKETS)) {
      if (tickets.length < args.folds) throw new SetupError(`--folds ${args.folds} needs at least ${args.folds} tickets, ${path} has ${tickets.length}`);
      const training = await loadTrainingTickets(path);
      const extra = training.slice(tickets.length);
      scored = await crossValidateOffline(tickets, args.folds, undefined, extra);
      method = `${args.folds}-fold cross-validation on tickets/ (duplicate bodies share a fold; no ticket scored by a model trained on it)${extra.length > 0 ? `; every fold also trains on the ${extra.length} tickets of tickets/${EXTRA_TRAINING_DIR}/` : ''}`;
      heldout = await scoreHeldout(path, training, args.concurrency);
    } else {
      const provider = createOfflineProvider({ tickets: await loadTrainingTickets(SAMPLE_TICKETS) });
      scored = await scoreTickets(provider, tickets, args.concurrency);
      method = 'trained on all of tickets/, scored on PATH';
    }
  }
  const metrics = computeMetrics(scored.rows, { categories: CATEGORIES, priorities: PRIORITIES, threshold: cut });
  const report: EvalReport = { provider: args.provider, model, path, method, metrics };
  if (heldout) report.heldout = { path: heldout.path, method: heldout.method, metrics: computeMetrics(heldout.rows, { categories: CATEGORIES, priorities: PRIORITIES, threshold: cut }) };
  if (args.provider === 'anthropic') {
    const u = scored.usage;
    const cost = estimateCost(model, u.inputTokens, u.outputTokens);
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
    if (e instanceof SetupError || e instanceof TicketFormatError) {
      console.error(`error: ${e.message}`);
      return 2;
    }
    console.error(`error: evaluation failed: ${(e as Error).message}`);
    return 1;
  }
}

process.exitCode = await main();
