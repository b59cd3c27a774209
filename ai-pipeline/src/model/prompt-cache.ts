/**
 * Anthropic prompt caching for the static prefix of the triage calls (tools, then the system prompt). The prefix
 * is marked with cache_control only when it is long enough for the model to cache it at all: below the model's
 * minimum the mark does nothing, and a cache write costs 1.25× the input price.
 */

/** Anthropic's documented minimum cacheable prompt length per model family, in tokens (longest prefix first). */
const MINIMUM_BY_MODEL: [prefix: string, tokens: number][] = [
  ['claude-opus-4-6', 4096],
  ['claude-opus-4-5', 4096],
  ['claude-haiku-4-5', 4096],
  ['claude-3-5-haiku', 2048],
  ['claude-3-haiku', 2048],
  ['claude-haiku-3', 2048],
];
const DEFAULT_MINIMUM = 1024;

export function minimumCacheableTokens(model: string): number {
  return MINIMUM_BY_MODEL.find(([prefix]) => model.startsWith(prefix))?.[1] ?? DEFAULT_MINIMUM;
}

/** A cautious token estimate (about 4 characters per token; real token counts of prose and JSON are higher). */
export function estimateTokens(text: string): number {
  return Math.ceil(text.length / 4);
}

export type CacheControl = { type: 'ephemeral' };

/** cache_control for the end of a static prefix (tools and system as sent), or undefined when it is too short to cache. */
export function cacheControlFor(model: string, prefix: { tools: unknown; system: string }): CacheControl | undefined {
  const tokens = estimateTokens(JSON.stringify(prefix.tools)) + estimateTokens(prefix.system);
  return tokens >= minimumCacheableTokens(model) ? { type: 'ephemeral' } : undefined;
}
