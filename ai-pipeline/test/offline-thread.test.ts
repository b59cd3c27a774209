import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineInThread, type ThreadedOfflineProvider } from '../src/model/offline-thread.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../src/model/offline/index.js';
import { TranslationUnavailableError } from '../src/model/errors.js';
import type { Ticket } from '../src/tickets/ticket.js';

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
const TICKETS = [
  ticket('o1', 'bug-report', 'high', 'Crash on start', 'The app closes itself every time I open my second deck.'),
  ticket('o2', 'bug-report', 'medium', 'Audio missing', 'Pronunciation audio does not play on any card since the update.'),
  ticket('o3', 'refund-request', 'high', 'Double payment', 'My card was charged two times for one subscription, please pay one back.'),
  ticket('o4', 'refund-request', 'medium', 'Unused year', 'I paid for a year but never used it, can I get the money back?'),
  ticket('o5', 'product-question', 'low', 'Sharing decks', 'How do I share a deck with my study group?'),
  ticket('o6', 'product-question', 'low', 'Dark mode', 'Is there a dark mode for studying at night?'),
  ticket('o7', 'other', 'low', 'Thanks', 'Thank you all, the app helped me pass my exam.'),
  ticket('o8', 'other', 'low', 'Partnership', 'We are a publisher and would like to talk about a cooperation.'),
];
const ANALYSIS = { subject: 'Charged twice', text: 'You took the yearly fee twice from my card, please refund one of them.', language: 'en' };

describe('the offline model in a thread of its own', () => {
  let dir: string;
  let file: string;
  let threaded: ThreadedOfflineProvider;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offline-thread-'));
    file = join(dir, 'training.jsonl');
    await writeFile(file, TICKETS.map((t) => JSON.stringify(t)).join('\n'));
    threaded = offlineInThread({ paths: [file], categoriesWithoutExamples: [] });
  });
  afterAll(async () => {
    await threaded.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers analyses and drafts exactly as the same model on the caller thread', async () => {
    const direct = createOfflineProvider({ tickets: TICKETS });
    const analysis = await threaded.analyze(ANALYSIS);
    expect(analysis).toEqual(await direct.analyze(ANALYSIS));
    expect(analysis.value.category).toBe('refund-request');
    const draftInput = { language: 'de', customerText: 'Bitte erstatten Sie mir den doppelten Betrag.', subject: 'Erstattung', analysis: analysis.value, customerFacts: '', contactName: 'Lena', plan: null, thread: [] };
    expect(await threaded.draft(draftInput)).toEqual(await direct.draft(draftInput));
    expect(threaded.model).toBe(OFFLINE_MODEL_ID);
    await expect(threaded.translate({ text: 'Hello', targetLanguage: 'de' })).rejects.toBeInstanceOf(TranslationUnavailableError);
  });

  it('fails the requests a stopped thread held, naming it, and starts a new thread at the next request', async () => {
    const held = threaded.analyze(ANALYSIS);
    await threaded.close();
    await expect(held).rejects.toThrow(/offline model's thread stopped/);
    const again = await threaded.analyze(ANALYSIS);
    expect(again.value.category).toBe('refund-request');
  });

  it('answers a request it cannot serve with the reason (training tickets that cannot be read)', async () => {
    const broken = offlineInThread({ paths: [join(dir, 'missing.jsonl')], categoriesWithoutExamples: [] });
    try {
      await expect(broken.analyze(ANALYSIS)).rejects.toThrow('missing.jsonl');
    } finally {
      await broken.close();
    }
  });
});
