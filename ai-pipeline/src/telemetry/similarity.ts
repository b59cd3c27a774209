/**
 * How much of a draft survives in what the agent sent: cosine similarity of word-count vectors (0–1).
 * Case, punctuation, markdown and word order do not matter; a reply that keeps the draft and adds a
 * greeting stays high, a reply written from scratch falls towards 0.
 */
export function tokens(text: string): string[] {
  return text.toLowerCase().normalize('NFKC').match(/[\p{L}\p{N}]+/gu) ?? [];
}

function counts(words: string[]): Map<string, number> {
  const m = new Map<string, number>();
  for (const w of words) m.set(w, (m.get(w) ?? 0) + 1);
  return m;
}

export function textSimilarity(a: string, b: string): number {
  const ca = counts(tokens(a));
  const cb = counts(tokens(b));
  if (ca.size === 0 || cb.size === 0) return 0;
  let dot = 0;
  for (const [w, n] of ca) dot += n * (cb.get(w) ?? 0);
  const norm = (m: Map<string, number>) => Math.sqrt([...m.values()].reduce((s, n) => s + n * n, 0));
  return Math.round((dot / (norm(ca) * norm(cb))) * 1000) / 1000;
}

/** A draft counts as used when the reply keeps at least this much of it. */
export const DRAFT_USED_THRESHOLD = 0.6;
