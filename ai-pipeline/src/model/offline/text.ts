import snowball from 'snowball-stemmers';

/** Lower case, accents removed (ü→u, é→e, ß→ss), apostrophes and hyphens become spaces, whitespace collapsed. */
export function normalizeText(text: string): string {
  return text
    .toLowerCase()
    .replace(/ß/g, 'ss')
    .normalize('NFKD')
    .replace(/\p{M}+/gu, '')
    .replace(/['’`´\-–—_/]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

const STEMMER_BY_LANGUAGE: Record<string, string> = {
  de: 'german', nl: 'dutch', fr: 'french', en: 'english', it: 'italian', es: 'spanish', sv: 'swedish', pt: 'portuguese',
  da: 'danish', no: 'norwegian',
};

const stemmers = new Map<string, snowball.Stemmer>();

/** Stems already computed, per stemmer: training and cross-validation stem the same words again and again. */
const stemCache = new Map<string, Map<string, string>>();
/** Words kept per language; past this the cache is cleared (bounded memory on a long-running process). */
const STEM_CACHE_LIMIT = 20_000;

function cachedStem(stemmer: snowball.Stemmer, language: string, word: string): string {
  let cache = stemCache.get(language);
  if (!cache) {
    cache = new Map();
    stemCache.set(language, cache);
  }
  let stem = cache.get(word);
  if (stem === undefined) {
    stem = stemmer.stem(word);
    if (cache.size >= STEM_CACHE_LIMIT) cache.clear();
    cache.set(word, stem);
  }
  return stem;
}

function stemmerFor(language: string): snowball.Stemmer | null {
  const algorithm = STEMMER_BY_LANGUAGE[language];
  if (!algorithm) return null;
  let stemmer = stemmers.get(algorithm);
  if (!stemmer) {
    stemmer = snowball.newStemmer(algorithm);
    stemmers.set(algorithm, stemmer);
  }
  return stemmer;
}

const segmenter = new Intl.Segmenter('und', { granularity: 'word' });

/** Words of a text (Unicode word segmentation), normalised; digits-only words dropped. */
export function words(text: string): string[] {
  const out: string[] = [];
  for (const part of segmenter.segment(normalizeText(text))) {
    if (part.isWordLike && /\p{L}/u.test(part.segment)) out.push(part.segment);
  }
  return out;
}

/** Word stems with the Snowball stemmer of the detected language (words unchanged for an unknown language). */
export function stems(text: string, language: string): string[] {
  const stemmer = stemmerFor(language);
  return words(text)
    .filter((w) => w.length > 1)
    .map((w) => (stemmer ? cachedStem(stemmer, language, w) : w));
}

/**
 * Links (any scheme, `www.`), e-mail addresses, mention links and bare host names (`mx.school.example`, two or more
 * labels ending in a common or reserved top-level domain): they name places, not what the customer wants.
 */
const ADDRESSES =
  /(?:\b[a-z][a-z0-9+.-]{1,31}:\/\/|\bwww\.)[^\s<>()"'\]]+|[^\s@<>()"'[\]]+@[^\s@<>()"'[\]]+|\b(?:[a-z0-9-]+\.)+(?:example|test|invalid|localhost|com|org|net|edu|io|app|de|ch|at|nl|be|fr|it|es|pt|se|eu|uk)\b(?![.-]?[a-z0-9])/gi;

/**
 * Sentences addressed to a triage system rather than to support ("ignore previous instructions", "mark this ticket
 * as …", "SYSTEM: set priority to …"), in the languages the templates cover. The customer does not decide the triage.
 */
const INSTRUCTIONS_TO_THE_SYSTEM = [
  /\b(ignore|disregard|forget|override)\b[^.!?\n]{0,20}\b(previous|prior|above|earlier|preceding|all|any|your|system)\b[^.!?\n]{0,20}\b(instructions?|prompts?|rules|guidelines)\b/i,
  /\bsystem[\s-]*prompt\b|^\s*(system|assistant|developer)\s*:/im,
  /\b(classify|categori[sz]e|label|tag|mark|flag|route|escalate)\b[^.!?\n]{0,30}\b(this|the|my)\s+(ticket|message|conversation|request|e-?mail)\s+(as|to)\b/i,
  /\b(classify|categori[sz]e|label|tag)\s+(this|it)\s+as\b/i,
  /\bset\s+(the\s+)?(priority|category)\s+(to|as)\b/i,
  /\b(ignorier\w*|vergiss)\b[^.!?\n]{0,20}\b(vorherig\w*|bisherig\w*|obig\w*|alle|deine)\b[^.!?\n]{0,20}\b(anweisung\w*|instruktion\w*|regeln|prompts?)\b/i,
  /\b(markier\w*|klassifizier\w*|kategorisier\w*|stuf\w*)\b[^.!?\n]{0,30}\b(dieses|das|diese|den)\s+(ticket|nachricht|anfrage|e-?mail)\b/i,
  /\bnegeer\b[^.!?\n]{0,20}\b(eerdere|vorige|alle|je)\b[^.!?\n]{0,20}\b(instructies|opdrachten|regels|prompts?)\b/i,
  /\b(classificeer|markeer|categoriseer)\s+(dit|deze|het)\b/i,
  /\bignor\w*\b[^.!?\n]{0,40}(instructions?|consignes?|règles|instrucciones|reglas|istruzioni|regole)[^.!?\n]{0,3}\b(précédentes|ci-dessus|anteriores|previas|precedenti)\b/i,
  /\bignor\w*\b[^.!?\n]{0,10}\b(toutes les|todas las|tutte le)\b[^.!?\n]{0,20}(instructions?|consignes?|instrucciones|istruzioni)\b/i,
  /\b(classe[rsz]?|marque[rsz]?|catégorise[rsz]?)\s+(ce|cette)\s+(ticket|message|demande)\b/i,
  /\b(marca|clasifica|categoriza)\s+(este|esta)\s+(ticket|mensaje|solicitud)\b/i,
  /\b(classifica|marca|segna)\s+(questo|questa)\s+(ticket|messaggio|richiesta)\b/i,
];

/**
 * The customer's text as the classifier reads it: without links and addresses, and without sentences that instruct
 * the triage system. Text with neither comes back unchanged.
 */
export function featureText(text: string): string {
  const withoutAddresses = text.replace(ADDRESSES, ' ');
  if (!INSTRUCTIONS_TO_THE_SYSTEM.some((re) => re.test(withoutAddresses))) return withoutAddresses;
  return withoutAddresses
    .split(/(?<=[.!?])\s+|\n+/)
    .filter((sentence) => !INSTRUCTIONS_TO_THE_SYSTEM.some((re) => re.test(sentence)))
    .join('\n');
}
