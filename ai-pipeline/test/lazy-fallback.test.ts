import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createProviders } from '../src/model/index.js';
import { createOfflineProvider, OFFLINE_MODEL_ID } from '../src/model/offline/index.js';
import { loadTrainingTickets } from '../src/tickets/ticket.js';

const ROOT = resolve(import.meta.dirname, '../..');
const CLAUDE = {
  MODEL_PROVIDER: 'anthropic' as const,
  ANTHROPIC_API_KEY: 'sk-ant-test',
  ANTHROPIC_BASE_URL: 'http://127.0.0.1:9',
  ANTHROPIC_MODEL: 'claude-test',
  ANTHROPIC_MAX_RETRIES: 0,
  ANTHROPIC_TIMEOUT_MS: 1000,
};

describe("Claude's offline fallback, loaded at its first use", () => {
  it('has the offline model id and categories up front, and answers exactly like the offline model once used', async () => {
    const { provider, fallback } = await createProviders({ ...CLAUDE, TICKETS_DIR: `${ROOT}/tickets` });
    expect(provider.kind).toBe('anthropic');
    expect(fallback!.kind).toBe('offline');
    expect(fallback!.model).toBe(OFFLINE_MODEL_ID);
    const direct = createOfflineProvider({ tickets: await loadTrainingTickets(`${ROOT}/tickets`) });
    const input = { subject: 'Refund', text: 'I was charged twice, please refund the second payment', language: 'en' };
    expect(await fallback!.analyze(input)).toEqual(await direct.analyze(input));
  });

  it('a TICKETS_DIR that cannot be read still fails at start-up, not at the first fallback', async () => {
    await expect(createProviders({ ...CLAUDE, TICKETS_DIR: `${ROOT}/no-such-folder` })).rejects.toThrow(/TICKETS_DIR/);
  });
});
