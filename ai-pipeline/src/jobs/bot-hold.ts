import { botHolds } from '../bot/facts.js';
import type { ConversationContext } from './conversation-context.js';
import { DeferJob, type JobDeps } from './deps.js';
import { jobKey, type JobRow } from './queue.js';
import type { StepRunner } from './steps.js';

/** Who runs a chat's triage: held while the chat bot owns the conversation, given back when it does not. */

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

