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

/** Links (any scheme, `www.`), e-mail addresses and mention links: they name places, not what the customer wants. */
const ADDRESSES = /(?:\b[a-z][a-z0-9+.-]{1,31}:\/\/|\bwww\.)[^\s<>()"'\]]+|[^\s@<>()"'[\]]+@[^\s@<>()"'[\]]+/gi;

/** The customer's text as the classifier reads it: without links and addresses. */
export function featureText(text: string): string {
  return text.replace(ADDRESSES, ' ');
}
