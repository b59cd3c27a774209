import { StringIndex } from '../../util/string-index.js';
import type { NaiveBayesTextClassifier } from './wink.js';

/**
 * A trained wink-naive-bayes-text-classifier reduced to what scoring needs, in a handful of heap objects: wink keeps a
 * dictionary object per label keyed by token string, its vocabulary as a Set and a dozen closures, i.e. tens of
 * thousands of small objects the garbage collector marks on every major GC for as long as the model lives. Here the
 * vocabulary is a StringIndex (one string and typed arrays; exact lookups, so a collision never mixes tokens up), and the per-token,
 * per-label log-likelihoods are precomputed in Float64Arrays with wink's own expressions.
 *
 * `computeOdds` gives exactly wink's `computeOdds`: the same floating-point operations in the same order (tokens
 * outside the vocabulary skipped, repeated tokens counted each time, wink's `lh === 0` quirk for the inverse
 * likelihood, the priors added only when the likelihood is not 0), the labels in wink's order (the key order of its
 * per-label sample counts), sorted with wink's comparator, and `[['unknown', 0]]` when the best odds are 0.
 */
export class CompactNaiveBayes {
  private constructor(
    /** Labels in wink's order. */
    readonly labels: readonly string[],
    private readonly vocabulary: StringIndex,
    /** log2 P(token | label) as wink smooths it, at [token × labels + label]. */
    private readonly logLikelihood: Float64Array,
    /** log2 P(token | not label), at [token × labels + label]. */
    private readonly inverseLogLikelihood: Float64Array,
    /** log2(samples of label) − log2(all samples), per label. */
    private readonly logPrior: Float64Array,
    /** log2(samples of the other labels) − log2(all samples), per label. */
    private readonly inverseLogPrior: Float64Array,
  ) {}

  /** The learned state of a consolidated wink classifier (read through its `exportJSON`), which can then be dropped. */
  static fromWink(nb: NaiveBayesTextClassifier): CompactNaiveBayes {
    const [config, samples, count, words, vocabulary] = JSON.parse(nb.exportJSON()) as [
      { smoothingFactor: number },
      Record<string, number>,
      Record<string, Record<string, number>>,
      Record<string, number>,
      string[],
    ];
    const labels = Object.keys(samples);
    const l = labels.length;
    const v = vocabulary.length;
    const sf = config.smoothingFactor;
    // Number(): a label without words would be undefined in wink and make its figures NaN; so here.
    const wordsOf = labels.map((label) => Number(words[label]));
    const samplesOf = labels.map((label) => Number(samples[label]));

    const logLikelihood = new Float64Array(v * l);
    const inverseLogLikelihood = new Float64Array(v * l);
    const perLabel = new Float64Array(l);
    for (let t = 0; t < v; t += 1) {
      const token = vocabulary[t] as string;
      // Own properties only: the parsed JSON objects have a prototype (a token "constructor"), wink's did not.
      for (let j = 0; j < l; j += 1) perLabel[j] = ownCount(count[labels[j] as string], token);
      for (let j = 0; j < l; j += 1) {
        logLikelihood[t * l + j] = smoothedLog2(perLabel[j] as number, wordsOf[j] as number, v, sf);
        // wink sums the other labels' counts and words in its label order.
        let clw = 0;
        let wl = 0;
        for (let k = 0; k < l; k += 1) {
          if (k === j) continue;
          wl += wordsOf[k] as number;
          clw += perLabel[k] as number;
        }
        inverseLogLikelihood[t * l + j] = smoothedLog2(clw, wl, v, sf);
      }
    }

    const logPrior = new Float64Array(l);
    const inverseLogPrior = new Float64Array(l);
    for (let j = 0; j < l; j += 1) {
      let sum = 0;
      let notInLabel = 0;
      for (let k = 0; k < l; k += 1) {
        sum += samplesOf[k] as number;
        notInLabel += k === j ? 0 : (samplesOf[k] as number);
      }
      logPrior[j] = Math.log2(samplesOf[j] as number) - Math.log2(sum);
      inverseLogPrior[j] = Math.log2(notInLabel) - Math.log2(sum);
    }
    return new CompactNaiveBayes(labels, StringIndex.of(vocabulary), logLikelihood, inverseLogLikelihood, logPrior, inverseLogPrior);
  }

  /** Number of tokens in the vocabulary. */
  get vocabularySize(): number {
    return this.vocabulary.size;
  }

  /** The vocabulary index of `token`, or −1. */
  indexOf(token: string): number {
    return this.vocabulary.indexOf(token);
  }

  /** log2 odds per label, highest first; `[['unknown', 0]]` when the best odds are 0 (e.g. no token is known). */
  computeOdds(tokens: readonly string[]): Array<[string, number]> {
    const known: number[] = [];
    for (const token of tokens) {
      const t = this.indexOf(token);
      if (t >= 0) known.push(t);
    }
    const l = this.labels.length;
    const all: Array<[string, number]> = this.labels.map((label, j) => {
      if (known.length === 0) return [label, 0];
      let lh = 0;
      let ilh = 0;
      for (const t of known) {
        lh += this.logLikelihood[t * l + j] as number;
        ilh += lh === 0 ? 0 : (this.inverseLogLikelihood[t * l + j] as number);
      }
      if (lh !== 0) {
        lh += this.logPrior[j] as number;
        ilh += this.inverseLogPrior[j] as number;
      }
      return [label, lh - ilh];
    });
    all.sort(descendingOnValue);
    return all[0]?.[1] ? all : [['unknown', 0]];
  }
}

/** wink's `count[label][token] || 0`. */
function ownCount(counts: Record<string, number> | undefined, token: string): number {
  return counts !== undefined && Object.hasOwn(counts, token) ? counts[token] || 0 : 0;
}

/** wink's smoothed log2 likelihood of a count among `words` words, `vocabulary` tokens, smoothing `sf`. */
function smoothedLog2(count: number, words: number, vocabulary: number, sf: number): number {
  if (sf > 0) return Math.log2(count + sf) - Math.log2(words + vocabulary * sf);
  return count ? Math.log2(count) - Math.log2(words + vocabulary) : 0;
}

/** wink-helpers' `array.descendingOnValue`. */
function descendingOnValue(a: [string, number], b: [string, number]): number {
  return b[1] > a[1] ? 1 : b[1] === a[1] ? 0 : -1;
}
