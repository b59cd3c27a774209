import { eld } from 'eld/small';

export interface LanguageGuess {
  /** ISO 639-1 code, or 'unknown' when the text is empty or gives no reliable signal. */
  language: string;
  reliable: boolean;
}

/** Local language detection (no model call) on the customer's own text. */
export function detectLanguage(text: string): LanguageGuess {
  const clean = text.replace(/https?:\/\/\S+|\S+@\S+/g, ' ').trim();
  if (clean.replace(/[^\p{L}]/gu, '').length < 2) return { language: 'unknown', reliable: false };
  const result = eld.detect(clean);
  if (!result.language) return { language: 'unknown', reliable: false };
  return { language: result.language, reliable: result.isReliable() };
}
