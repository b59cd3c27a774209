import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { offlineInThread, type ThreadedOfflineProvider } from '../src/model/offline-thread.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../src/model/offline/index.js';
import { TranslationUnavailableError } from '../src/model/errors.js';
import { SMALL_TRAINING_TICKETS, writeSmallTrainingFile } from '../../testkit/training-tickets.js';

const ANALYSIS = { subject: 'Charged twice', text: 'You took the yearly fee twice from my card, please refund one of them.', language: 'en' };

describe('the offline model in a thread of its own', () => {
  let dir: string;
  let file: string;
  let threaded: ThreadedOfflineProvider;
  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'offline-thread-'));
    file = await writeSmallTrainingFile(dir);
    threaded = offlineInThread({ paths: [file], trainNow: true, categoriesWithoutExamples: [] });
  });
  afterAll(async () => {
    await threaded.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('answers analyses and drafts exactly as the same model on the caller thread', async () => {
    const direct = createOfflineProvider({ tickets: [...SMALL_TRAINING_TICKETS] });
    const analysis = await threaded.analyze(ANALYSIS);
    expect(analysis).toEqual(await direct.analyze(ANALYSIS));
    expect(analysis.value.category).toBe('refund-request');
    const draftInput = { language: 'de', customerText: 'Bitte erstatten Sie mir den doppelten Betrag.', subject: 'Erstattung', analysis: analysis.value, customerFacts: '', contactName: 'Lena', plan: null, thread: [] };
    expect(await threaded.draft(draftInput)).toEqual(await direct.draft(draftInput));
    expect(threaded.model).toBe(OFFLINE_MODEL_ID);
    await expect(threaded.translate({ text: 'Hello', targetLanguage: 'de' })).rejects.toBeInstanceOf(TranslationUnavailableError);
  });

  it('fails the requests a stopped thread held, naming it, and starts a new thread at the next request', async () => {
    // A fresh thread: the request waits for its training (hundreds of ms), so it is still held when the thread stops.
    const fresh = offlineInThread({ paths: [file], trainNow: true, categoriesWithoutExamples: [] });
    try {
      const held = fresh.analyze(ANALYSIS);
      const closing = fresh.close();
      // Sent while the old thread is still ending: the new thread answers it, the old thread's end does not fail it.
      const next = fresh.analyze(ANALYSIS);
      await closing;
      await expect(held).rejects.toThrow(/offline model's thread stopped/);
      expect((await next).value.category).toBe('refund-request');
    } finally {
      await fresh.close();
    }
  });

  it('answers a request it cannot serve with the reason (training tickets that cannot be read)', async () => {
    const broken = offlineInThread({ paths: [join(dir, 'missing.jsonl')], trainNow: false, categoriesWithoutExamples: [] });
    try {
      await expect(broken.analyze(ANALYSIS)).rejects.toThrow('missing.jsonl');
    } finally {
      await broken.close();
    }
  });
});
