/**
 * The offline model's id, written to triage records and notes: bumped whenever what it reads changes (features, cues,
 * lexicon, automatic-mail handling), so records made by different versions can be told apart. A module of its own so
 * the lazy provider in ../index.ts can name the model without loading (and training) the classifier.
 */
export const OFFLINE_MODEL_ID = 'offline-nb-4';
