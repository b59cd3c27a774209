import { LABEL_NO_AUTO_REPLY } from '../autoreply/decide.js';
import { autoReplyMessage } from '../autoreply/sign-off.js';
import { answerProblems } from '../bot/answer-check.js';
import { botHolds, botMessages, alreadySent, humanReplied } from '../bot/facts.js';
import { decideBotTurn, handoverMessage, precheckBotTurn, type BotAction } from '../bot/handoff.js';
import { botNote, botNoteMarker, type BotNotePart } from '../bot/notes.js';
import type { ChatwootClient } from '../chatwoot/client.js';
import type { RestMessage } from '../chatwoot/payloads.js';
import { articleUrls, draftArticles, retrieveForDraft, usedArticleUrls, type Retrieval } from '../knowledge/index.js';
import { detectLanguage } from '../language/detect.js';
import { ModelInputTooLongError, ModelOutputError, ModelUnavailableError } from '../model/errors.js';
import { NO_REPLY_DRAFT, type Analysis } from '../model/provider.js';
import { isSensitive } from '../rules/schema.js';
import { analyzeCustomerText } from '../triage/analyze.js';
import { postNoteOnce } from './apply.js';
import { loadConversation, publicThread, textOf, type ConversationContext } from './conversation-context.js';
import { DeferJob, type JobDeps } from './deps.js';
import { jobKey, type JobRow } from './queue.js';
import { capForModel, capThread, StepRunner } from './steps.js';

/** The chat bot's settings and its own Chatwoot client (BOT_ACCESS_TOKEN: replies and hand-overs are the bot's). */
export interface BotRuntime {
  client: ChatwootClient;
  maxTurns: number;
  minConfidence: number;
}

/** The checkpointed decision for one customer message: what to do, and what the note and the message need. */
interface Turn {
  action: BotAction;
  language: string;
  category: string | null;
  confidence: number | null;
  answer?: string;
  articles: string[];
  botTurns: number;
}

const isModelFailure = (e: unknown) => e instanceof ModelUnavailableError || e instanceof ModelOutputError || e instanceof ModelInputTooLongError;

/**
 * One customer message in a chat the agent bot serves: re-read the conversation (status, assignee, whether a person
 * wrote, earlier messages, earlier bot answers), decide (bot/handoff.ts), then answer from the help center or hand
 * over. The decision is checkpointed (a retry never pays for the model twice, never changes its mind); every write
 * checks first that it is not there yet, so a retry, a restart or a redelivery never answers twice.
 */
export async function runBotReply(job: JobRow, deps: JobDeps): Promise<void> {
  const bot = deps.bot;
  if (!bot) {
    deps.logger.info({ job: job.key }, 'bot job skipped: the chat bot is off (BOT_WEBHOOK_SECRET / BOT_ACCESS_TOKEN)');
    return;
  }
  const run = new StepRunner(job, deps);
  const messageId = Number(job.message_id);
  const ctx = await run.timed('load', () => loadConversation(deps.chatwoot, job.conversation_id));
  const message = ctx.customerMessages.find((m) => m.id === messageId);
  if (!message) {
    deps.logger.info({ conversationId: job.conversation_id }, 'bot: the message no longer exists');
    return;
  }
  const turn = await run.step('decide', () => decideTurn(deps, bot, ctx, message));
  const log = { conversationId: job.conversation_id, reason: turn.action.kind === 'answer' ? 'answer' : turn.action.reason };
  if (turn.action.kind === 'silent') {
    // Not the bot's conversation (any more): make sure its triage runs for the people who own it.
    await giveTriageBack(deps, job);
    deps.logger.info(log, 'bot silent');
    return;
  }
  if (turn.action.kind === 'answer') {
    const fresh = await deps.chatwoot.getConversation(job.conversation_id);
    const now = precheckBotTurn({
      status: fresh.status ?? null,
      assigneeId: fresh.meta?.assignee?.id ?? null,
      humanReplied: humanReplied(ctx.messages),
      noAutoReplyLabel: (fresh.labels ?? []).includes(LABEL_NO_AUTO_REPLY),
      customerText: '',
    });
    if (now?.kind === 'silent') {
      await giveTriageBack(deps, job);
      deps.logger.info({ ...log, reason: now.reason }, 'bot silent: the conversation changed while the answer was written');
      return;
    }
    await sendOnce(bot.client, ctx, messageId, autoReplyMessage(turn.answer!, turn.language));
    await note(deps, ctx, job, 'bot-answer', turn);
    deps.logger.info(log, 'bot answered');
    return;
  }
  await handOver(deps, bot, run, job, ctx, turn);
  deps.logger.info(log, 'bot handed over');
}

async function decideTurn(deps: JobDeps, bot: BotRuntime, ctx: ConversationContext, message: RestMessage): Promise<Turn> {
  const text = textOf(message);
  const earlier = ctx.customerMessages.filter((m) => m.id < message.id).map((m) => textOf(m));
  const detected = detectLanguage(text, { thread: earlier }).language;
  const language = detected === 'unknown' ? 'en' : detected;
  const base = {
    status: ctx.conversation.status ?? null,
    assigneeId: ctx.conversation.meta?.assignee?.id ?? null,
    humanReplied: humanReplied(ctx.messages),
    noAutoReplyLabel: (ctx.conversation.labels ?? []).includes(LABEL_NO_AUTO_REPLY),
    customerText: text,
  };
  const botTurns = botMessages(ctx.messages).length;
  const turn = (action: BotAction, more: Partial<Turn> = {}): Turn => ({
    action,
    language,
    category: null,
    confidence: null,
    articles: [],
    botTurns,
    ...more,
  });
  const early = precheckBotTurn(base);
  if (early) return turn(early);

  // Without Claude there is no answer the bot may send: the offline model's templates are for agents, not customers.
  if (deps.provider.kind === 'offline') return turn({ kind: 'handover', reason: 'the bot needs Claude (ANTHROPIC_API_KEY); the offline model does not answer customers' });
  let analysis: Analysis | null = null;
  try {
    analysis = (await analyzeCustomerText(deps.provider, null, capForModel(text, deps.modelInputMaxChars).text)).analysis;
  } catch (e) {
    if (!isModelFailure(e)) throw e;
    deps.logger.warn({ conversationId: ctx.conversation.id, err: (e as Error).name }, 'bot: the model failed; handing over');
  }
  const knowledge: Retrieval | null = analysis
    ? await retrieveForDraft(deps.knowledge, { subject: null, text, language: detected, translation: analysis.translation }, deps.logger)
    : null;
  const config = deps.triage?.current;
  const category = analysis?.category ?? null;
  const facts = { category, confidence: analysis?.confidence ?? null };
  const action = decideBotTurn({
    ...base,
    earlierCustomerTexts: earlier,
    botTurns,
    maxTurns: bot.maxTurns,
    modelFailed: analysis === null,
    sensitive: category !== null && (config ? isSensitive(config, category) : category === 'refund-request'),
    confidence: analysis?.confidence ?? 0,
    minConfidence: bot.minConfidence,
    articleMatched: !!knowledge?.matched && knowledge.passages.length > 0,
  });
  if (action.kind !== 'answer' || !analysis) return turn(action, facts);

  let draft;
  try {
    draft = await deps.provider.draft({
      language,
      customerText: text,
      subject: null,
      analysis,
      customerFacts: '',
      contactName: ctx.contactName,
      plan: null,
      thread: capThread(publicThread(ctx), deps.modelInputMaxChars),
      articles: draftArticles(knowledge),
    });
  } catch (e) {
    if (!isModelFailure(e)) throw e;
    return turn({ kind: 'handover', reason: 'the model is unavailable' }, facts);
  }
  const used = draft.usedArticleIds ?? [];
  if (draft.value.trim() === NO_REPLY_DRAFT || used.length === 0) return turn({ kind: 'handover', reason: 'the answer used no help-center article' }, facts);
  const problems = answerProblems(draft.value, [text, ...earlier, ...articleUrls(knowledge)]);
  if (problems.length > 0) return turn({ kind: 'handover', reason: `the answer failed the safety check (${problems.join('; ')})` }, facts);
  return turn(action, { ...facts, answer: draft.value, articles: usedArticleUrls(knowledge, used) });
}

/** Posts `content` as the bot unless the same public message already follows the customer's message. */
async function sendOnce(client: ChatwootClient, ctx: ConversationContext, afterId: number, content: string): Promise<void> {
  if (alreadySent(ctx.messages, afterId, content)) return;
  await client.postReply(ctx.conversation.id, content);
}

async function note(deps: JobDeps, ctx: ConversationContext, job: JobRow, part: BotNotePart, turn: Turn): Promise<void> {
  const reason = turn.action.kind === 'answer' ? '' : turn.action.reason;
  await postNoteOnce(deps.chatwoot, ctx, botNoteMarker(job.key, part), botNote({ jobKey: job.key, part, reason, ...turn }));
}

/**
 * The hand-over: tell the customer (in their language), open the conversation with the bot's token (Chatwoot's
 * bot_handoff: notifications, reports, auto-assignment), label it no-auto-reply, say why in a note, and give the
 * conversation's triage back so the people get labels, routing and the summary. Each write is idempotent.
 */
async function handOver(deps: JobDeps, bot: BotRuntime, run: StepRunner, job: JobRow, ctx: ConversationContext, turn: Turn): Promise<void> {
  const cid = job.conversation_id;
  await sendOnce(bot.client, ctx, Number(job.message_id), handoverMessage(turn.language));
  if (ctx.conversation.status !== 'open') await bot.client.setStatus(cid, 'open');
  const labels = await deps.chatwoot.getLabels(cid);
  if (!labels.includes(LABEL_NO_AUTO_REPLY)) await deps.chatwoot.setLabels(cid, [...labels, LABEL_NO_AUTO_REPLY]);
  await note(deps, ctx, job, 'handover', turn);
  await run.timed('triage', () => giveTriageBack(deps, job));
}

/**
 * Makes sure the conversation's triage runs now that the bot does not hold it: enqueues it (a no-op when it exists)
 * and re-runs one that finished while held for the bot. A triage still running its hold waits for the next try.
 */
export async function giveTriageBack(deps: Pick<JobDeps, 'queue'>, job: Pick<JobRow, 'account_id' | 'conversation_id'>): Promise<void> {
  const triage = { kind: 'triage' as const, accountId: job.account_id, conversationId: job.conversation_id };
  if ((await deps.queue.enqueue([triage])) > 0) return;
  if (await deps.queue.rerunHeld(jobKey(triage))) return;
  const row = await deps.queue.findByKey(jobKey(triage));
  const cp = (row?.checkpoint ?? {}) as { steps?: object; heldByBot?: boolean };
  if (row?.status === 'running' && (cp.heldByBot === true || cp.steps === undefined)) {
    throw new DeferJob(1000, 'the triage is deciding whether the bot holds the conversation');
  }
}

/**
 * Called by the triage (with its StepRunner) and the follow-up right after loading: while the bot holds the
 * conversation they do nothing (the triage marks itself `heldByBot`, so the hand-over can run it again). Returns true
 * when held. A follow-up in a conversation the bot no longer holds, whose triage was held (Chatwoot opened it after
 * the bot failed to answer, or a person took over between events), runs that triage first.
 */
export async function heldForBot(deps: JobDeps, job: Pick<JobRow, 'account_id' | 'conversation_id'>, ctx: ConversationContext, run?: StepRunner): Promise<boolean> {
  if (!deps.bot) return false;
  if (!botHolds(true, ctx.conversation, ctx.messages)) {
    if (!run && (await deps.queue.rerunHeld(jobKey({ kind: 'triage', accountId: job.account_id, conversationId: job.conversation_id })))) {
      throw new DeferJob(1000, 'the triage held for the chat bot runs first');
    }
    return false;
  }
  if (run) {
    run.checkpoint.heldByBot = true;
    await run.save();
  }
  deps.logger.info({ conversationId: ctx.conversation.id }, 'held for the chat bot');
  return true;
}

/** A bot job that failed for good must not leave the customer talking to nobody: open the conversation for people. */
export async function botGaveUp(deps: JobDeps, job: JobRow): Promise<void> {
  await deps.chatwoot.setStatus(job.conversation_id, 'open');
  const labels = await deps.chatwoot.getLabels(job.conversation_id);
  if (!labels.includes(LABEL_NO_AUTO_REPLY)) await deps.chatwoot.setLabels(job.conversation_id, [...labels, LABEL_NO_AUTO_REPLY]);
  await giveTriageBack(deps, job).catch(() => {});
}
