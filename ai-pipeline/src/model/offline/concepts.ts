import { CONCEPTS, type Concept } from './lexicon.js';
import { normalizeText } from './text.js';

/** One lexicon phrase as a sequence of word matchers: exact words, or prefixes for words written with `*`. */
interface CompiledPhrase {
  concept: number;
  words: Array<{ text: string; prefix: boolean }>;
}

/** Splits normalised text into its words (letters and digits). */
function tokens(normalised: string): string[] {
  return normalised.split(/[^\p{L}\p{N}*]+/u).filter((w) => w !== '' && w !== '*');
}

function compilePhrase(phrase: string, concept: number): CompiledPhrase {
  const words = tokens(normalizeText(phrase)).map((w) =>
    w.endsWith('*') ? { text: w.slice(0, -1), prefix: true } : { text: w, prefix: false },
  );
  return { concept, words };
}

// Index by the first word: exact first words in a map, prefix first words in a list.
const byFirstWord = new Map<string, CompiledPhrase[]>();
// Prefix first words by their first two letters (every prefix in the lexicon has at least two), so a word is only
// compared with the few prefixes that can match it.
const byFirstPrefix = new Map<string, CompiledPhrase[]>();
const shortPrefixes: CompiledPhrase[] = [];
CONCEPTS.forEach((concept, index) => {
  for (const phrase of new Set(concept.phrases)) {
    const compiled = compilePhrase(phrase, index);
    const first = compiled.words[0];
    if (!first) continue;
    if (first.prefix && first.text.length < 2) shortPrefixes.push(compiled);
    else if (first.prefix) byFirstPrefix.set(first.text.slice(0, 2), [...(byFirstPrefix.get(first.text.slice(0, 2)) ?? []), compiled]);
    else byFirstWord.set(first.text, [...(byFirstWord.get(first.text) ?? []), compiled]);
  }
});

function wordMatches(word: string | undefined, matcher: { text: string; prefix: boolean }): boolean {
  if (word === undefined) return false;
  return matcher.prefix ? word.startsWith(matcher.text) : word === matcher.text;
}

function matchesAt(words: readonly string[], start: number, phrase: CompiledPhrase): boolean {
  return phrase.words.every((m, k) => wordMatches(words[start + k], m));
}

export interface ConceptMatch {
  concept: Concept;
  /** Number of places the concept matched. */
  count: number;
}

/** The lexicon concepts found in a text, in lexicon order. Language-independent: every language's phrases are tried. */
export function findConcepts(text: string): ConceptMatch[] {
  const words = tokens(normalizeText(text).replace(/\*/g, ' '));
  const counts = new Array<number>(CONCEPTS.length).fill(0);
  words.forEach((word, i) => {
    const seen = new Set<number>();
    const prefixed = [...(byFirstPrefix.get(word.slice(0, 2)) ?? []), ...shortPrefixes];
    const candidates = [...(byFirstWord.get(word) ?? []), ...prefixed.filter((p) => word.startsWith(p.words[0]?.text ?? '\0'))];
    for (const phrase of candidates) {
      // One count per concept per starting word, however many of its phrases start there.
      if (!seen.has(phrase.concept) && matchesAt(words, i, phrase)) {
        seen.add(phrase.concept);
        counts[phrase.concept] = (counts[phrase.concept] ?? 0) + 1;
      }
    }
  });
  return CONCEPTS.flatMap((concept, i) => ((counts[i] ?? 0) > 0 ? [{ concept, count: counts[i] ?? 0 }] : []));
}
