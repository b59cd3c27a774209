import type { ChatwootExtraClient } from '../chatwoot/client.js';
import { MESSAGE_TYPE } from '../chatwoot/payloads.js';
import { postNoteOnce } from '../jobs/apply.js';
import { hasNote, loadConversation, textOf } from '../jobs/conversation-context.js';
import type { JobDeps } from '../jobs/deps.js';
import { jobKey, type ClaimedJob } from '../jobs/queue.js';
import { detectLanguage } from '../language/detect.js';
import { ModelOutputError, TranslationUnavailableError } from '../model/errors.js';
import { parseTranslateCommand } from './command.js';
import { translateMarker, translateProblemNote, translationNote } from './notes.js';

/** What `/translate` and `/send` need beside the usual job dependencies. */
export interface TranslateRuntime {
  /** ALLOW_TRANSLATE_SEND: may `/send` reply to the customer? */
  allowSend: boolean;
  client: ChatwootExtraClient;
  /** The pipeline's own Chatwoot user id (GET /api/v1/profile), cached. */
  ownUserId(): Promise<number | null>;
}

/** Caches the token's user id after the first successful look-up; concurrent first callers share one request. */
export function cachedOwnUserId(client: ChatwootExtraClient): () => Promise<number | null> {
  let id: Promise<number> | null = null;
  return () => {
    id ??= client.ownUserId().catch((err: unknown) => {
      id = null; // a failed look-up is retried by the next caller
      throw err;
    });
    return id;
  };
}

function senderOf(m: { sender?: { id?: number | null; type?: string | null } | null; sender_type?: unknown; sender_id?: unknown }) {
  const type = String(m.sender?.type ?? m.sender_type ?? '').toLowerCase();
  const id = m.sender?.id ?? (typeof m.sender_id === 'number' ? m.sender_id : null);
  return { type, id };
}

/**
 * An agent's `/translate <reply>` or `/send <reply>` private note: translates the reply into the customer's
 * language (from the triage) and posts it as a note with a back-translation, or sends it to the customer when
 * ALLOW_TRANSLATE_SEND is on. Only private notes by a human agent count; the job key (per message) and the
 * note marker make a redelivery a no-op.
 */
export async function runTranslate(job: ClaimedJob, deps: JobDeps): Promise<void> {
  const runtime = deps.translate;
  if (!runtime) return;
  const ctx = await loadConversation(deps.chatwoot, job.conversation_id);
  const messageId = Number(job.message_id);
  const message = ctx.messages.find((m) => m.id === messageId);
  const marker = translateMarker(job.key);
  if (!message || hasNote(ctx, marker)) return;
  const sender = senderOf(message as Parameters<typeof senderOf>[0]);
  if (!message.private || message.message_type !== MESSAGE_TYPE.outgoing || sender.type !== 'user') return;
  if (sender.id !== null && sender.id === (await runtime.ownUserId())) return;
  const command = parseTranslateCommand(message.content);
  if (!command) return;

  const note = (content: string) => postNoteOnce(deps.chatwoot, ctx, marker, content);
  if (command.text === '') {
    await note(translateProblemNote(job.key, `nothing to translate: write the reply after \`/${command.action}\`.`));
    return;
  }
  const triage = await deps.records.get(jobKey({ kind: 'triage', accountId: job.account_id, conversationId: job.conversation_id }));
  let language = triage?.language && triage.language !== 'unknown' ? triage.language : null;
  if (!language) {
    const detected = detectLanguage(ctx.customerMessages.map((m) => textOf(m)).join('\n\n'));
    language = detected.reliable && detected.language !== 'unknown' ? detected.language : null;
  }
  if (!language) {
    await note(translateProblemNote(job.key, "the customer's language is not known yet (no triage and no recognisable customer text)."));
    return;
  }

  let translation: string;
  let backTranslation: string;
  try {
    const r = await deps.provider.translate({ text: command.text, targetLanguage: language });
    translation = r.value.translation;
    backTranslation = r.value.backTranslation;
  } catch (e) {
    if (e instanceof TranslationUnavailableError) {
      await note(translateProblemNote(job.key, 'translation needs the Claude model (set ANTHROPIC_API_KEY); the offline model cannot translate.'));
      return;
    }
    if (e instanceof ModelOutputError) {
      await note(translateProblemNote(job.key, 'the model did not return a usable translation; write the reply yourself or try again.'));
      return;
    }
    throw e;
  }

  if (command.action === 'translate') {
    await note(translationNote(job.key, language, translation, backTranslation, 'Translation — not sent; copy it into your reply'));
    return;
  }
  if (!runtime.allowSend) {
    await note(
      translationNote(job.key, language, translation, backTranslation, '`/send` is off (ALLOW_TRANSLATE_SEND is not true): nothing was sent. Translation'),
    );
    return;
  }
  // Sent once: the checkpoint is written right after the send, so a retry only posts the confirmation note.
  // The lease is renewed right before (LeaseLost when another worker took the job over): no stale run sends twice.
  if (job.checkpoint.sent !== true) {
    await deps.queue.renew(job.lease);
    await runtime.client.createOutgoingMessage(job.conversation_id, translation);
    await deps.queue.saveCheckpoint(job.lease, { ...job.checkpoint, sent: true });
  }
  await note(translationNote(job.key, language, translation, backTranslation, 'Sent to the customer'));
}
