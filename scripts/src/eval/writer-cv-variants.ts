/** The classifier variants compared by writer-cv.ts (leave-one-writer-out + dev) and measured by train-cost.ts. */
import { DEFAULT_CLASSIFIER_OPTIONS, type ClassifierOptions } from '../../../ai-pipeline/src/model/offline/classifier.js';
import { DEFAULT_LOGREG_OPTIONS, type LogRegOptions } from '../../../ai-pipeline/src/model/offline/logreg.js';

/** The default hybrid plus the logistic regression × `weight`, trained with `logReg` changed from its defaults. */
const withLogReg = (weight: number, logReg: Partial<LogRegOptions> = {}): Partial<ClassifierOptions> => ({
  logRegWeight: weight,
  logReg: { ...DEFAULT_LOGREG_OPTIONS, ...logReg },
});

export const VARIANTS: Record<string, Partial<ClassifierOptions>> = {
  // Naive Bayes + lexicon + logistic regression (n-grams 3–4, 2 epochs, 2^16 buckets, weight 1).
  default: {},
  // The default before the logistic regression: naive Bayes + lexicon only (with the sensitive floor).
  'nb-hybrid': { logRegWeight: 0 },
  // Without the floor for sensitive categories (refund-request chosen only when likeliest).
  'no-sensitive-floor': { chooseAt: {} },
  'nb-hybrid-no-floor': { logRegWeight: 0, chooseAt: {} },
  'nb-hybrid-prior-refund-.2': { logRegWeight: 0, classPrior: { ...DEFAULT_CLASSIFIER_OPTIONS.classPrior, 'refund-request': 0.2 } },
  'prior-refund-.2': { classPrior: { ...DEFAULT_CLASSIFIER_OPTIONS.classPrior, 'refund-request': 0.2 } },
  'logreg-alone': { variant: 'logreg' },
  'lr×0.5': withLogReg(0.5),
  'lr×2': withLogReg(2),
  'lr×4': withLogReg(4),
  'lr-words-only': withLogReg(1, { ngramRange: [0, 0] }),
  'lr-ng4': withLogReg(1, { ngramRange: [4, 4] }),
  'lr-ng3-5-8ep': withLogReg(1, { ngramRange: [3, 5], epochs: 8 }),
  'lr-ng3-5-4ep': withLogReg(1, { ngramRange: [3, 5], epochs: 4 }),
  'lr-ng3-5-8ep-2^18': withLogReg(1, { ngramRange: [3, 5], epochs: 8, bucketBits: 18 }),
  'lr-concepts×2': withLogReg(1, { conceptWeight: 2 }),
  'lr-l2-1e-3': withLogReg(1, { l2: 1e-3 }),
  'lr-unbalanced': withLogReg(1, { balanceClasses: false }),
  'lr-tolerance-0': withLogReg(1, { tolerance: 0 }),
  'lr-tolerance-.05': withLogReg(1, { tolerance: 0.05 }),
  'lr-3ep': withLogReg(1, { epochs: 3 }),
  'lr-4ep': withLogReg(1, { epochs: 4 }),
};
