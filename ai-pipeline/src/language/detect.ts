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
let retryAt = 0;
/** After the detector could not be built, how long texts read as 'unknown' before it is tried again. */
const DETECTOR_RETRY_MS = 5 * 60_000;

/**
 * eld restricted to DETECTABLE_LANGUAGES, built at the first detection (see eld-subset.ts for why not `eld/small`);
 * null while it cannot be built (its table could not be extracted: the warning says why), so triage goes on with
 * the language 'unknown' instead of failing every job, and is tried again DETECTOR_RETRY_MS later.
 */
function eld(): EldDetector | null {
  if (detector || Date.now() < retryAt) return detector;
  try {
    detector = createSubsetDetector(DETECTABLE_LANGUAGES).detector;
  } catch (e) {
    retryAt = Date.now() + DETECTOR_RETRY_MS;
    process.emitWarning(`language detection is off for ${DETECTOR_RETRY_MS / 60_000} minutes: ${(e as Error).message}`, 'LanguageDetectorWarning');
  }
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

/** What else the customer wrote, for when the new text alone is too short to tell its language. */
export interface LanguageContext {
  /** The conversation's subject line. */
  subject?: string | null;
  /** Earlier messages of the same customer in this conversation (oldest first). */
  thread?: readonly string[];
  /** The language already established for this conversation (e.g. by its triage), used when nothing else tells. */
  previous?: string | null;
}

/**
 * Courtesy words that short messages often consist of, with the language they most likely mean on their own
 * ("Merci !" is French unless the thread says otherwise; in Switzerland it is also German).
 */
const SHORT_WORD_PRIOR: Record<string, string> = {
  merci: 'fr', bonjour: 'fr', salut: 'fr', oui: 'fr', daccord: 'fr',
  danke: 'de', dankeschon: 'de', hallo: 'de', tschuss: 'de', gruezi: 'de', bitte: 'de',
  bedankt: 'nl', dankjewel: 'nl', dankuwel: 'nl', hoi: 'nl', doei: 'nl', graag: 'nl',
  thanks: 'en', thank: 'en', thx: 'en', hello: 'en', hi: 'en', please: 'en',
  grazie: 'it', ciao: 'it', prego: 'it',
  gracias: 'es', hola: 'es',
  obrigado: 'pt', obrigada: 'pt', ola: 'pt', valeu: 'pt',
  tack: 'sv', hej: 'sv',
};
/**
 * English courtesy words that customers of every language use ("Thanks!", "Hello?", "Please" under a German thread):
 * they tell the language of a short text only when no reliable subject, thread or conversation language does.
 */
const INTERNATIONAL_WORDS = new Set(['thanks', 'thank', 'thx', 'hello', 'hi', 'please']);

/**
 * Function words of a short follow-up ("Toujours rien ?", "Immer noch nichts?", "Nog steeds niets?", "Any news?"),
 * each written the same in no other language of DETECTABLE_LANGUAGES (so not "nog", Swedish too, nor "nada",
 * Portuguese too, "non", "ja", "is", "was", "still", "you"), as matched after lowercasing and removing accents. Unlike
 * courtesy words ("Merci", "Thanks", "Ciao") they are not borrowed by speakers of other languages. Danish and
 * Norwegian share theirs and have none here.
 */
const FUNCTION_WORDS: Record<string, readonly string[]> = {
  de: ['immer', 'noch', 'nichts', 'nicht', 'schon', 'wieder', 'jetzt', 'und', 'ist', 'ich', 'auch', 'kein', 'keine', 'keiner', 'habe', 'gibt', 'warum', 'wann', 'etwas', 'neues', 'doch', 'oder', 'nochmal', 'immernoch', 'bisher'],
  nl: ['steeds', 'niets', 'niks', 'niet', 'geen', 'weer', 'ik', 'het', 'een', 'waarom', 'wanneer', 'hoe', 'iets', 'nieuws', 'nogsteeds', 'ook', 'maar', 'heb', 'hebben', 'zijn', 'antwoord'],
  fr: ['toujours', 'rien', 'encore', 'pas', 'est', 'vous', 'nous', 'suis', 'aucune', 'aucun', 'nouvelles', 'reponse', 'pourquoi', 'quand', 'quoi', 'alors', 'avez', 'avec', 'depuis', 'personne'],
  it: ['ancora', 'niente', 'nulla', 'nessuna', 'nessuno', 'novita', 'risposta', 'perche', 'sono', 'ho', 'qualcuno', 'allora', 'aggiornamenti', 'gli', 'della', 'questo', 'che'],
  es: ['todavia', 'aun', 'sigo', 'sigue', 'nadie', 'novedades', 'respuesta', 'hay', 'ya', 'el', 'tengo', 'estoy', 'cuando', 'ningun', 'ninguna', 'ninguno'],
  pt: ['ainda', 'nenhuma', 'nenhum', 'nao', 'resposta', 'alguem', 'novidades', 'tenho', 'estou', 'voce', 'voces', 'isso'],
  en: ['any', 'anything', 'anyone', 'nothing', 'nobody', 'yet', 'the', 'what', 'when', 'why', 'where', 'how', 'have', 'has', 'been', 'someone', 'answer', 'there', 'this', 'that', 'with', 'from'],
  sv: ['fortfarande', 'inget', 'annu', 'nagot', 'inte', 'jag', 'och', 'hur', 'varfor'],
  pl: ['nadal', 'nic', 'jeszcze', 'czy', 'dlaczego', 'kiedy', 'zadnej', 'zadnego'],
};
const FUNCTION_WORD_LANGUAGE = new Map(Object.entries(FUNCTION_WORDS).flatMap(([language, words]) => words.map((word) => [word, language] as const)));

/** Weight of a courtesy word and of the context language, added to eld's 0..1 scores of a short text. */
const PRIOR_WEIGHT = 0.3;
const CONTEXT_WEIGHT = 0.5;
/**
 * Weight of the function words of one language in a short text: above the context's, so "Toujours rien ?" under an
 * English subject is French; the context still decides a text whose own evidence is a tie or no language's words.
 */
const FUNCTION_WORD_WEIGHT = 0.6;

function letterCount(text: string): number {
  return text.replace(/[^\p{L}]/gu, '').length;
}

function words(clean: string): string[] {
  return clean
    .toLowerCase()
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .split(/[^\p{L}]+/u)
    .filter(Boolean);
}

/**
 * What the words of a short text say about its language: courtesy words (an international English one only when
 * `reliableContext` is false) and the function words, which count only when they all belong to one language.
 */
function wordPrior(clean: string, reliableContext: boolean): Map<string, number> {
  const prior = new Map<string, number>();
  const functionLanguages = new Set<string>();
  for (const word of words(clean)) {
    const language = SHORT_WORD_PRIOR[word];
    if (language && !(reliableContext && INTERNATIONAL_WORDS.has(word))) prior.set(language, (prior.get(language) ?? 0) + PRIOR_WEIGHT);
    const functionLanguage = FUNCTION_WORD_LANGUAGE.get(word);
    if (functionLanguage) functionLanguages.add(functionLanguage);
  }
  const [only, ...others] = functionLanguages;
  if (only && others.length === 0) prior.set(only, (prior.get(only) ?? 0) + FUNCTION_WORD_WEIGHT);
  return prior;
}

/**
 * The language of the context and how much it counts: subject and earlier messages together at full weight when
 * that is reliable, else the conversation's language, else an unreliable guess weighed by its letters (a one-word
 * subject such as "Login" says little).
 */
function contextLanguage(context: LanguageContext): { language: string; weight: number } | null {
  const joined = [context.subject ?? '', ...(context.thread ?? [])].join('\n');
  const guess = detectAlone(joined);
  if (guess.reliable) return { language: guess.language, weight: CONTEXT_WEIGHT };
  if (context.previous && context.previous !== 'unknown') return { language: context.previous, weight: CONTEXT_WEIGHT };
  if (guess.language === 'unknown') return null;
  return { language: guess.language, weight: CONTEXT_WEIGHT * Math.min(1, letterCount(languageBearingText(joined)) / RELIABLE_LETTERS) };
}

function detectAlone(text: string): LanguageGuess {
  const clean = languageBearingText(text);
  const letters = letterCount(clean);
  if (letters < MIN_LETTERS) return { language: 'unknown', reliable: false };
  const result = eld()?.detect(clean);
  if (!result?.language) return { language: 'unknown', reliable: false };
  return { language: result.language, reliable: letters >= RELIABLE_LETTERS && result.isReliable() };
}

/**
 * Local language detection (no model call) on the customer's own text. A text long enough to be reliable is
 * judged alone. A short one ("Merci !", "ok danke", "Toujours rien ?") is judged with eld's scores (weighed by its
 * length) plus three priors: courtesy words that mark a language, function words of a single language (which outweigh
 * the context), and the language of the context (subject, earlier messages, the conversation's language), which
 * decides language-neutral texts ("Thanks!", "Hello?") and ties.
 * A short guess stays marked unreliable; text with no language at all stays 'unknown' whatever the context.
 */
export function detectLanguage(text: string, context: LanguageContext = {}): LanguageGuess {
  const alone = detectAlone(text);
  // Reliable alone, or no language at all (empty, digits, keyboard mash): the context does not change that.
  if (alone.reliable || alone.language === 'unknown') return alone;
  const clean = languageBearingText(text);
  const fromContext = contextLanguage(context);
  // eld's scores on a handful of letters are near-arbitrary ("ok thx" scores 0.69 Polish and nothing else): they count
  // in proportion to the letters, so a reliable subject or thread and the courtesy words decide a very short text.
  const eldWeight = Math.min(1, letterCount(clean) / RELIABLE_LETTERS);
  const scores = new Map<string, number>(Object.entries(eld()?.detect(clean).getScores() ?? {}).map(([language, score]) => [language, score * eldWeight]));
  for (const [language, weight] of wordPrior(clean, fromContext?.weight === CONTEXT_WEIGHT)) scores.set(language, (scores.get(language) ?? 0) + weight);
  if (fromContext) scores.set(fromContext.language, (scores.get(fromContext.language) ?? 0) + fromContext.weight);
  let best = alone.language;
  let bestScore = scores.get(best) ?? -Infinity;
  for (const [language, score] of scores) {
    if (score > bestScore) {
      best = language;
      bestScore = score;
    }
  }
  return { language: best, reliable: false };
}

export interface DraftLanguage {
  /** The language the draft is written in: the intended one unless detection says otherwise with confidence. */
  language: string;
  /** True when the draft is reliably in another language than the customer's. */
  mismatch: boolean;
}

/**
 * The language a reply draft is actually written in, so its note is never headed with another language's name
 * (an English fallback template for a Polish customer, a model that answered in English). [Placeholders] and
 * markdown are ignored; a draft too short to tell keeps the intended language.
 */
export function draftLanguage(draft: string, intended: string): DraftLanguage {
  const prose = draft.replace(/\[[^\]]*\]/g, ' ').replace(/[*_`>#]/g, ' ');
  const guess = detectAlone(prose);
  if (!guess.reliable || guess.language === intended) return { language: intended, mismatch: false };
  return { language: guess.language, mismatch: intended !== 'unknown' };
}
