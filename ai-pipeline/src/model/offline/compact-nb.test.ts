import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadDevTickets, loadTickets } from '../../tickets/ticket.js';
import { trainWinkNaiveBayes, type Features } from './classifier.js';
import { CompactNaiveBayes } from './compact-nb.js';
import { exampleFromTicket } from './index.js';
import type { NaiveBayesTextClassifier } from './wink.js';

const TICKETS_DIR = resolve(import.meta.dirname, '../../../../tickets');

/** The compact odds equal wink's exactly: same labels in the same order, the same floating-point values. */
function expectSameOdds(wink: NaiveBayesTextClassifier, compact: CompactNaiveBayes, tokens: string[]): void {
  expect(compact.computeOdds(tokens)).toStrictEqual(wink.computeOdds(tokens));
}

/** Tokens as the classifier gives them to naive Bayes: stems plus each concept twice. */
const nbTokens = (f: Features): string[] => [...f.tokens, ...f.concepts.flatMap((m) => [`#${m.concept.id}`, `#${m.concept.id}`])];

describe('the compact naive Bayes scorer', () => {
  // Hand-written, so this runs without tickets/. Labels first seen in the order b, a, then an integer-like one (which
  // object key order puts first), tokens that are Object.prototype names, a repeated token, non-Latin tokens.
  const training = [
    { tokens: ['crash', 'app', 'open', 'deck', 'crash'], label: 'b' },
    { tokens: ['refund', 'charg', 'twice', 'money'], label: 'a' },
    { tokens: ['how', 'share', 'deck', '?q', 'constructor'], label: 'a' },
    { tokens: ['error', 'export', 'app', '__proto__'], label: 'b' },
    { tokens: ['thank', 'love', 'app', 'toString'], label: '7' },
    { tokens: ['ошибк', 'приложен', 'crash', '退款'], label: 'b' },
    { tokens: ['dark', 'mode', 'how', '?q'], label: '7' },
    { tokens: [], label: 'a' },
  ];
  const wink = trainWinkNaiveBayes(training, 0.5)!;
  const compact = CompactNaiveBayes.fromWink(wink);

  it('finds every vocabulary token and nothing else, whatever the hash', () => {
    const vocabulary = [...new Set(training.flatMap((e) => e.tokens))];
    expect(compact.vocabularySize).toBe(vocabulary.length);
    expect(new Set(vocabulary.map((t) => compact.indexOf(t))).size).toBe(vocabulary.length);
    for (const t of ['', 'crash ', 'cras', 'hasOwnProperty', 'valueOf', '__proto__x', 'ошибка']) expect(compact.indexOf(t)).toBe(-1);
  });

  it("gives wink's odds and label order, known and unknown tokens mixed, repeats counted", () => {
    expect(compact.labels).toEqual(['7', 'b', 'a']);
    for (const tokens of [['crash'], ['crash', 'crash', 'app'], ['refund', 'never-seen', 'how'], ['constructor', 'toString', '__proto__'], ['退款', '?q', 'deck'], ['hasOwnProperty', 'crash']]) {
      expectSameOdds(wink, compact, tokens);
    }
  });

  it('finds each of thousands of tokens (long probe chains) and the same odds as wink for them', () => {
    const many = Array.from({ length: 3000 }, (_, i) => ({ tokens: [`w${i}`, `w${(i * 7) % 3000}`, `x${i % 50}`], label: i % 3 === 0 ? 'p' : 'q' }));
    const w = trainWinkNaiveBayes(many, 0.5)!;
    const c = CompactNaiveBayes.fromWink(w);
    expect(c.vocabularySize).toBe(3050);
    const indices = new Set<number>();
    for (let i = 0; i < 3000; i += 1) indices.add(c.indexOf(`w${i}`));
    expect(indices.size).toBe(3000);
    expect(indices.has(-1)).toBe(false);
    expect(c.indexOf('w3000')).toBe(-1);
    for (const tokens of [['w1', 'w2', 'x3'], ['w2999', 'x49', 'w2999', 'y'], ['x0']]) expectSameOdds(w, c, tokens);
  });

  it("says 'unknown' with odds 0 when no token is known, like wink", () => {
    for (const tokens of [[], ['never-seen'], ['hasOwnProperty', 'valueOf', 'crash2']]) {
      expect(wink.computeOdds(tokens)).toEqual([['unknown', 0]]);
      expect(compact.computeOdds(tokens)).toEqual([['unknown', 0]]);
    }
  });

  it("matches wink without smoothing too (wink's other branch)", () => {
    const unsmoothed = trainWinkNaiveBayes(training, 0)!;
    const c = CompactNaiveBayes.fromWink(unsmoothed);
    for (const tokens of [['crash', 'refund'], ['refund', 'crash'], ['dark', 'never-seen'], ['?q']]) expectSameOdds(unsmoothed, c, tokens);
  });

  it("matches wink on the sample tickets' categories and priorities, for their own and unseen (dev) tickets", async (ctx) => {
    if (!existsSync(TICKETS_DIR)) {
      ctx.skip('needs tickets/');
      return;
    }
    const trained = (await loadTickets(TICKETS_DIR)).map(exampleFromTicket);
    const unseen = (await loadDevTickets(TICKETS_DIR).catch(() => [])).map(exampleFromTicket);
    expect(trained.length).toBeGreaterThan(10);
    for (const label of ['category', 'priority'] as const) {
      const w = trainWinkNaiveBayes(
        trained.map((e) => ({ tokens: nbTokens(e.features), label: e[label] })),
        0.5,
      )!;
      const c = CompactNaiveBayes.fromWink(w);
      for (const e of [...trained, ...unseen]) expectSameOdds(w, c, nbTokens(e.features));
      expectSameOdds(w, c, ['no-such-token']);
    }
  });
});
