import type { ChatwootClient } from '../chatwoot/client.js';
import type { Decision } from '../triage/decide.js';
import { hasNote, type ConversationContext } from './conversation-context.js';

/** Posts a note unless one with the same marker is already there; returns the action taken. */
export async function postNoteOnce(chatwoot: ChatwootClient, ctx: ConversationContext, marker: string, content: string): Promise<string | null> {
  if (hasNote(ctx, marker)) return null;
  await chatwoot.postPrivateNote(ctx.conversation.id, content);
  return `note:${marker.split('/').pop()}`;
}

/** Applies a decision's writes. Each is skipped when the conversation already has it, so a rerun changes nothing. */
export async function applyDecision(chatwoot: ChatwootClient, conversationId: number, d: Decision): Promise<string[]> {
  const done: string[] = [];
  if (d.labels) {
    await chatwoot.setLabels(conversationId, d.labels);
    done.push(`labels:${d.addLabels.join(',')}`);
  }
  if (d.customAttributes) {
    await chatwoot.setCustomAttributes(conversationId, d.customAttributes);
    done.push('custom_attributes');
  }
  if (d.priority) {
    await chatwoot.setPriority(conversationId, d.priority);
    done.push(`priority:${d.priority}`);
  }
  // Two calls: when both keys are sent Chatwoot keeps assignee_id and ignores team_id.
  if (d.assign?.teamId != null) {
    await chatwoot.assignTeam(conversationId, d.assign.teamId);
    done.push(`team:${d.assign.teamId}`);
  }
  if (d.assign?.agentId != null) {
    await chatwoot.assignAgent(conversationId, d.assign.agentId);
    done.push(`agent:${d.assign.agentId}`);
  }
  return done;
}
