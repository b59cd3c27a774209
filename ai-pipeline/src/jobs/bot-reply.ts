import { autoReplyMessage } from '../autoreply/sign-off.js';
import { answerProblems } from '../bot/answer-check.js';
import { botMessages, turnPrecheckFacts } from '../bot/facts.js';
import { decideBotTurn, precheckBotTurn, type BotAction } from '../bot/handoff.js';
import type { ChatwootClient } from '../chatwoot/client.js';
import type { RestMessage } from '../chatwoot/payloads.js';
import { articleUrls, draftArticles, retrieveForDraft, usedArticleUrls, type Retrieval } from '../knowledge/index.js';
import { detectLanguage } from '../language/detect.js';
import { ModelInputTooLongError, ModelOutputError, ModelUnavailableError } from '../model/errors.js';
import { NO_REPLY_DRAFT, type Analysis } from '../model/provider.js';
import { isSensitive } from '../rules/schema.js';
import { analyzeCustomerText } from '../triage/analyze.js';
import { botNoteOnce, handOver, sendOnce } from './bot-actions.js';
import { giveTriageBack } from './bot-hold.js';
import { loadConversation, publicThread, textOf, type ConversationContext } from './conversation-context.js';
import type { JobDeps } from './deps.js';
import type { ClaimedJob } from './queue.js';
import { capForModel, capThread, StepRunner } from './steps.js';

/** The chat bot's settings and its own Chatwoot client (BOT_ACCESS_TOKEN: replies and hand-overs are the bot's). */
export interface BotRuntime {
  client: ChatwootClient;
  maxTurns: number;
  minConfidence: number;
}

/** The checkpointed decision for one customer message: what to do, and what the note and the message need. */
export interface Turn {
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
export async function runBotReply(job: ClaimedJob, deps: JobDeps): Promise<void> {
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
    const now = precheckBotTurn(turnPrecheckFacts(fresh, ctx.messages, ''));
    if (now?.kind === 'silent') {
      await giveTriageBack(deps, job);
      deps.logger.info({ ...log, reason: now.reason }, 'bot silent: the conversation changed while the answer was written');
      return;
    }
    job.lease.check(); // the heartbeat may have found the job under another worker since the decide checkpoint
    await sendOnce(bot.client, ctx, messageId, autoReplyMessage(turn.answer!, turn.language));
    await botNoteOnce(deps, ctx, job, 'bot-answer', turn);
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
  const base = turnPrecheckFacts(ctx.conversation, ctx.messages, text);
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

