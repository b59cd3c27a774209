import { z } from 'zod';
import type { ChatwootClient } from '../chatwoot/client.js';
import { MESSAGE_TYPE, type RestMessage } from '../chatwoot/payloads.js';
import { postNoteOnce } from '../jobs/apply.js';
import { loadConversation } from '../jobs/conversation-context.js';
import { DeferJob } from '../jobs/deps.js';
import { jobKey, type JobRow } from '../jobs/queue.js';
import type { RecordStore } from '../store/records.js';
import type { Clock } from './clock.js';
import { isPriority, type SlaConfig } from './config.js';
import { SLA_CLOCKS, evaluateSla, type SlaMemory } from './evaluate.js';
import { slaNote, slaNoteMarker } from './notes.js';
import type { SlaStore } from './store.js';

/** What the SLA code needs beside the usual job dependencies. */
export interface SlaRuntime {
  config: SlaConfig;
  clock: Clock;
  store: SlaStore;
}

export interface SlaJobDeps {
  chatwoot: ChatwootClient;
  records: RecordStore;
  sla?: SlaRuntime | null;
  logger: { info(obj: object, msg: string): void; debug(obj: object, msg: string): void };
}

const createdAt = z.looseObject({ created_at: z.number().positive() });
const updatedAt = z.looseObject({ updated_at: z.number().positive() });

/** An agent's first public reply: outgoing, not private, sent by a user (not a bot, not the contact). */
export function firstAgentReplyAt(messages: RestMessage[]): Date | null {
  const reply = messages.find((m) => {
    if (m.message_type !== MESSAGE_TYPE.outgoing || m.private) return false;
    const type = (m.sender?.type ?? (m as { sender_type?: unknown }).sender_type ?? '') as string;
    return type.toLowerCase() === 'user';
  });
  return reply?.created_at ? new Date(reply.created_at * 1000) : null;
}

/**
 * One wake of a conversation's SLA watcher (job kind `sla`): re-reads the conversation and its messages,
 * measures the clocks, posts at-risk/breach notes and labels once each, escalates on breach if configured,
 * stores the clock, then defers itself until the next mark (or finishes when both clocks stopped).
 */
export async function runSlaWatch(job: JobRow, deps: SlaJobDeps): Promise<void> {
  const sla = deps.sla;
  if (!sla) return;
  const now = sla.clock.now();
  const ctx = await loadConversation(deps.chatwoot, job.conversation_id);
  const conversation = ctx.conversation;
  const triage = await deps.records.get(jobKey({ kind: 'triage', accountId: job.account_id, conversationId: job.conversation_id }));
  const priority = isPriority(conversation.priority) ? conversation.priority : triage?.analysis?.priority;
  const target = priority ? sla.config.targets[priority] : undefined;
  if (!priority || !target) {
    deps.logger.info({ conversationId: job.conversation_id, priority: priority ?? null }, 'no SLA target for this priority; watcher ends');
    return;
  }

  const previous = await sla.store.get(job.account_id, job.conversation_id);
  const created = createdAt.safeParse(conversation);
  const memory: SlaMemory = previous ?? {
    startedAt: created.success ? new Date(created.data.created_at * 1000) : now,
    pausedSince: null,
    paused: { first_response: 0, resolution: 0 },
    announced: [],
  };
  const hours = sla.config.businessHours;
  // A resolved conversation was resolved at the latest when Chatwoot last updated it (not when we happen to look).
  const updated = updatedAt.safeParse(conversation);
  const result = evaluateSla(target, hours, memory, {
    now,
    status: conversation.status ?? 'open',
    firstReplyAt: firstAgentReplyAt(ctx.messages),
    resolvedAt: updated.success ? new Date(updated.data.updated_at * 1000) : null,
  });

  const breached = result.actions.some((a) => a.kind === 'breached');
  const escalateTo = breached && sla.config.escalationTeamId !== null && conversation.meta?.team?.id !== sla.config.escalationTeamId ? sla.config.escalationTeamId : null;
  for (const action of result.actions) {
    const escalated = action.kind === 'breached' && escalateTo !== null ? `#${escalateTo}` : null;
    await postNoteOnce(deps.chatwoot, ctx, slaNoteMarker(job.key, action), slaNote(job.key, action, priority, hours !== null, escalated));
  }
  const labels = conversation.labels ?? [];
  const wanted = [...labels.filter((l) => !result.removeLabels.includes(l)), ...result.addLabels.filter((l) => !labels.includes(l))];
  if (wanted.length !== labels.length || wanted.some((l) => !labels.includes(l))) await deps.chatwoot.setLabels(job.conversation_id, wanted);
  if (escalateTo !== null) await deps.chatwoot.assignTeam(job.conversation_id, escalateTo);

  await sla.store.save({
    ...result.memory,
    accountId: job.account_id,
    conversationId: job.conversation_id,
    priority,
    teamId: escalateTo ?? conversation.meta?.team?.id ?? null,
    targets: Object.fromEntries(SLA_CLOCKS.flatMap((c) => (target[c] ? [[c, target[c]]] : []))),
    elapsed: Object.fromEntries(SLA_CLOCKS.flatMap((c) => (target[c] ? [[c, Math.round(result.clocks[c].elapsedSeconds)]] : []))),
    outcome: Object.fromEntries(SLA_CLOCKS.flatMap((c) => (target[c] ? [[c, result.clocks[c].state]] : []))),
    finished: result.finished,
  });
  if (result.finished || !result.nextWakeAt) {
    deps.logger.debug({ conversationId: job.conversation_id }, 'SLA clocks stopped; watcher ends');
    return;
  }
  throw new DeferJob(Math.max(1000, result.nextWakeAt.getTime() - now.getTime()), 'SLA watcher sleeps until its next mark');
}
