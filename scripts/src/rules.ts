/**
 * npm run rules -- check [PATH] [--chatwoot]
 * npm run rules -- explain TICKET_JSON|--conversation N [--config PATH] [--truth]
 *
 * `check` validates a triage configuration (TRIAGE_CONFIG) and lists every problem with its line; with --chatwoot
 * it also checks the rules' team and agent ids against Chatwoot (CHATWOOT_* variables). `explain` prints, for a
 * ticket (a JSON file or inline JSON) or a live conversation, every rule in order with each condition's value and
 * whether it held, and the resulting decision.
 */
import { readFile } from 'node:fs/promises';
import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { ChatwootClient } from '../../ai-pipeline/src/chatwoot/client.js';
import { customerText as extractCustomerText } from '../../ai-pipeline/src/chatwoot/customer-text.js';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { DEFAULT_AUTO_ASSIGN_THRESHOLD } from '../../ai-pipeline/src/config/defaults.js';
import { resolveUserPath } from '../../ai-pipeline/src/config/paths.js';
import { EnrichmentClient, type EnrichmentResult } from '../../ai-pipeline/src/enrichment/client.js';
import { currentState, loadConversation, textOf } from '../../ai-pipeline/src/jobs/conversation-context.js';
import { ticketPaths } from '../../ai-pipeline/src/model/index.js';
import { loadOfflineProvider } from '../../ai-pipeline/src/model/offline/index.js';
import type { Analysis } from '../../ai-pipeline/src/model/provider.js';
import { checkTriageFile, loadConfiguredTriage } from '../../ai-pipeline/src/rules/configured.js';
import { traceRules } from '../../ai-pipeline/src/rules/evaluate.js';
import { explainText } from '../../ai-pipeline/src/rules/explain.js';
import { ticketContext } from '../../ai-pipeline/src/rules/facts.js';
import { formatProblem } from '../../ai-pipeline/src/rules/load.js';
import { categoryNames, type TriageConfig } from '../../ai-pipeline/src/rules/schema.js';
import { analyzeCustomerText } from '../../ai-pipeline/src/triage/analyze.js';
import { prioritySchema } from '../../ai-pipeline/src/triage/categories.js';
import { decide, type ConversationState, type TicketContext } from '../../ai-pipeline/src/triage/decide.js';
import { connectionFrom, loadEnvironment } from './lib/cli-options.js';

const HELP = `Usage:
  npm run rules -- check [PATH] [--chatwoot]
      Validate a triage configuration (default TRIAGE_CONFIG) and list every problem with its line.
      --chatwoot  also check the rules' team and agent ids against Chatwoot (CHATWOOT_BASE_URL, CHATWOOT_API_TOKEN,
                  CHATWOOT_ACCOUNT_ID from the environment or ./.env)
  npm run rules -- explain TICKET_JSON [--config PATH] [--truth]
  npm run rules -- explain --conversation N [--config PATH]
      Print every rule in order with each condition's value and whether it held, and the resulting decision.
      TICKET_JSON is a ticket file (tickets/README.md format) or inline JSON; besides subject and body it may give
      the facts rules look at: plan, account {…}, labels [...], inbox_id, channel, now (ISO time), and with --truth
      its own category, priority and confidence (default 1) are used instead of the offline model's analysis.
      --conversation N  a live conversation: fetched from Chatwoot, analysed by the offline model, enriched when
                        ENRICHMENT_SERVICE_URL is set.
      --config PATH     the triage configuration (default TRIAGE_CONFIG, else ROUTING_CONFIG, else built-in)
Exit codes: 0 valid / explained, 1 invalid configuration, 2 bad usage or unreadable input.`;

type Out = (line: string) => void;

class UsageError extends Error {}

const explainTicketSchema = z.looseObject({
  subject: z.string().nullish(),
  body: z.string().optional(),
  text: z.string().optional(),
  category: z.string().optional(),
  priority: prioritySchema.optional(),
  confidence: z.number().min(0).max(1).optional(),
  plan: z.string().nullish(),
  account: z.record(z.string(), z.union([z.string(), z.number(), z.boolean(), z.null()])).optional(),
  labels: z.array(z.string()).default([]),
  inbox_id: z.number().int().positive().optional(),
  channel: z.string().optional(),
  now: z.iso.datetime({ offset: true }).optional(),
});

async function check(path: string | undefined, withChatwoot: boolean, env: Record<string, string | undefined>, out: Out, err: Out): Promise<number> {
  const file = path ?? env.TRIAGE_CONFIG;
  if (!file) throw new UsageError('check needs a PATH (or TRIAGE_CONFIG)');
  const directory = withChatwoot ? chatwootFrom(env) : undefined;
  const threshold = Number(env.AUTO_ASSIGN_THRESHOLD || DEFAULT_AUTO_ASSIGN_THRESHOLD);
  const result = await checkTriageFile(resolveUserPath(file), threshold, directory);
  if (withChatwoot && result.config && !result.chatwootChecked) {
    err(`${file}: could not ask Chatwoot for its teams and agents (unreachable or refused); team and agent ids are unchecked`);
    return 1;
  }
  if (!result.config) {
    for (const p of result.problems) err(formatProblem(file, p));
    err(`${file}: ${result.problems.length} problem(s)`);
    return 1;
  }
  const c = result.config;
  out(
    `${file}: valid — ${c.categories.length} categories (${categoryNames(c).join(', ')}), ${c.rules.length} rules, auto-assign threshold ${c.autoAssignThreshold.toFixed(2)}${withChatwoot ? '; every team and agent id exists in Chatwoot' : ''}`,
  );
  return 0;
}

function chatwootFrom(env: Record<string, string | undefined>): ChatwootClient {
  let conn;
  try {
    conn = connectionFrom({}, env);
  } catch (e) {
    throw new UsageError((e as Error).message);
  }
  return new ChatwootClient(createChatwootHttp({ baseUrl: conn.baseUrl, apiToken: conn.apiToken, accountId: conn.accountId }));
}

async function configFor(path: string | undefined, env: Record<string, string | undefined>): Promise<TriageConfig> {
  const threshold = Number(env.AUTO_ASSIGN_THRESHOLD || DEFAULT_AUTO_ASSIGN_THRESHOLD);
  if (path) return loadConfiguredTriage({ TRIAGE_CONFIG: path, AUTO_ASSIGN_THRESHOLD: threshold });
  return loadConfiguredTriage({ TRIAGE_CONFIG: env.TRIAGE_CONFIG, ROUTING_CONFIG: env.ROUTING_CONFIG, AUTO_ASSIGN_THRESHOLD: threshold });
}

async function readTicket(arg: string): Promise<z.infer<typeof explainTicketSchema>> {
  let raw: string;
  if (arg.trim().startsWith('{')) raw = arg;
  else {
    try {
      raw = await readFile(resolveUserPath(arg), 'utf8');
    } catch (e) {
      throw new UsageError(`cannot read ${arg} (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})`);
    }
  }
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch (e) {
    throw new UsageError(`${arg}: not valid JSON (${(e as Error).message})`);
  }
  const parsed = explainTicketSchema.safeParse(json);
  if (!parsed.success) throw new UsageError(`${arg}: ${parsed.error.issues.map((i) => `field "${i.path.join('.') || '(root)'}": ${i.message}`).join('; ')}`);
  return parsed.data;
}

async function explain(
  values: { config?: string; conversation?: string; truth?: boolean },
  positional: string | undefined,
  env: Record<string, string | undefined>,
  out: Out,
): Promise<number> {
  const config = await configFor(values.config, env);
  const offline = await loadOfflineProvider(ticketPaths(env.TICKETS_DIR || 'tickets'), { categories: categoryNames(config), trainNow: true });
  let analysis: Analysis;
  let language: string;
  let context: TicketContext;
  let current: ConversationState = { labels: [], customAttributes: {}, priority: null, assigneeId: null, teamId: null };
  let heading: string;

  if (values.conversation !== undefined) {
    const id = Number(values.conversation);
    if (!Number.isInteger(id) || id <= 0) throw new UsageError(`--conversation must be a conversation id, got "${values.conversation}"`);
    const chatwoot = chatwootFrom(env);
    const ctx = await loadConversation(chatwoot, id);
    const text = ctx.customerMessages.map((m) => textOf(m)).join('\n\n');
    const enrichment: EnrichmentResult = await new EnrichmentClient({
      baseUrl: env.ENRICHMENT_SERVICE_URL || undefined,
      token: env.ENRICHMENT_TOKEN,
      timeoutMs: Number(env.ENRICHMENT_TIMEOUT_MS || 3000),
    }).lookup(ctx.email);
    const analysed = await analyzeCustomerText(offline, ctx.subject, text);
    analysis = analysed.analysis;
    language = analysed.language.language;
    context = ticketContext({ customerText: text, conversation: ctx.conversation, enrichment });
    current = currentState(ctx.conversation);
    heading = `Conversation ${id} (analysed by the offline model ${offline.model}; enrichment ${enrichment.status})`;
  } else {
    if (!positional) throw new UsageError('explain needs a TICKET_JSON (a file or inline JSON) or --conversation N');
    const t = await readTicket(positional);
    const text = extractCustomerText({ content: t.body ?? t.text ?? '' });
    const analysed = await analyzeCustomerText(offline, t.subject ?? null, text);
    language = analysed.language.language;
    if (values.truth) {
      if (!t.category || !t.priority) throw new UsageError('--truth needs the ticket to give "category" and "priority"');
      if (!categoryNames(config).includes(t.category)) throw new UsageError(`category "${t.category}" is not configured (${categoryNames(config).join(', ')})`);
      analysis = { ...analysed.analysis, category: t.category, priority: t.priority, confidence: t.confidence ?? 1 };
      heading = `Ticket ${positional.trim().startsWith('{') ? '(inline)' : positional} (its own category and priority, --truth)`;
    } else {
      analysis = analysed.analysis;
      heading = `Ticket ${positional.trim().startsWith('{') ? '(inline)' : positional} (analysed by the offline model ${offline.model})`;
    }
    context = {
      text,
      inboxId: t.inbox_id ?? null,
      channel: t.channel ?? null,
      plan: t.plan ?? null,
      account: t.account ? { ...t.account, plan: t.plan ?? null } : t.plan ? { plan: t.plan } : null,
      now: t.now ? new Date(t.now) : new Date(),
    };
    current = { ...current, labels: t.labels };
  }

  const facts = { ...context, category: analysis.category, priority: analysis.priority, confidence: analysis.confidence, language, labels: current.labels };
  const { traces } = traceRules(config, facts);
  const decision = decide({ analysis, language, config, context, current });
  out(heading);
  if (offline.categoriesWithoutExamples.length > 0) {
    out(`Note: the offline model has no example tickets for ${offline.categoriesWithoutExamples.join(', ')} (add some to TICKETS_DIR); it gives them a low confidence.`);
  }
  out(explainText(config, facts, traces, decision));
  return 0;
}

/** The CLI; returns the exit code. */
export async function main(argv: string[], out: Out = console.log, err: Out = console.error): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      options: {
        chatwoot: { type: 'boolean', default: false },
        config: { type: 'string' },
        conversation: { type: 'string' },
        truth: { type: 'boolean', default: false },
        'env-file': { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      allowPositionals: true,
      strict: true,
    });
  } catch (e) {
    err(`rules: ${(e as Error).message}\n\n${HELP}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help || positionals.length === 0) {
    (values.help ? out : err)(HELP);
    return values.help ? 0 : 2;
  }
  const [command, arg, extra] = positionals;
  try {
    if (extra !== undefined) throw new UsageError(`unexpected argument "${extra}"`);
    const env = loadEnvironment(values['env-file']);
    if (command === 'check') return await check(arg, values.chatwoot, env, out, err);
    if (command === 'explain') return await explain(values, arg, env, out);
    throw new UsageError(`unknown command "${command}" (check or explain)`);
  } catch (e) {
    if (e instanceof UsageError) {
      err(`rules: ${e.message}`);
      return 2;
    }
    err(`rules: ${(e as Error).message}`);
    return 1;
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e: unknown) => {
      console.error(`rules: unexpected error: ${(e as Error).stack ?? String(e)}`);
      process.exit(1);
    },
  );
}
