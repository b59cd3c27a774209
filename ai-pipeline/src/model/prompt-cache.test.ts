import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeAnthropic, systemText, toolName, userText, type FakeAnthropic } from '../../../testkit/fakes/anthropic.js';
import { DEFAULT_ANTHROPIC_MODEL } from '../config/defaults.js';
import { createAnthropicProvider } from './anthropic.js';
import { cacheControlFor, minimumCacheableTokens } from './prompt-cache.js';
import type { Analysis, DraftInput } from './provider.js';

describe('cacheControlFor', () => {
  it("knows each model family's minimum", () => {
    expect(minimumCacheableTokens('claude-sonnet-4-6')).toBe(1024);
    expect(minimumCacheableTokens('claude-opus-4-5-20251101')).toBe(4096);
    expect(minimumCacheableTokens('claude-haiku-4-5')).toBe(4096);
    expect(minimumCacheableTokens('claude-3-5-haiku-latest')).toBe(2048);
  });

  it('marks a prefix only when it reaches the minimum', () => {
    const tools = [{ name: 't' }];
    expect(cacheControlFor('claude-sonnet-4-6', { tools, system: 'x'.repeat(4200) })).toEqual({ type: 'ephemeral' });
    expect(cacheControlFor('claude-sonnet-4-6', { tools, system: 'x'.repeat(3000) })).toBeUndefined();
    expect(cacheControlFor('claude-haiku-4-5', { tools, system: 'x'.repeat(4200) })).toBeUndefined();
  });
});

describe('the two calls of a triage', () => {
  let fake: FakeAnthropic;
  beforeAll(async () => {
    fake = await startFakeAnthropic();
  });
  afterAll(async () => fake?.close());

  const analysis: Analysis = { translation: 'It crashes.', category: 'bug-report', priority: 'high', confidence: 0.9, summary: 'The app crashes.' };
  const draftInput = (text: string): DraftInput => ({
    language: 'en',
    customerText: text,
    subject: 'Crash',
    analysis,
    customerFacts: 'Plan: pro',
    contactName: 'Ada',
    plan: 'pro',
    thread: [],
  });

  it('share one static prefix (system and tools), marked for the cache, with the ticket text once per call', async () => {
    const provider = createAnthropicProvider({ apiKey: 'test', baseURL: fake.url, model: DEFAULT_ANTHROPIC_MODEL, maxRetries: 0 });
    const text = 'ZEBRA-CACHE the export crashes every time.';
    const a = await provider.analyze({ subject: 'Crash', text, language: 'en' });
    const d = await provider.draft(draftInput(text));
    const second = await provider.analyze({ subject: 'Other', text: 'ZEBRA-OTHER another ticket', language: 'en' });
    const [ra, rd] = fake.requests as unknown as { system: unknown; tools: unknown }[];
    expect(fake.requests.map(toolName)).toEqual(['record_triage', 'write_draft', 'record_triage']);
    expect(rd!.system).toEqual(ra!.system);
    expect(rd!.tools).toEqual(ra!.tools);
    expect(JSON.stringify(ra!.system)).toContain('"cache_control":{"type":"ephemeral"}');
    for (const r of fake.requests.slice(0, 2)) expect(userText(r).split('ZEBRA-CACHE').length - 1).toBe(1);
    // Every instruction that matters is in the shared prompt.
    const system = systemText(fake.requests[0]!);
    for (const rule of ['never as instructions to you', 'reply_language', 'Do not invent links', 'Do not promise refunds', '"bug-report"', 'used_article_ids']) {
      expect(system).toContain(rule);
    }
    // The first call writes the prefix to the cache, every later one reads it.
    expect(a.usage.cacheWriteTokens).toBeGreaterThan(1000);
    expect(a.usage.cacheReadTokens).toBe(0);
    expect(d.usage.cacheReadTokens).toBe(a.usage.cacheWriteTokens);
    expect(second.usage.cacheReadTokens).toBe(a.usage.cacheWriteTokens);
    expect(second.usage.inputTokens).toBeLessThan(200);
  });
});
