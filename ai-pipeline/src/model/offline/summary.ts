import type { Category } from '../../triage/categories.js';
import type { ConceptMatch } from './concepts.js';

const CATEGORY_TITLE: Record<Category, string> = {
  'bug-report': 'Bug report',
  'refund-request': 'Refund request',
  'product-question': 'Product question',
  other: 'Other',
};

const MAX_TOPICS = 3;
const MAX_SUBJECT = 80;

/**
 * A one-line English summary from what the offline model knows: category, language, and the matched lexicon
 * concepts in English (those that support the category first). Non-English text is never copied; an English
 * subject is quoted.
 */
export function offlineSummary(input: {
  category: Category;
  language: string;
  concepts: ConceptMatch[];
  subject: string | null;
}): string {
  const supporting = input.concepts.filter((m) => (m.concept.categories[input.category] ?? 0) > 0);
  const rest = input.concepts.filter((m) => !supporting.includes(m) && m.concept.priority);
  const topics = [...supporting, ...rest].slice(0, MAX_TOPICS).map((m) => m.concept.english);
  let line = `${CATEGORY_TITLE[input.category] ?? input.category} (${input.language}): ${topics.length > 0 ? topics.join('; ') : 'no known topic recognised'}`;
  const subject = input.subject?.replace(/\s+/g, ' ').trim();
  if (input.language === 'en' && subject) {
    const cut = subject.length > MAX_SUBJECT ? `${subject.slice(0, MAX_SUBJECT - 1)}…` : subject;
    line += ` — "${cut}"`;
  }
  return line;
}
