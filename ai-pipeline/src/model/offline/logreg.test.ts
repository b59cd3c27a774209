import { describe, expect, it } from 'vitest';
import { DEFAULT_CLASSIFIER_OPTIONS, trainClassifier, type LabelledExample } from './classifier.js';
import { fnv1a } from '../../util/fnv1a.js';
import { charNgrams, DEFAULT_LOGREG_OPTIONS, hashFeatures, trainLogReg, type LogRegInput } from './logreg.js';

const input = (tokens: string[], concepts: string[] = []): LogRegInput => ({ tokens, concepts: concepts.map((id) => ({ concept: { id } })) });

/** A toy set made up for these tests: label 0 says "alpha…", label 1 "beta…", label 2 "gamma…", with shared filler words. */
function toySet(): Array<{ input: LogRegInput; label: number }> {
  const filler = ['hello', 'please', 'thanks', 'today', 'team'];
  const stems = [['alpha', 'alphabet'], ['beta', 'betamax'], ['gamma', 'gammaray']];
  const out: Array<{ input: LogRegInput; label: number }> = [];
  for (let i = 0; i < 30; i += 1) {
    const label = i % 3;
    const own = stems[label] as string[];
    out.push({ input: input([filler[i % 5] as string, own[i % 2] as string, filler[(i + 2) % 5] as string], i % 4 === 0 ? [`c${label}`] : []), label });
  }
  return out;
}

const vectorised = (set: ReturnType<typeof toySet>, options = DEFAULT_LOGREG_OPTIONS): Array<{ x: ReturnType<typeof hashFeatures>; label: number }> =>
  set.map((e) => ({ x: hashFeatures(e.input, options), label: e.label }));

describe('hashing', () => {
  it('is stable: the same strings give the same buckets in every run', () => {
    // FNV-1a reference values (32 bit).
    expect(fnv1a('')).toBe(0x811c9dc5);
    expect(fnv1a('a')).toBe(0xe40c292c);
    expect(fnv1a('foobar')).toBe(0xbf9cf968);
    const a = hashFeatures(input(['rückerstatt', 'konto'], ['refund']), DEFAULT_LOGREG_OPTIONS);
    const b = hashFeatures(input(['konto', 'rückerstatt', 'konto'], ['refund', 'refund']), DEFAULT_LOGREG_OPTIONS);
    expect([...a.index].sort()).toEqual([...b.index].sort());
    expect([...a.index].every((i) => i >= 0 && i < 2 ** DEFAULT_LOGREG_OPTIONS.bucketBits)).toBe(true);
  });

  it('hashes character n-grams of each word, boundaries marked, as if the n-gram strings were hashed', () => {
    expect(charNgrams('geld', 3, 4)).toEqual(['<ge', 'gel', 'eld', 'ld>', '<gel', 'geld', 'eld>']);
    const options = { ...DEFAULT_LOGREG_OPTIONS, ngramRange: [3, 4] as const, wordWeight: 0, conceptWeight: 0 };
    const mask = 2 ** options.bucketBits - 1;
    const expected = charNgrams('geld', 3, 4).map((g) => fnv1a(`g:${g}`) & mask);
    const got = [...hashFeatures(input(['geld']), options).index];
    // The n-gram buckets plus the bias bucket.
    expect(got.slice(0, -1).sort()).toEqual(expected.sort());
  });

  it('gives each block the same length however many features it has, and skips tokens that are not words for n-grams', () => {
    const options = { ...DEFAULT_LOGREG_OPTIONS, ngramRange: [0, 0] as const, conceptWeight: 0 };
    const short = hashFeatures(input(['a1', 'b1']), options);
    const long = hashFeatures(input(['a1', 'b1', 'c1', 'd1', 'e1', 'f1', 'g1', 'h1']), options);
    const norm = (v: Float32Array): number => Math.sqrt([...v].slice(0, -1).reduce((s, x) => s + x * x, 0));
    expect(norm(short.value)).toBeCloseTo(1, 5);
    expect(norm(long.value)).toBeCloseTo(1, 5);
    const marked = hashFeatures(input(['#len-short', '?q']), DEFAULT_LOGREG_OPTIONS);
    expect(marked.index.length).toBe(3);
  });
});

describe('logistic regression', () => {
  it('learns a separable toy set, including words it saw only inflected (shared n-grams)', () => {
    const model = trainLogReg(vectorised(toySet()), 3);
    for (const e of toySet()) {
      const p = model.logProbabilities(e.input);
      expect(p.indexOf(Math.max(...p)), e.input.tokens.join(' ')).toBe(e.label);
    }
    // Unseen forms: "alphas", "betas" share most n-grams with the training words.
    const alphas = model.logProbabilities(input(['hello', 'alphas']));
    const betas = model.logProbabilities(input(['team', 'betas']));
    expect(alphas.indexOf(Math.max(...alphas))).toBe(0);
    expect(betas.indexOf(Math.max(...betas))).toBe(1);
    expect(alphas.reduce((s, l) => s + Math.exp(l), 0)).toBeCloseTo(1, 6);
  });

  it('trains deterministically: the same examples give the same probabilities', () => {
    const a = trainLogReg(vectorised(toySet()), 3);
    const b = trainLogReg(vectorised(toySet()), 3);
    const probe = input(['today', 'gammaray', 'alpha'], ['c2']);
    expect(a.logProbabilities(probe)).toEqual(b.logProbabilities(probe));
  });

  it('weights classes so a rare label is still learnt', () => {
    const common = Array.from({ length: 40 }, (_, i) => ({ input: input(['order', `item${i % 7}`, 'please']), label: 0 }));
    const rare = Array.from({ length: 4 }, () => ({ input: input(['order', 'refund', 'please']), label: 1 }));
    const model = trainLogReg(vectorised([...common, ...rare]), 2);
    const p = model.logProbabilities(input(['order', 'refund', 'please']));
    expect(p[1]).toBeGreaterThan(p[0] as number);
  });

  it('adds its scores to the offline classifier and keeps the temperature calibration', () => {
    const example = (tokens: string[], category: LabelledExample['category']): LabelledExample => ({
      features: { tokens, concepts: [], key: tokens.join(' ') },
      category,
      priority: 'low',
    });
    const examples = [
      ...Array.from({ length: 6 }, (_, i) => example(['geld', 'zuruck', `w${i}`], 'refund-request')),
      ...Array.from({ length: 6 }, (_, i) => example(['absturz', 'fehler', `w${i}`], 'bug-report')),
      ...Array.from({ length: 6 }, (_, i) => example(['frage', 'wie', `w${i}`], 'product-question')),
      ...Array.from({ length: 6 }, (_, i) => example(['danke', 'super', `w${i}`], 'other')),
    ];
    const withLr = trainClassifier(examples);
    const withoutLr = trainClassifier(examples, { ...DEFAULT_CLASSIFIER_OPTIONS, logRegWeight: 0 });
    // "gelder" was never seen whole: only the logistic regression's n-grams tie it to "geld".
    const probe = { tokens: ['gelder'], concepts: [], key: 'probe' };
    const refund = (c: typeof withLr): number => c.classify(probe).categoryProbabilities['refund-request'] ?? 0;
    expect(withLr.classify(probe).category).toBe('refund-request');
    expect(refund(withLr)).toBeGreaterThan(refund(withoutLr));
    expect(withLr.categoryTemperature).toBeGreaterThan(0);
    expect(Number.isFinite(withLr.categoryTemperature)).toBe(true);
  });
});
