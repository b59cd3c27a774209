import { createRequire } from 'node:module';

/** The parts of wink-naive-bayes-text-classifier 2.x (CommonJS, ships no types) that the offline classifier uses. */
export interface NaiveBayesTextClassifier {
  defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
  learn(tokens: string[], label: string): boolean;
  consolidate(): boolean;
  /** log2 odds per label, highest first; `[['unknown', 0]]` when no token is known. */
  computeOdds(tokens: string[]): Array<[string, number]>;
  predict(tokens: string[]): string;
  /** The learned state as JSON: `[config, samples per label, token counts per label, words per label, vocabulary]`. */
  exportJSON(): string;
}

const require = createRequire(import.meta.url);

export const winkNaiveBayes = require('wink-naive-bayes-text-classifier') as () => NaiveBayesTextClassifier;
