import { hasUnsafeMarkup, unsupportedReferences } from '../triage/draft-check.js';

/**
 * The safety check of an answer the bot is about to send to a customer (pure). Any problem means the bot hands
 * over instead of sending: the model is untrusted, and a customer reads this without an agent in between.
 */

/**
 * Words about giving money back or crediting an account, in the languages the bot speaks. The bot never talks
 * about money (refund questions are a sensitive category and handed over), so any of these is a promise risk.
 */
const MONEY_WORDS =
  /\b(refund\w*|reimburs\w*|money back|credit note|compensat\w*|erstatt\w*|rückerstatt\w*|gutschrift\w*|gutschreib\w*|geld zurück|rembours\w*|avoir|reembols\w*|devolv\w* (el|tu|su) dinero|rimbors\w*|terugbetal\w*|restitu\w*|geld terug)\b/iu;

export function answerProblems(answer: string, sources: string[]): string[] {
  const problems: string[] = [];
  if (answer.trim() === '') problems.push('the answer is empty');
  const links = unsupportedReferences(answer, sources);
  if (links.length > 0) problems.push(`links or addresses not in the help center or the chat: ${links.join(', ')}`);
  if (hasUnsafeMarkup(answer)) problems.push('images, HTML or mentions');
  if (MONEY_WORDS.test(answer)) problems.push('it talks about refunds or credits');
  return problems;
}
