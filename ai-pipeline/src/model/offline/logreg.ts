import { FNV_PRIME, fnv1a } from '../../util/fnv1a.js';
import { seededRandom } from '../../util/random.js';

/**
 * A multinomial logistic-regression scorer over sparse hashed features, trained in-process: word stems, character
 * n-grams of each word (robust to typos, compounds and inflection in any of the languages) and concept ids, each block
 * scaled to a fixed length so long texts and the many n-grams do not drown the few concepts. L2-regularised AdaGrad with
 * a fixed shuffle seed (the same examples give the same weights), class-weighted so a rare category is not under-learnt.
 */
export interface LogRegOptions {
  /** log2 of the number of hash buckets (weights: buckets × labels float32). */
  bucketBits: number;
  /** Character n-gram lengths of each word, e.g. [3, 5]; [0, 0] = none. */
  ngramRange: readonly [number, number];
  /** Block weights: the length of each block's feature vector (words, n-grams, concepts). */
  wordWeight: number;
  ngramWeight: number;
  conceptWeight: number;
  epochs: number;
  learningRate: number;
  /** L2 penalty per example step on the weights the example touches (lazy regularisation). */
  l2: number;
  /** Weight each example by total / (labels × its label's count), so every label weighs the same in the loss. */
  balanceClasses: boolean;
  /** Skip the update of an example whose label already has probability above 1 − tolerance (saves most late-epoch work). */
  tolerance: number;
  seed: number;
}

export const DEFAULT_LOGREG_OPTIONS: LogRegOptions = {
  bucketBits: 16,
  ngramRange: [3, 4],
  wordWeight: 1,
  ngramWeight: 1,
  conceptWeight: 1,
  epochs: 2,
  learningRate: 0.5,
  l2: 1e-4,
  balanceClasses: true,
  tolerance: 0.02,
  seed: 7,
};

/** What the scorer reads of a ticket (a subset of `Features`). */
export interface LogRegInput {
  tokens: readonly string[];
  concepts: ReadonlyArray<{ concept: { id: string } }>;
}

/** A sparse vector: bucket indices and their values. */
export interface SparseVector {
  index: Int32Array;
  value: Float32Array;
}


/** Character n-grams (lengths min…max) of a word marked with its boundaries: "<refund>" → "<re", "ref", …. */
export function charNgrams(word: string, min: number, max: number): string[] {
  if (min <= 0) return [];
  const marked = `<${word}>`;
  const out: string[] = [];
  for (let n = min; n <= max; n += 1) for (let i = 0; i + n <= marked.length; i += 1) out.push(marked.slice(i, i + n));
  return out;
}

const WORD_SEED = fnv1a('w:');
const NGRAM_SEED = fnv1a('g:');
const CONCEPT_SEED = fnv1a('c:');
const BIAS = fnv1a('b:bias');

/** The character code at position i of "<word>" (the word marked with its boundaries). */
function markedCode(word: string, i: number): number {
  if (i === 0) return 60;
  return i > word.length ? 62 : word.charCodeAt(i - 1);
}

/** Hashes of `charNgrams(word, min, max)` (the same values as fnv1a('g:' + ngram)), without making the strings. */
function ngramHashes(word: string, min: number, max: number, into: number[]): void {
  if (min <= 0) return;
  const length = word.length + 2;
  for (let i = 0; i + min <= length; i += 1) {
    let h = NGRAM_SEED;
    for (let n = 1; n <= max && i + n <= length; n += 1) {
      h = Math.imul(h ^ markedCode(word, i + n - 1), FNV_PRIME);
      if (n >= min) into.push(h >>> 0);
    }
  }
}

/** The hashed, block-normalised feature vector of one input (a bias feature included). */
export function hashFeatures(input: LogRegInput, options: LogRegOptions): SparseVector {
  const mask = (1 << options.bucketBits) - 1;
  const words: number[] = [];
  const ngrams: number[] = [];
  for (const w of new Set(input.tokens)) {
    words.push(fnv1a(w, WORD_SEED));
    if (!w.startsWith('#') && !w.startsWith('?')) ngramHashes(w, options.ngramRange[0], options.ngramRange[1], ngrams);
  }
  const concepts = [...new Set(input.concepts.map((m) => m.concept.id))].map((id) => fnv1a(id, CONCEPT_SEED));
  // Each block's distinct features get weight / √count; a bucket shared by several features adds their values.
  const buckets: number[] = [];
  const values: number[] = [];
  const addBlock = (hashes: number[], weight: number): void => {
    const distinct = [...new Set(hashes)];
    if (distinct.length === 0 || weight <= 0) return;
    const v = weight / Math.sqrt(distinct.length);
    for (const h of distinct) {
      buckets.push(h & mask);
      values.push(v);
    }
  };
  addBlock(words, options.wordWeight);
  addBlock(ngrams, options.ngramWeight);
  addBlock(concepts, options.conceptWeight);
  addBlock([BIAS], 1);
  return { index: Int32Array.from(buckets), value: Float32Array.from(values) };
}

/** A trained model: natural-log class probabilities for an input. */
export class LogRegScorer {
  constructor(
    private readonly weights: Float32Array,
    private readonly labels: number,
    private readonly options: LogRegOptions,
  ) {}

  logProbabilities(input: LogRegInput, vector?: SparseVector): number[] {
    const z = new Float64Array(this.labels);
    logits(this.weights, this.labels, vector ?? hashFeatures(input, this.options), z);
    return Array.from(logSoftmax(z));
  }
}

function logits(weights: Float32Array, labels: number, x: SparseVector, z: Float64Array): void {
  z.fill(0);
  const { index, value } = x;
  for (let j = 0; j < index.length; j += 1) {
    const base = index[j]! * labels;
    const v = value[j]!;
    for (let k = 0; k < labels; k += 1) z[k] = z[k]! + weights[base + k]! * v;
  }
}

/** Log-softmax in place. */
function logSoftmax(z: Float64Array): Float64Array {
  let max = -Infinity;
  for (const v of z) if (v > max) max = v;
  let sum = 0;
  for (const v of z) sum += Math.exp(v - max);
  const logSum = max + Math.log(sum);
  for (let k = 0; k < z.length; k += 1) z[k] = z[k]! - logSum;
  return z;
}

/**
 * Trains on (vector, label index) pairs. `vectors` are hashed with the same options (`hashFeatures`); pass them in so
 * callers that train several models on the same examples (cross-validation) hash each example once.
 */
export function trainLogReg(
  examples: ReadonlyArray<{ x: SparseVector; label: number }>,
  labels: number,
  options: LogRegOptions = DEFAULT_LOGREG_OPTIONS,
): LogRegScorer {
  const size = (1 << options.bucketBits) * labels;
  const weights = new Float32Array(size);
  // AdaGrad's sum of squared gradients, per weight; dropped after training.
  const squares = new Float32Array(size);
  const counts = new Array<number>(labels).fill(0);
  for (const e of examples) counts[e.label] = (counts[e.label] ?? 0) + 1;
  const present = counts.filter((c) => c > 0).length;
  const classWeight = counts.map((c) => (options.balanceClasses && c > 0 ? examples.length / (present * c) : 1));
  const order = examples.map((_, i) => i);
  const random = seededRandom(options.seed);
  const z = new Float64Array(labels);
  const { learningRate, l2 } = options;
  for (let epoch = 0; epoch < options.epochs; epoch += 1) {
    for (let i = order.length - 1; i > 0; i -= 1) {
      const j = Math.floor(random() * (i + 1));
      const t = order[i]!;
      order[i] = order[j]!;
      order[j] = t;
    }
    for (const i of order) {
      const { x, label } = examples[i]!;
      logits(weights, labels, x, z);
      logSoftmax(z);
      // An example already fitted (its label's probability within `tolerance` of 1) has next to no gradient: skipped.
      if (Math.exp(z[label]!) > 1 - options.tolerance) continue;
      const w = classWeight[label] ?? 1;
      // z becomes the loss gradient per label: weight × (p − [label]).
      for (let k = 0; k < labels; k += 1) z[k] = w * (Math.exp(z[k]!) - (k === label ? 1 : 0));
      const { index, value } = x;
      for (let j = 0; j < index.length; j += 1) {
        const base = index[j]! * labels;
        const v = value[j]!;
        for (let k = 0; k < labels; k += 1) {
          const at = base + k;
          const g = z[k]! * v + l2 * weights[at]!;
          const s = squares[at]! + g * g;
          squares[at] = s;
          if (s > 0) weights[at] = weights[at]! - (learningRate * g) / Math.sqrt(s);
        }
      }
    }
  }
  return new LogRegScorer(weights, labels, options);
}
