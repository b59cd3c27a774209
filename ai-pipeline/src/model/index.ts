import type { Config } from '../config/config.js';
import { resolveUserPath } from '../config/paths.js';
import { createAnthropicProvider } from './anthropic.js';
import { loadOfflineProvider } from './offline/index.js';
import type { ModelProvider } from './provider.js';

export interface Providers {
  provider: ModelProvider;
  /** The offline model, used when Claude's output stays invalid; null when the primary is already offline. */
  fallback: ModelProvider | null;
}

/** Claude when a key is set (or forced), otherwise the offline model trained on TICKETS_DIR. */
export async function createProviders(config: Pick<Config, 'MODEL_PROVIDER' | 'ANTHROPIC_API_KEY' | 'ANTHROPIC_BASE_URL' | 'ANTHROPIC_MODEL' | 'ANTHROPIC_MAX_RETRIES' | 'ANTHROPIC_TIMEOUT_MS' | 'TICKETS_DIR'>): Promise<Providers> {
  const useClaude = config.MODEL_PROVIDER === 'anthropic' || (config.MODEL_PROVIDER === 'auto' && !!config.ANTHROPIC_API_KEY);
  let offline: ModelProvider;
  try {
    offline = await loadOfflineProvider(resolveUserPath(config.TICKETS_DIR), { trainNow: !useClaude });
  } catch (e) {
    throw new Error(`TICKETS_DIR: the offline model could not load its training tickets from "${config.TICKETS_DIR}": ${(e as Error).message}`, { cause: e });
  }
  if (!useClaude) return { provider: offline, fallback: null };
  const claude = createAnthropicProvider({
    apiKey: config.ANTHROPIC_API_KEY!,
    baseURL: config.ANTHROPIC_BASE_URL,
    model: config.ANTHROPIC_MODEL,
    maxRetries: config.ANTHROPIC_MAX_RETRIES,
    timeoutMs: config.ANTHROPIC_TIMEOUT_MS,
  });
  return { provider: claude, fallback: offline };
}
