import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { Ticket } from '../ai-pipeline/src/tickets/ticket.js';

const ticket = (id: string, category: Ticket['category'], priority: Ticket['priority'], subject: string, body: string): Ticket => ({
  id,
  channel: 'email',
  subject,
  body,
  from_email: `${id}@example.com`,
  lang: 'en',
  category,
  priority,
});

/** Eight English training tickets, two per built-in category: an offline model that trains in a second. */
export const SMALL_TRAINING_TICKETS: readonly Ticket[] = [
  ticket('o1', 'bug-report', 'high', 'Crash on start', 'The app closes itself every time I open my second deck.'),
  ticket('o2', 'bug-report', 'medium', 'Audio missing', 'Pronunciation audio does not play on any card since the update.'),
  ticket('o3', 'refund-request', 'high', 'Double payment', 'My card was charged two times for one subscription, please pay one back.'),
  ticket('o4', 'refund-request', 'medium', 'Unused year', 'I paid for a year but never used it, can I get the money back?'),
  ticket('o5', 'product-question', 'low', 'Sharing decks', 'How do I share a deck with my study group?'),
  ticket('o6', 'product-question', 'low', 'Dark mode', 'Is there a dark mode for studying at night?'),
  ticket('o7', 'other', 'low', 'Thanks', 'Thank you all, the app helped me pass my exam.'),
  ticket('o8', 'other', 'low', 'Partnership', 'We are a publisher and would like to talk about a cooperation.'),
];

/** Writes SMALL_TRAINING_TICKETS as `training.jsonl` in `dir` (a TICKETS_DIR source); returns its path. */
export async function writeSmallTrainingFile(dir: string): Promise<string> {
  const file = join(dir, 'training.jsonl');
  await writeFile(file, SMALL_TRAINING_TICKETS.map((t) => JSON.stringify(t)).join('\n'));
  return file;
}
