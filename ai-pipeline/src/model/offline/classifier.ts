import { CATEGORIES, PRIORITIES, type Category, type Priority } from '../../triage/categories.js';
import { fitTemperature, softmax } from './calibration.js';
import { findConcepts, type ConceptMatch } from './concepts.js';
import { findCues, withCues } from './cues.js';
import { groupedFolds } from './folds.js';
import { ASKS_FOR_UPDATE, AUTOMATIC_MAIL, SAME_PROBLEM, THANKS_ONLY, UNREADABLE, type Concept } from './lexicon.js';
import { nudgeOf } from './nudge.js';
import { DEFAULT_LOGREG_OPTIONS, hashFeatures, trainLogReg, type LogRegOptions, type LogRegScorer, type SparseVector } from './logreg.js';
import { isAutomaticMail } from '../../triage/automatic-mail.js';
import { isReplySubject } from '../../util/mail-subject.js';
import { withoutDescribedSpeed } from './speed.js';
import { featureText, stems, words } from './text.js';
import { CompactNaiveBayes } from './compact-nb.js';
import { winkNaiveBayes, type NaiveBayesTextClassifier } from './wink.js';

/** What the classifier sees of one ticket. */
export interface Features {
  tokens: string[];
  concepts: ConceptMatch[];
  /** Grouping key for cross-validation (exact-duplicate texts share it). */
  key: string;
}

export interface LabelledExample {
  features: Features;
  category: Category;
  priority: Priority;
}

/**
 * How scores are formed (compared by cross-validation in scripts/src/eval/compare-classifiers.ts):
 * - 'text': naive Bayes on word stems only;
 * - 'lexicon': lexicon concept weights plus the class prior, no learning from words;
 * - 'text+concepts': naive Bayes on stems plus lexicon concept tokens;
 * - 'hybrid': 'text+concepts' plus the lexicon's own weights added to the scores (the default);
 * - 'logreg': the logistic-regression scorer alone (`logreg.ts`), whatever `logRegWeight` says.
 * Any variant but 'logreg' adds the logistic regression's log2-probabilities × `logRegWeight` when that is above 0.
 */
export type ScoringVariant = 'text' | 'lexicon' | 'text+concepts' | 'hybrid' | 'logreg';

export interface ClassifierOptions {
  variant: ScoringVariant;
  /** Multiplier of the lexicon weights in 'lexicon' and 'hybrid' scores (NB odds are in bits). */
  lexiconWeight: number;
  /** Times each matched concept token is repeated in the NB input. */
  conceptRepeat: number;
  /** Multiplier of the naive Bayes log-odds; below 1 keeps the (sparse, prior-heavy) word evidence from drowning the lexicon. */
  nbScale: number;
  /** Divide naive Bayes log-odds by √(number of known tokens), so long texts do not get overconfident. */
  nbLengthNormalise: boolean;
  /**
   * The share of each category in the traffic the model will see (e.g. from `npm run stats`); undefined = the training
   * tickets' own mix. Scores get log2(traffic share / training share), so a category over-represented in the
   * training tickets is not favoured for that alone. Used only when it names every configured category.
   */
  classPrior?: Partial<Record<Category, number>>;
  /** Multiplier of the lexicon's priority weights in the priority scores. */
  priorityLexiconWeight: number;
  /** Additive smoothing of naive Bayes. */
  smoothing: number;
  /** Folds of the internal cross-validation that fits the confidence temperature. */
  calibrationFolds: number;
  /** The categories to choose from (the configured ones); a category without examples is still a label. */
  categories: readonly Category[];
  /** Multiplier of the logistic regression's category log2-probabilities added to the scores; 0 = not trained. */
  logRegWeight: number;
  /** How the logistic regression is trained (used when `logRegWeight` > 0 or the variant is 'logreg'). */
  logReg: LogRegOptions;
  /**
   * A category chosen as soon as its calibrated probability reaches this, even when another category is likelier: a
   * missed refund request costs more (a customer waiting for money, a chargeback) than a refund label an agent removes.
   * The confidence stays that probability, so such a ticket is not routed as confidently as a clear one.
   */
  chooseAt?: Partial<Record<Category, number>>;
}

export const DEFAULT_CLASSIFIER_OPTIONS: ClassifierOptions = {
  variant: 'hybrid',
  lexiconWeight: 3,
  conceptRepeat: 2,
  nbScale: 2,
  nbLengthNormalise: true,
  priorityLexiconWeight: 1.5,
  smoothing: 0.5,
  calibrationFolds: 5,
  categories: CATEGORIES,
  logRegWeight: 1,
  logReg: DEFAULT_LOGREG_OPTIONS,
  // Flatter than tickets/ (55/20/10/15): held-out sets and real mailboxes have fewer product questions than tickets/, and
  // tickets/extra/ deliberately over-samples refunds, which must not make the model expect them more often than they come.
  classPrior: { 'product-question': 0.4, 'bug-report': 0.25, 'refund-request': 0.15, other: 0.2 },
};

export function extractFeatures(subject: string | null, rawText: string, language: string): Features {
  // Links, addresses and instructions to the triage system are not what the customer wants (featureText).
  const text = featureText(rawText);
  const subjectText = subject === null ? null : featureText(subject);
  // A reply (its subject the topic of the earlier mail, not of this one) that thanks, says the problem is solved or
  // withdraws the earlier mail is about that, not about what its subject still names. A forward's subject is the topic.
  const closing = subject !== null && isReplySubject(subject) && findConcepts(text).some((m) => STALE_SUBJECT.has(m.concept.id));
  // A nudge ("any update?", "+1", "toujours rien ?") names no topic of its own: the subject alone carries it, and the
  // nudge's words ("update", "news") say nothing about the category.
  const nudge = closing ? null : nudgeOf(text);
  const all = closing ? text : nudge !== null ? (subjectText ?? '') : `${subjectText ?? ''}\n${text}`;
  const tokens = stems(all, language);
  const question = text.includes('?');
  if (question) tokens.push('?q');
  const length = words(text).length;
  tokens.push(`#len-${lengthBucket(length)}`);
  const automatic = isAutomaticMail(subject, text);
  const found = withoutUrgencyHandOff(withoutSpeedDescribed(withoutExamModeDeadline(withoutHowToAboutRefund(withCues(findConcepts(all), findCues(all, language))), all), all), all, automatic);
  const concepts = automatic ? [...withoutRequests(found), { concept: AUTOMATIC_MAIL, count: 1 }] : withoutMoneyBackInOffer(found);
  if (nudge !== null && !automatic) concepts.unshift({ concept: nudge === 'update' ? ASKS_FOR_UPDATE : SAME_PROBLEM, count: 1 });
  // "+1" has no language, but it is read: the nudge, not an unreadable text.
  if (language === 'unknown' && nudge === null) concepts.push({ concept: UNREADABLE, count: 1 });
  if (!question && length <= THANKS_ONLY_MAX_WORDS && isThanksOnly(findConcepts(text))) concepts.push({ concept: THANKS_ONLY, count: 1 });
  return { tokens, concepts, key: rawText.trim().toLowerCase() };
}

/** The app's exam mode by name, in the languages of the lexicon: a feature, not an exam date. */
const EXAM_MODE =
  /(?<!\p{L})(exam[\s-]?mod(e|us)|mode (d['’])?examen|modo (de )?exam(en|e)|modalità (d['’])?esame|pr(ü|ue|u)fungs-?modus|examen-?modus|tentamen-?modus|provläge)(?!\p{L})/giu;

/**
 * "Der Prüfungsmodus stürzt ab" names a feature: the 'deadline' concept its exam word found goes, unless the text
 * still names an exam or a date once the feature names are taken out ("… und ich habe morgen Klausur").
 */
function withoutExamModeDeadline(concepts: ConceptMatch[], text: string): ConceptMatch[] {
  if (!concepts.some((m) => m.concept.id === 'deadline') || text.search(EXAM_MODE) === -1) return concepts;
  if (findConcepts(text.replace(EXAM_MODE, ' ')).some((m) => m.concept.id === 'deadline')) return concepts;
  return concepts.filter((m) => m.concept.id !== 'deadline');
}

/** The 'urgent' concept as the customer states it in `text`: speed adverbs count only where they ask for speed. */
function statedUrgency(text: string): ConceptMatch | undefined {
  return findConcepts(withoutDescribedSpeed(text) ?? text).find((m) => m.concept.id === 'urgent');
}

/**
 * "The app crashes immediately after login", "stürzt sofort ab": a speed adverb describing a failure states no urgency
 * (`speed.ts`). The 'urgent' concept is counted again without such adverbs, and goes when nothing else states it
 * ("please fix this immediately", "it is urgent").
 */
function withoutSpeedDescribed(concepts: ConceptMatch[], text: string): ConceptMatch[] {
  const urgent = concepts.find((m) => m.concept.id === 'urgent');
  const requested = urgent ? withoutDescribedSpeed(text) : null;
  if (requested === null) return concepts;
  const stated = findConcepts(requested).find((m) => m.concept.id === 'urgent');
  if (!stated) return concepts.filter((m) => m !== urgent);
  return concepts.map((m) => (m === urgent ? stated : m));
}

/** Urgency words as adjectives ("urgent", "dringende", "urgentes", "brådskande") or nouns ("emergency", "urgence", "Notfall"). */
const URGENCY_WORD = String.raw`(?:urg[eêé]n\p{L}*|dringend\p{L}*|emergenc\p{L}*|notf[aä]ll\p{L}*|spoed\p{L}*|noodgeval\p{L}*|brådskande|akut\p{L}*)`;
/** Nouns for a class of requests: "matters", "Anliegen", "zaken", "questions", "asuntos", "ärenden" … */
const REQUEST_CLASS = String.raw`(?:matters?|questions?|issues?|cases?|enquir\p{L}*|inquir\p{L}*|requests?|concerns?|anliegen|fragen|f[aä]llen?|angelegenheit\p{L}*|zaken|vragen|gevallen|kwesties|cas|demandes|affaires|questioni|casi|richieste|asuntos|casos|consultas|cuestiones|assuntos|quest[õo]es|pedidos|[äa]renden|fall|fr[åa]gor)`;
/**
 * A hand-off of urgent matters in general: a preposition, then within a few words an urgency word with a class of
 * requests ("for urgent matters", "bei dringenden Anliegen", "para asuntos urgentes", "voor dringende vragen") or an
 * urgency noun ("in case of emergency", "en cas d'urgence", "pour toute urgence", "per urgenze", "im Notfall").
 */
const URGENCY_HAND_OFF = new RegExp(
  String.raw`(?<!\p{L})(?:for|in|im|bei|f[üu]r|voor|pour|en|per|para|em|vid|i)[\s'’]+(?:\p{L}+[\s'’]+){0,3}?(?:${URGENCY_WORD}\s+(?:\p{L}+\s+)?${REQUEST_CLASS}|${REQUEST_CLASS}\s+${URGENCY_WORD}|(?:emergenc\p{L}*|urgen(?:ce|ces|za|ze|cia|cias)|urg[êe]ncias?|notf[aä]ll\p{L}*|spoed|noodgeval\p{L}*))(?!\p{L})`,
  'iu',
);
/**
 * Where to turn instead (a contact verb, a colon before an address or number, a phone number): "… please contact the
 * office", "… wenden Sie sich an", "… contacte a secretaria", "For urgent matters: 030 1234567".
 */
const CONTACT_INSTRUCTION =
  /(?<!\p{L})(?:contact\p{L}*|call|phone|ring|reach|write|e-?mail|wenden|wende|anruf\p{L}*|kontakt\p{L}*|telefon\p{L}*|bel|bellen|mailen|neem|appel\p{L}*|joindre|[ée]cri\p{L}*|chiam\p{L}*|contatt\p{L}*|scriv\p{L}*|rivolg\p{L}*|llam\p{L}*|escrib\p{L}*|dir[ií]j\p{L}*|contat\p{L}*|ligu\p{L}*|ligar|mejla|skriv\p{L}*)(?!\p{L})|:|\d{3,}/iu;

/**
 * "For urgent matters please contact …", "Para assuntos urgentes contacte a secretaria" in a signature, an auto-reply or
 * a quoted footer hands urgent matters on; it does not say this request is urgent. The 'urgent' concept goes when no
 * other sentence states urgency ("it is urgent", "bitte dringend"). Automatic mail states none of the customer's.
 */
function withoutUrgencyHandOff(concepts: ConceptMatch[], text: string, automatic: boolean): ConceptMatch[] {
  if (!concepts.some((m) => m.concept.id === 'urgent')) return concepts;
  if (!automatic) {
    const sentences = text.split(/(?<=[.!?])\s+|\n+/);
    const rest = sentences.filter((sentence) => !(URGENCY_HAND_OFF.test(sentence) && CONTACT_INSTRUCTION.test(sentence)));
    if (rest.length === sentences.length || statedUrgency(rest.join('\n')) !== undefined) return concepts;
  }
  return concepts.filter((m) => m.concept.id !== 'urgent');
}

/**
 * "How can I get my money back?" and "is there anything you can do about the charge?" ask for money, not how the
 * product works: when the text asks for money back (and does not say it wants none), its question phrasing is not
 * product-question evidence.
 */
function withoutHowToAboutRefund(concepts: ConceptMatch[]): ConceptMatch[] {
  const ids = new Set(concepts.map((m) => m.concept.id));
  const moneyBack = ['refund', 'money-back', 'charge-remedy', 'paid-unused'].some((id) => ids.has(id));
  if (!moneyBack || ids.has('no-refund-wanted') || ids.has('refund-negated')) return concepts;
  return concepts.filter((m) => m.concept.id !== 'how-to');
}

/**
 * Automatic mail (out-of-office, auto-responder or bounce, as `isAutomaticMail` reads it) asks nothing of support, however many topics it lists ("for
 * refunds contact finance", "urgent matters: call …"): its request concepts are dropped, so it reads as what it is.
 */
function withoutRequests(concepts: ConceptMatch[]): ConceptMatch[] {
  const request = (m: ConceptMatch): boolean => Object.entries(m.concept.categories).some(([c, w]) => c !== 'other' && (w ?? 0) > 0);
  return concepts.filter((m) => !request(m));
}

/** Money-back concepts, which in a sales pitch are the sender's promise ("results guaranteed or your money back"). */
const MONEY_BACK_IDS = new Set(['refund', 'money-back', 'refund-demand', 'closing-demand']);

/**
 * A sales pitch (spam, or partnership words at least twice: one "job" or "stage" is no pitch) promises money back; it
 * does not ask us for it.
 */
function withoutMoneyBackInOffer(concepts: ConceptMatch[]): ConceptMatch[] {
  const pitch = concepts.some((m) => m.concept.id === 'spam' || (m.concept.id === 'partnership' && m.count >= 2));
  if (!pitch) return concepts;
  return concepts.filter((m) => !MONEY_BACK_IDS.has(m.concept.id));
}

/** Coarse length of the customer's text in words: mobile one-liners and long mails read differently. */
function lengthBucket(n: number): string {
  if (n <= 3) return 'tiny';
  if (n <= 12) return 'short';
  if (n <= 60) return 'medium';
  return 'long';
}

/** Longest text (in words) that can be a thanks-only message. */
const THANKS_ONLY_MAX_WORDS = 12;

/** Concepts of a message that closes a conversation: thanks, praise, "it works now". */
const CLOSING = new Set(['feedback', 'resolved']);

/** Concepts of a reply whose subject names what no longer holds: closing words, or withdrawing the earlier mail. */
const STALE_SUBJECT = new Set([...CLOSING, 'retraction']);

/** A short text whose only support concepts are thanks or "solved": "Merci !", "Danke, hat funktioniert", "thx got it working". */
function isThanksOnly(concepts: readonly ConceptMatch[]): boolean {
  const closing = (m: ConceptMatch): boolean => CLOSING.has(m.concept.id);
  if (!concepts.some(closing)) return false;
  return concepts.every((m) => closing(m) || Object.values(m.concept.categories).every((w) => (w ?? 0) < 1));
}

type Weights<L extends string> = (concept: Concept) => Partial<Record<L, number>>;

/** Raw per-label scores (aligned with `labels`) for one set of labels, e.g. the four categories. */
class LabelScorer<L extends string> {
  private readonly nb: CompactNaiveBayes | null;
  private readonly logPrior: number[];

  constructor(
    private readonly labels: readonly L[],
    examples: Array<{ tokens: string[]; concepts: ConceptMatch[]; label: L }>,
    private readonly weights: Weights<L>,
    private readonly options: ClassifierOptions,
  ) {
    const counts = labels.map((l) => examples.filter((e) => e.label === l).length);
    const total = counts.reduce((a, b) => a + b, 0);
    this.logPrior = counts.map((c) => Math.log2((c + 1) / (total + labels.length)));
    this.nb = options.variant === 'lexicon' || options.variant === 'logreg' ? null : trainNaiveBayes(examples.map((e) => ({ tokens: this.nbTokens(e), label: e.label })), options);
  }

  private nbTokens(f: { tokens: string[]; concepts: ConceptMatch[] }): string[] {
    if (this.options.variant === 'text') return f.tokens;
    const conceptTokens = f.concepts.flatMap((m) => new Array<string>(this.options.conceptRepeat).fill(`#${m.concept.id}`));
    return [...f.tokens, ...conceptTokens];
  }

  private lexiconScores(concepts: ConceptMatch[]): number[] {
    return this.labels.map((label) =>
      concepts.reduce((sum, m) => sum + (this.weights(m.concept)[label] ?? 0) * Math.min(m.count, 2) ** 0.5, 0),
    );
  }

  scores(f: { tokens: string[]; concepts: ConceptMatch[] }): number[] {
    const lexicon = this.lexiconScores(f.concepts).map((s) => s * this.options.lexiconWeight);
    if (this.options.variant === 'lexicon' || !this.nb) return lexicon.map((s, i) => s + (this.logPrior[i] ?? 0));
    const tokens = this.nbTokens(f);
    const odds = new Map(this.nb.computeOdds(tokens));
    const scale = this.options.nbScale / (this.options.nbLengthNormalise ? Math.sqrt(Math.max(new Set(tokens).size, 1)) : 1);
    const nb = this.labels.map((l, i) => (odds.get(l) ?? this.logPrior[i] ?? 0) * scale);
    if (this.options.variant === 'hybrid') return nb.map((s, i) => s + (lexicon[i] ?? 0));
    return nb;
  }
}

/**
 * wink's naive Bayes trained on the examples (binarised, `smoothing` additive smoothing); null with fewer than two
 * labels or a tiny vocabulary, where naive Bayes has nothing to say (the lexicon still does).
 */
export function trainWinkNaiveBayes(examples: ReadonlyArray<{ tokens: string[]; label: string }>, smoothing: number): NaiveBayesTextClassifier | null {
  const nb = winkNaiveBayes();
  nb.defineConfig({ considerOnlyPresence: true, smoothingFactor: smoothing });
  for (const e of examples) if (e.tokens.length > 0) nb.learn(e.tokens, e.label);
  try {
    nb.consolidate();
    return nb;
  } catch {
    return null;
  }
}

/** The trained naive Bayes as the model keeps it: its compact form (same odds), the wink instance dropped. */
function trainNaiveBayes(examples: Array<{ tokens: string[]; label: string }>, options: ClassifierOptions): CompactNaiveBayes | null {
  const nb = trainWinkNaiveBayes(examples, options.smoothing);
  return nb ? CompactNaiveBayes.fromWink(nb) : null;
}

const categoryWeights: Weights<Category> = (c) => c.categories;
const priorityWeights: Weights<Priority> = (c) => c.priority ?? {};

function priorityInput(f: Features, category: Category): { tokens: string[]; concepts: ConceptMatch[] } {
  return { tokens: [...f.tokens, `#category-${category}`, `#category-${category}`], concepts: f.concepts };
}

/** Per-category score offsets that move the training tickets' category mix to the configured traffic mix. */
export function priorBias(categories: readonly Category[], examples: readonly LabelledExample[], target: ClassifierOptions['classPrior']): number[] {
  // A prior that does not name every configured category (a custom triage configuration) is not used.
  if (!target || examples.length === 0 || categories.some((c) => !((target[c] ?? 0) > 0))) return categories.map(() => 0);
  const share = (c: Category): number => (examples.filter((e) => e.category === c).length + 1) / (examples.length + categories.length);
  return categories.map((c) => Math.log2((target[c] ?? 1) / share(c)));
}

/** Hashed logistic-regression vectors of training features, shared by the models trained on the same examples. */
export type VectorCache = Map<Features, SparseVector>;

/** The logistic regression over the examples' categories (null without examples of a configured category). */
function trainCategoryLogReg(examples: readonly LabelledExample[], options: ClassifierOptions, vectors: VectorCache): LogRegScorer | null {
  const vector = (f: Features): SparseVector => {
    let x = vectors.get(f);
    if (!x) {
      x = hashFeatures(f, options.logReg);
      vectors.set(f, x);
    }
    return x;
  };
  const training = examples
    .map((e) => ({ features: e.features, label: options.categories.indexOf(e.category) }))
    .filter((e) => e.label >= 0)
    .map((e) => ({ x: vector(e.features), label: e.label }));
  return training.length > 0 ? trainLogReg(training, options.categories.length, options.logReg) : null;
}

/** The two raw scorers, without calibration. */
export class RawClassifier {
  readonly categories: readonly Category[];
  private readonly category: LabelScorer<Category>;
  private readonly priority: LabelScorer<Priority>;
  private readonly logReg: LogRegScorer | null;
  private readonly logRegWeight: number;
  private readonly logRegOnly: boolean;

  private readonly categoryBias: number[];

  constructor(examples: readonly LabelledExample[], options: ClassifierOptions, vectors: VectorCache = new Map()) {
    this.categories = options.categories;
    this.logRegOnly = options.variant === 'logreg';
    this.logRegWeight = this.logRegOnly ? 1 : options.logRegWeight;
    this.logReg = this.logRegWeight > 0 ? trainCategoryLogReg(examples, options, vectors) : null;
    this.categoryBias = priorBias(options.categories, examples, options.classPrior);
    this.category = new LabelScorer(
      options.categories,
      examples.map((e) => ({ ...e.features, label: e.category })),
      categoryWeights,
      options,
    );
    this.priority = new LabelScorer(
      PRIORITIES,
      examples.map((e) => ({ ...priorityInput(e.features, e.category), label: e.priority })),
      priorityWeights,
      { ...options, variant: options.variant === 'text' ? 'text' : 'hybrid', lexiconWeight: options.priorityLexiconWeight },
    );
  }

  /** `vector`: the logistic regression's hashed features of `f` when already at hand (cross-validation). */
  categoryScores(f: Features, vector?: SparseVector): number[] {
    const base = this.logRegOnly ? this.categories.map(() => 0) : this.category.scores(f);
    const logReg = this.logReg ? this.logReg.logProbabilities(f, vector).map((l) => (l / Math.LN2) * this.logRegWeight) : null;
    return base.map((s, i) => s + (logReg?.[i] ?? 0) + (this.categoryBias[i] ?? 0));
  }

  priorityScores(f: Features, category: Category): number[] {
    return this.priority.scores(priorityInput(f, category));
  }
}

export interface Classification {
  category: Category;
  /** Calibrated probability of `category`. */
  confidence: number;
  categoryProbabilities: Record<Category, number>;
  priority: Priority;
  priorityConfidence: number;
}

function argmax(values: readonly number[]): number {
  let best = 0;
  values.forEach((v, i) => {
    if (v > (values[best] ?? -Infinity)) best = i;
  });
  return best;
}

/**
 * How likely a sensitive category (by default refund-request) must be for the offline model to choose it over a
 * likelier one. Set on writers the cues were never tuned on (leave-one-writer-out over u, v, w in
 * scripts/src/eval/writer-cv.ts): refund recall 0.83 → 0.90 there, category accuracy unchanged, refund precision
 * 0.91 → 0.87. Such a ticket keeps its low confidence, so it goes to needs-triage rather than being routed.
 */
export const SENSITIVE_CHOOSE_AT = 0.2;

/** `chooseAt` for the configured sensitive categories. */
export function sensitiveChooseAt(sensitive: readonly Category[]): Partial<Record<Category, number>> {
  return Object.fromEntries(sensitive.map((c) => [c, SENSITIVE_CHOOSE_AT]));
}

/** The index of the category to choose: the likeliest of those at or above their `chooseAt` floor, else the likeliest. */
export function chosenCategory(categories: readonly Category[], probs: readonly number[], chooseAt: ClassifierOptions['chooseAt'] = {}): number {
  let best = -1;
  categories.forEach((c, i) => {
    const floor = chooseAt[c];
    if (floor !== undefined && (probs[i] ?? 0) >= floor && (best < 0 || (probs[i] ?? 0) > (probs[best] ?? 0))) best = i;
  });
  return best >= 0 ? best : argmax(probs);
}

/** A trained category + priority classifier with a calibrated confidence. */
export class OfflineClassifier {
  constructor(
    private readonly raw: RawClassifier,
    readonly categoryTemperature: number,
    readonly priorityTemperature: number,
    private readonly chooseAt: ClassifierOptions['chooseAt'] = {},
  ) {}

  classify(f: Features): Classification {
    const categoryProbs = softmax(this.raw.categoryScores(f), this.categoryTemperature);
    const categories = this.raw.categories;
    const c = chosenCategory(categories, categoryProbs, this.chooseAt);
    const category = categories[c] as Category;
    const priorityProbs = softmax(this.raw.priorityScores(f, category), this.priorityTemperature);
    const p = argmax(priorityProbs);
    return {
      category,
      confidence: categoryProbs[c] ?? 0,
      categoryProbabilities: Object.fromEntries(categories.map((k, i) => [k, categoryProbs[i] ?? 0])) as Record<Category, number>,
      priority: PRIORITIES[p] as Priority,
      priorityConfidence: priorityProbs[p] ?? 0,
    };
  }
}

/**
 * Trains on the examples, then fits the softmax temperatures on out-of-fold scores of an internal grouped
 * cross-validation, so the confidence is a probability measured on tickets the scorer did not see.
 */
export function trainClassifier(
  examples: readonly LabelledExample[],
  options: ClassifierOptions = DEFAULT_CLASSIFIER_OPTIONS,
): OfflineClassifier {
  // Each example is hashed once for the final model and every calibration fold; the cache is dropped after training.
  const vectors: VectorCache = new Map();
  const raw = new RawClassifier(examples, options, vectors);
  const k = Math.min(options.calibrationFolds, examples.length);
  if (k < 2) return new OfflineClassifier(raw, 1, 1, options.chooseAt);
  const fold = groupedFolds(examples, k, (e) => e.features.key, (e) => e.category);
  const catScores: number[][] = [];
  const catTruth: number[] = [];
  const priScores: number[][] = [];
  const priTruth: number[] = [];
  for (let f = 0; f < k; f += 1) {
    const train = examples.filter((_, i) => fold[i] !== f);
    const test = examples.filter((_, i) => fold[i] === f);
    if (train.length === 0 || test.length === 0) continue;
    const model = new RawClassifier(train, options, vectors);
    for (const e of test) {
      const scores = model.categoryScores(e.features, vectors.get(e.features));
      catScores.push(scores);
      catTruth.push(options.categories.indexOf(e.category));
      const predicted = options.categories[argmax(scores)] as Category;
      priScores.push(model.priorityScores(e.features, predicted));
      priTruth.push(PRIORITIES.indexOf(e.priority));
    }
  }
  return new OfflineClassifier(raw, fitTemperature(catScores, catTruth), fitTemperature(priScores, priTruth), options.chooseAt);
}
