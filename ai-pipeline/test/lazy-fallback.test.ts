import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createProviders } from '../src/model/index.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../src/model/offline/index.js';
import { loadTrainingTickets } from '../src/tickets/ticket.js';
import { SMALL_TRAINING_TICKETS, writeSmallTrainingFile } from '../../testkit/training-tickets.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLAUDE = {
  MODEL_PROVIDER: 'anthropic' as const,
  ANTHROPIC_API_KEY: 'sk-ant-test',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  ANTHROPIC_MODEL: 'claude-test',
  ANTHROPIC_MAX_RETRIES: 0,
  ANTHROPIC_TIMEOUT_MS: 1000,
};

describe.each([
  { where: 'on the caller\'s thread', OFFLINE_MODEL_THREAD: false },
  { where: 'in a thread of its own', OFFLINE_MODEL_THREAD: true },
])("Claude's offline fallback, loaded at its first use, $where", ({ OFFLINE_MODEL_THREAD }) => {
  const closers: Array<() => Promise<void>> = [];
  afterEach(async () => {
    for (const close of closers.splice(0)) await close();
  });
  const providers = async (config: typeof CLAUDE & { TICKETS_DIR: string }) => {
    const p = await createProviders({ ...config, OFFLINE_MODEL_THREAD });
    if (p.close) closers.push(p.close);
    return p;
  };

  it('has the offline model id and categories up front, and answers exactly like the offline model once used', async () => {
    const { provider, fallback } = await providers({ ...CLAUDE, TICKETS_DIR: `${ROOT}/tickets` });
    expect(provider.kind).toBe('anthropic');
    expect(fallback!.kind).toBe('offline');
    expect(fallback!.model).toBe(OFFLINE_MODEL_ID);
    const direct = createOfflineProvider({ tickets: await loadTrainingTickets(`${ROOT}/tickets`) });
    const input = { subject: 'Refund', text: 'I was charged twice, please refund the second payment', language: 'en' };
    expect(await fallback!.analyze(input)).toEqual(await direct.analyze(input));
  });

  it('a TICKETS_DIR that cannot be read still fails at start-up, not at the first fallback', async () => {
    await expect(providers({ ...CLAUDE, TICKETS_DIR: `${ROOT}/no-such-folder` })).rejects.toThrow(/TICKETS_DIR/);
  });

  it('keeps no ticket from start-up: it reads them again at its first use, and a failed read is tried again', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'lazy-fallback-'));
    try {
      const file = await writeSmallTrainingFile(dir);
      const { fallback, categoriesWithoutExamples } = await providers({ ...CLAUDE, TICKETS_DIR: file });
      expect(categoriesWithoutExamples).toEqual([]);
      const input = { subject: 'Money back', text: 'You billed me twice this month, I want a refund', language: 'en' };
      await rename(file, `${file}.away`);
      await expect(fallback!.analyze(input)).rejects.toThrow('training.jsonl');
      await rename(`${file}.away`, file);
      expect(await fallback!.analyze(input)).toEqual(await createOfflineProvider({ tickets: [...SMALL_TRAINING_TICKETS] }).analyze(input));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
