import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writeSmallTrainingFile } from '../../../testkit/training-tickets.js';
import { parseTriageConfig } from '../rules/load.js';
import { TriageConfigHolder } from '../rules/holder.js';
import { createProviders } from './index.js';
import type { DraftInput } from './provider.js';

const config = (product: string | null) => {
  const yaml = `${product ? `product: ${product}\n` : ''}categories:\n  - { name: bug-report, description: broken }\n  - { name: other, description: anything else }\n`;
  const parsed = parseTriageConfig(yaml, { source: 'test.yaml', defaultThreshold: 0.8 });
  if (!parsed.config) throw new Error(parsed.problems.map((p) => p.message).join('\n'));
  return parsed.config;
};

const input: DraftInput = {
  language: 'en',
  customerText: 'The invoice export is broken since Monday.',
  subject: 'Export broken',
  analysis: { translation: null, category: 'bug-report', priority: 'medium', confidence: 0.9, summary: '' },
  customerFacts: '',
  contactName: null,
  plan: null,
  thread: [],
};

describe('the configured product reaches the offline template drafts', () => {
  it('no study-app wording once TRIAGE_CONFIG names the team’s product, and after a reload that removes it, again the built-in one', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'own-product-'));
    const holder = new TriageConfigHolder(config('Ledgerly is an invoicing tool for small businesses.'));
    const { provider, close } = await createProviders(
      { MODEL_PROVIDER: 'offline', ANTHROPIC_API_KEY: undefined, ANTHROPIC_BASE_URL: undefined, ANTHROPIC_MODEL: 'x', ANTHROPIC_MAX_RETRIES: 0, ANTHROPIC_TIMEOUT_MS: 1000, TICKETS_DIR: await writeSmallTrainingFile(dir) },
      holder,
    );
    try {
      expect((await provider.draft(input)).value).not.toMatch(/studying/);
      holder.replace(config(null));
      expect((await provider.draft(input)).value).toMatch(/studying/);
    } finally {
      await close?.();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
