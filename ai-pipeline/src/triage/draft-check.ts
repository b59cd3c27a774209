import { detectLanguage } from '../language/detect.js';

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>()"'`\]]+/gi;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;
// A bare domain such as "refunds-now.example" or "evil.com/x".
const DOMAIN_RE = /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|net|org|io|co|de|nl|fr|ch|at|be|it|es|se|pt|uk|info|biz|app|ly|me|xyz|example|test)\b(?:\/[^\s]*)?/gi;

function normalise(s: string): string {
  return s.toLowerCase().replace(/[.,;:!?)]+$/, '').replace(/^https?:\/\//, '').replace(/^www\./, '').replace(/\/$/, '');
}

/**
 * Links, email addresses and domains in the draft that appear in none of the inputs (ticket, enrichment,
 * thread). The model is untrusted: such a draft is flagged in the note for the agent. Pure.
 */
export function unsupportedReferences(draft: string, inputs: string[]): string[] {
  const haystack = inputs.join('\n').toLowerCase();
  const found = new Set<string>();
  for (const re of [URL_RE, EMAIL_RE, DOMAIN_RE]) {
    for (const match of draft.matchAll(re)) {
      const ref = match[0].replace(/[.,;:!?)]+$/, '');
      const norm = normalise(ref);
      if (norm.length < 4 || haystack.includes(norm)) continue;
      if ([...found].some((f) => normalise(f).includes(norm) || norm.includes(normalise(f)))) continue;
      found.add(ref);
    }
  }
  return [...found];
}

/**
 * The language a draft reads as when the local detector is sure it is not `expected` (e.g. an English
 * draft for a German ticket); null when it matches, or when either side is unknown or too short to tell. Pure.
 */
export function draftLanguageMismatch(draft: string, expected: string): string | null {
  if (!expected || expected === 'unknown') return null;
  const guess = detectLanguage(draft);
  return guess.reliable && guess.language !== 'unknown' && guess.language !== expected ? guess.language : null;
}
