import { createSubsetDetector, type EldDetector } from './eld-subset.js';

export interface LanguageGuess {
  /** ISO 639-1 code, or 'unknown' when the text is empty or gives no usable signal. */
  language: string;
  /** False for a best guess on short or ambiguous text. */
  reliable: boolean;
}

/**
 * Languages the detector may answer with. Restricting eld to the languages a European study app
 * plausibly hears removes absurd answers on short text (Frisian, Afrikaans, Luxembourgish, …);
 * measured on tickets/ by scripts/src/compare-language-detectors.ts.
 */
export const DETECTABLE_LANGUAGES = ['de', 'nl', 'fr', 'en', 'it', 'es', 'sv', 'pt', 'da', 'no', 'pl'] as const;

let detector: EldDetector | null = null;

/** eld restricted to DETECTABLE_LANGUAGES, built at the first detection (see eld-subset.ts for why not `eld/small`). */
function eld(): EldDetector {
  detector ??= createSubsetDetector(DETECTABLE_LANGUAGES).detector;
  return detector;
}

/** Fewer letters than this (after removing links and addresses) is no language at all. */
const MIN_LETTERS = 3;
/** Below this many letters a guess is never called reliable. */
const RELIABLE_LETTERS = 20;

/** Links, e-mail addresses, @handles, order/ticket numbers: they carry no language. */
function languageBearingText(text: string): string {
  return text
    .replace(/https?:\/\/\S+|www\.\S+/gi, ' ')
    .replace(/\S+@\S+/g, ' ')
    .replace(/[\p{N}_#]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Local language detection (no model call) on the customer's own text. */
export function detectLanguage(text: string): LanguageGuess {
  const clean = languageBearingText(text);
  const letters = clean.replace(/[^\p{L}]/gu, '').length;
  if (letters < MIN_LETTERS) return { language: 'unknown', reliable: false };
  const result = eld().detect(clean);
  if (!result.language) return { language: 'unknown', reliable: false };
  return { language: result.language, reliable: letters >= RELIABLE_LETTERS && result.isReliable() };
}
