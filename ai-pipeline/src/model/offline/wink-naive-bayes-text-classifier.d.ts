// Minimal types for wink-naive-bayes-text-classifier 2.x (the package ships none); only what this module uses.
declare module 'wink-naive-bayes-text-classifier' {
  interface NaiveBayesTextClassifier {
    defineConfig(config: { considerOnlyPresence?: boolean; smoothingFactor?: number }): boolean;
    learn(tokens: string[], label: string): boolean;
    consolidate(): boolean;
    /** log2 odds per label, highest first; `[['unknown', 0]]` when no token is known. */
    computeOdds(tokens: string[]): Array<[string, number]>;
    predict(tokens: string[]): string;
  }
  function winkNaiveBayesTextClassifier(): NaiveBayesTextClassifier;
  export default winkNaiveBayesTextClassifier;
}
