import type { Category } from '../../triage/categories.js';
import type { ConceptMatch } from './concepts.js';
import { englishLanguageName } from '../../util/language-names.js';

const CATEGORY_TITLE: Record<Category, string> = {
  'bug-report': 'Bug report',
  'refund-request': 'Refund request',
  'product-question': 'Product question',
  other: 'Message',
};

/** How each lexicon concept reads inside an English sentence about the ticket. */
const CLAUSES: Record<string, string> = {
  refund: 'the customer wants a refund',
  'no-refund-wanted': 'they do not want money back',
  'double-charge': 'they were charged twice',
  'unexpected-charge': 'they dispute a charge',
  'accidental-purchase': 'the purchase was a mistake',
  cancel: 'it is about cancelling',
  payment: 'a payment is involved',
  'legal-threat': 'they threaten a dispute or legal steps',
  crash: 'the app crashes',
  error: 'an error message appears',
  'not-working': 'something does not work',
  bug: 'they call it a bug',
  freeze: 'the app hangs or shows nothing',
  'data-loss': 'data is missing',
  sync: 'syncing fails',
  'login-problem': 'they cannot log in',
  'since-update': 'it started with an update',
  notifications: 'it concerns notifications',
  'audio-video': 'it concerns audio or video',
  device: 'device details are given',
  'how-to': 'they ask how to do something',
  pricing: 'it concerns plans or prices',
  feature: 'it concerns a feature',
  'account-change': 'it concerns account settings',
  'unexpected-behaviour': 'the app behaves unexpectedly',
  'delete-account': 'they ask about account deletion or their data',
  partnership: 'it is a business, press or partnership enquiry',
  feedback: 'they give feedback or thanks',
  spam: 'it looks unsolicited',
  'homework-help': 'they ask for help with coursework',
  'auto-reply': 'it is an automatic reply',
  'purchase-not-applied': 'a purchase was not applied',
  purchase: 'a purchase is mentioned',
  'invoice-request': 'they ask for an invoice or tax details',
  'worked-before': 'it used to work',
  'money-back': 'they want money back',
  'refund-demand': 'they demand money back',
  'closing-demand': 'they end by demanding money back',
  'refund-negated': 'they do not want money back',
  'refund-elsewhere': 'they ask about refund terms or a reimbursement by someone else',
  'paid-unused': 'they paid for time they did not use',
  'charge-remedy': 'they ask for a remedy for a charge',
  urgent: 'they say it is urgent',
  deadline: 'an exam or deadline is near',
  'all-users': 'nothing works at all',
  'no-rush': 'there is no rush',
  unreadable: 'there is no readable text',
  'thanks-only': 'they only say thanks',
  resolved: 'they say the problem is solved',
  retraction: 'they withdraw an earlier message',
  'automatic-mail': 'a machine wrote it (an auto-reply, a bounce or bulk mail)',
  minor: 'a child is involved',
  'charge-negated': 'they do not want to be charged again',
  cannot: 'they cannot do something in the app',
  amount: 'an amount is named',
  'bank-account': 'they give bank details',
  'order-number': 'an order number is given',
  'refund-received': 'they say a refund has arrived',
  'child-purchase': 'a child made the purchase',
  'access-demand': 'they ask for a paid plan to be unlocked',
  'asks-for-update': 'they ask for an update',
  'same-problem': 'they say they have the same problem',
};

/**
 * Clauses that say what the message is: written by a machine (an auto-reply, a bounce, bulk mail), or a follow-up (a
 * nudge for news, "+1"). They lead; the topic follows.
 */
const LEADING = new Set(['auto-reply', 'automatic-mail', 'asks-for-update', 'same-problem']);
/** Concepts that mean a machine wrote the message: its "thank you for your message" is no customer's thanks. */
const MACHINE = ['auto-reply', 'automatic-mail'];

/** How a concept reads as a clause of the summary sentence (every concept of the lexicon and cues has its own). */
export function summaryClause(concept: { id: string; english: string }): string {
  return CLAUSES[concept.id] ?? `it mentions ${concept.english}`;
}

/**
 * Clauses another one already says, more precisely: a concept is left out when one of those listed for it matched too
 * ("they want money back" beside "they demand money back", "a payment is involved" beside "they were charged twice",
 * "a machine wrote it" beside "it is an automatic reply"), so the sentence says each thing once and has room for others.
 */
const SAID_BY: Record<string, string[]> = {
  refund: ['refund-demand', 'closing-demand'],
  'money-back': ['refund', 'refund-demand', 'closing-demand'],
  'closing-demand': ['refund-demand'],
  'unexpected-charge': ['double-charge'],
  payment: ['double-charge', 'unexpected-charge', 'accidental-purchase', 'purchase-not-applied', 'child-purchase', 'paid-unused', 'charge-remedy', 'refund-received', 'invoice-request'],
  purchase: ['purchase-not-applied', 'accidental-purchase', 'child-purchase'],
  'automatic-mail': ['auto-reply'],
  feedback: MACHINE,
  'thanks-only': MACHINE,
};

/** The clauses of the matched concepts in order, each thing said once (SAID_BY; two concepts that read the same give one). */
function distinctClauses(matches: ConceptMatch[]): string[] {
  const ids = new Set(matches.map((m) => m.concept.id));
  const clauses = matches.filter((m) => !(SAID_BY[m.concept.id] ?? []).some((id) => ids.has(id))).map((m) => summaryClause(m.concept));
  return [...new Set(clauses)];
}

/** A configured category's name as the summary's first words: `warranty-claim` → `Warranty claim`. */
function categoryTitle(name: string): string {
  const words = name.replace(/[-_]+/g, ' ').trim();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

const MAX_CLAUSES = 3;
/** The reply and forward prefixes mail clients stack on a subject ("Re: AW: Fwd:"): noise in a one-line summary. */
const REPLY_PREFIXES = /^(?:(?:re|fwd?|aw|wg|tr|antw|sv|rv|res|enc|rif)(?:\[\d+\])?\s*:\s*)+/i;
const MAX_SUBJECT = 80;

function languageLabel(code: string): string {
  if (code === 'unknown') return 'an unknown language';
  try {
    return englishLanguageName(code) ?? code;
  } catch {
    return code;
  }
}

function joinClauses(clauses: string[]): string {
  if (clauses.length <= 1) return clauses[0] ?? '';
  return `${clauses.slice(0, -1).join(', ')} and ${clauses[clauses.length - 1]}`;
}

/**
 * A one-sentence English summary from what the offline model knows: category, language, and the matched lexicon
 * concepts as clauses (those that support the category first). Non-English text is never copied; an English
 * subject is quoted.
 */
export function offlineSummary(input: {
  category: Category;
  language: string;
  concepts: ConceptMatch[];
  subject: string | null;
}): string {
  const leading = input.concepts.filter((m) => LEADING.has(m.concept.id));
  const supporting = input.concepts.filter((m) => (m.concept.categories[input.category] ?? 0) > 0);
  const rest = input.concepts.filter((m) => !supporting.includes(m) && !leading.includes(m) && m.concept.priority);
  const clauses = distinctClauses([...leading, ...supporting, ...rest]).slice(0, MAX_CLAUSES);
  let sentence = `${CATEGORY_TITLE[input.category] ?? categoryTitle(input.category)} in ${languageLabel(input.language)}`;
  const subject = input.subject?.replace(/\s+/g, ' ').trim().replace(REPLY_PREFIXES, '');
  if (input.language === 'en' && subject) {
    const cut = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject;
    sentence += ` ("${cut.replace(/"/g, "'")}")`;
  }
  sentence += clauses.length > 0 ? `: ${joinClauses(clauses)}.` : ' on a topic the offline model does not recognise.';
  return sentence;
}
