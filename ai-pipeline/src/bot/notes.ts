import { defuse, inlineText } from '../triage/neutralise.js';

/** The private notes of the chat bot: why it answered or handed over. Same marker format as the triage notes. */

export type BotNotePart = 'bot-answer' | 'handover';

export function botNoteMarker(jobKey: string, part: BotNotePart): string {
  return `ai-triage ref ${jobKey}/${part}`;
}

export interface BotNoteInput {
  jobKey: string;
  part: BotNotePart;
  reason: string;
  category: string | null;
  confidence: number | null;
  /** Help-center article URLs the answer used. */
  articles: string[];
  /** Answers the bot had given before this message. */
  botTurns: number;
}

export function botNote(n: BotNoteInput): string {
  const head =
    n.part === 'handover'
      ? `**🤖 Chat bot handed over:** ${inlineText(n.reason)}. The conversation is open for the team; the customer was told a person will reply.`
      : '**🤖 Chat bot answered** the customer from the help center (the message above, with an assistant sign-off).';
  const lines = [head];
  if (n.category !== null) lines.push(`- category ${inlineText(n.category)}${n.confidence === null ? '' : `, confidence ${n.confidence.toFixed(2)}`}`);
  if (n.articles.length > 0) lines.push(`- articles: ${n.articles.map((a) => inlineText(a)).join(', ')}`);
  lines.push(`- bot answers before this message: ${n.botTurns}`);
  return `${defuse(lines.join('\n'))}\n\n_${botNoteMarker(n.jobKey, n.part)}_`;
}
