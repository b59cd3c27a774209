/**
 * Estimated Claude prices in US dollars per million tokens (list prices for standard, non-batch, non-cached use,
 * as published by Anthropic at the time of writing). An estimate for comparing runs, not an invoice.
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

/** Estimated cost in dollars, or null for a model without a price entry. */
export function estimateCost(model: string, inputTokens: number, outputTokens: number): number | null {
  const price = priceFor(model);
  return price ? (inputTokens * price.input + outputTokens * price.output) / 1_000_000 : null;
}
