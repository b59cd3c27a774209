/**
 * Estimated Claude prices in US dollars per million tokens (list prices for standard, non-batch, uncached input and
 * output, as published by Anthropic at the time of writing). An estimate for comparing runs, not an invoice.
 */
export const PRICE_PER_MTOK: Record<string, { input: number; output: number }> = {
  'claude-sonnet-4-5': { input: 3, output: 15 },
  'claude-sonnet-4': { input: 3, output: 15 },
  'claude-haiku-4-5': { input: 1, output: 5 },
  'claude-3-5-haiku': { input: 0.8, output: 4 },
  'claude-opus-4-5': { input: 5, output: 25 },
  'claude-opus-4-1': { input: 15, output: 75 },
  'claude-opus-4': { input: 15, output: 75 },
};

/** Price entry for a model id, matching dated ids ("claude-sonnet-4-5-20250929") by their longest known prefix. */
export function priceFor(model: string): { input: number; output: number } | null {
  const match = Object.keys(PRICE_PER_MTOK)
    .filter((id) => model === id || model.startsWith(`${id}-`))
    .sort((a, b) => b.length - a.length)[0];
  return match ? (PRICE_PER_MTOK[match] ?? null) : null;
}

/**
 * Prompt-cache prices as multiples of the model's input price (Anthropic's published multipliers, the same for every
 * model): a read from the cache costs a tenth, a write to the 5-minute cache (the only kind the pipeline asks for) 1.25×.
 */
export const CACHE_READ_PRICE_FACTOR = 0.1;
export const CACHE_WRITE_PRICE_FACTOR = 1.25;

/** Input tokens by how Anthropic bills them (`inputTokens`: uncached input, paid in full). */
export interface CacheTokens {
  cacheReadTokens?: number | null;
  cacheWriteTokens?: number | null;
}

/** Estimated cost in dollars, or null for a model without a price entry; cache reads and writes at their multipliers. */
export function estimateCost(model: string, inputTokens: number, outputTokens: number, cache: CacheTokens = {}): number | null {
  const price = priceFor(model);
  if (!price) return null;
  const input = inputTokens + (cache.cacheReadTokens ?? 0) * CACHE_READ_PRICE_FACTOR + (cache.cacheWriteTokens ?? 0) * CACHE_WRITE_PRICE_FACTOR;
  return (input * price.input + outputTokens * price.output) / 1_000_000;
}
