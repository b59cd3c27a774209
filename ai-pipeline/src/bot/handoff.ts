/**
 * The chat bot's decision for one customer message (pure; the I/O around it is jobs/bot-reply.ts, see the README's
 * "Chat bot" section): stay silent, answer from the help center, or hand over to a person.
 */

export const DEFAULT_BOT_MAX_TURNS = 4;
export const DEFAULT_BOT_MIN_CONFIDENCE = 0.6;

/** Phrases asking for a person, normalised (lower case, no accents). Short on purpose: the model's analysis adds the rest. */
const HUMAN_PHRASES: RegExp[] = [
  // English
  /\b(talk|speak|chat)\s+(to|with)\s+(a\s+)?(human|person|real person|agent|someone|somebody|support)\b/,
  /\b(real|human)\s+(person|agent|being)\b/,
  /\b(customer service|live agent|operator)\b/,
  // German
  /\b(mit\s+)?(einem|einer)\s+(menschen|mensch|person|mitarbeiter(in)?)\b.*\b(sprechen|reden|schreiben|chatten)\b/,
  /\b(echten?|realen?)\s+(menschen|person|mitarbeiter)\b/,
  // French
  /\b(parler|discuter)\s+(a|avec)\s+(un|une)\s+(humain|personne|conseiller|conseillere|agent)\b/,
  // Italian
  /\b(parlare|chattare)\s+con\s+(un|una)\s+(persona|operatore|operatrice|umano)\b/,
  // Spanish
  /\b(hablar|chatear)\s+con\s+(un|una)\s+(humano|persona|agente)\b/,
  // Dutch
  /\b(praten|spreken)\s+met\s+(een\s+)?(mens|medewerker|persoon)\b/,
  /\bmet\s+(een\s+)?(mens|medewerker|persoon)\s+(praten|spreken)\b/,
];

export function normalise(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/\s+/g, ' ').trim();
}

/** True when the message asks for a person, in one of the listed languages. */
export function asksForHuman(text: string): boolean {
  const t = normalise(text);
  return HUMAN_PHRASES.some((re) => re.test(t));
}

function words(text: string): Set<string> {
  return new Set(normalise(text).split(/[^\p{L}\p{N}]+/u).filter((w) => w.length > 1));
}

/** True when the message says (nearly) the same as one of the customer's earlier messages: the answer did not help. */
export function repeatsItself(text: string, earlier: string[]): boolean {
  const now = words(text);
  if (now.size === 0) return false;
  return earlier.some((e) => {
    const before = words(e);
    const common = [...now].filter((w) => before.has(w)).length;
    return common / Math.max(now.size, before.size) >= 0.8;
  });
}

export interface BotTurnFacts {
  status: string | null;
  assigneeId: number | null;
  /** A person (not the bot) has written a public message in the conversation. */
  humanReplied: boolean;
  /** The conversation carries `no-auto-reply` (the bot handed it over before, or an agent silenced the bot). */
  noAutoReplyLabel?: boolean;
  customerText: string;
  earlierCustomerTexts: string[];
  /** Answers the bot has already given in this conversation. */
  botTurns: number;
  maxTurns: number;
  /** The model could not be reached or gave nothing usable. */
  modelFailed: boolean;
  /** From the analysis (absent when the model failed). */
  sensitive: boolean;
  confidence: number;
  minConfidence: number;
  articleMatched: boolean;
}

export type BotAction = { kind: 'silent'; reason: string } | { kind: 'handover'; reason: string } | { kind: 'answer' };

/**
 * The part of the decision that needs no model call: silent (the conversation is not the bot's), or the hand-over
 * the customer asked for; null = the rest of decideBotTurn decides.
 */
export function precheckBotTurn(f: Pick<BotTurnFacts, 'status' | 'assigneeId' | 'humanReplied' | 'noAutoReplyLabel' | 'customerText'>): BotAction | null {
  if (f.status !== 'pending') return { kind: 'silent', reason: `the conversation is ${f.status ?? 'unknown'}, not pending` };
  if (f.assigneeId !== null) return { kind: 'silent', reason: 'a person is assigned' };
  if (f.humanReplied) return { kind: 'silent', reason: 'a person has replied' };
  if (f.noAutoReplyLabel) return { kind: 'silent', reason: 'the conversation has the label no-auto-reply' };
  if (asksForHuman(f.customerText)) return { kind: 'handover', reason: 'the customer asked for a person' };
  return null;
}

export function decideBotTurn(f: BotTurnFacts): BotAction {
  const early = precheckBotTurn(f);
  if (early) return early;
  const handover = (reason: string): BotAction => ({ kind: 'handover', reason });
  if (f.modelFailed) return handover('the model is unavailable');
  if (f.sensitive) return handover('sensitive category');
  if (f.botTurns >= f.maxTurns) return handover(`the bot has answered ${f.botTurns} times (BOT_MAX_TURNS)`);
  if (repeatsItself(f.customerText, f.earlierCustomerTexts)) return handover('the customer repeated themselves');
  if (!f.articleMatched) return handover('no help-center article matched');
  if (f.confidence < f.minConfidence) return handover(`confidence ${f.confidence.toFixed(2)} is below ${f.minConfidence.toFixed(2)}`);
  return { kind: 'answer' };
}

const HANDOVER_MESSAGES: Record<string, string> = {
  en: 'I am handing you over to a person from our team; they will reply here as soon as possible.',
  de: 'Ich gebe dich an eine Person aus unserem Team weiter; sie antwortet dir hier so bald wie möglich.',
  fr: 'Je vous transmets à une personne de notre équipe ; elle vous répondra ici dès que possible.',
  it: 'Ti passo a una persona del nostro team; ti risponderà qui il prima possibile.',
  es: 'Te paso con una persona de nuestro equipo; te responderá aquí lo antes posible.',
  nl: 'Ik geef je door aan een medewerker van ons team; die antwoordt hier zo snel mogelijk.',
};

/** What the bot tells the customer when it hands over, in their language (English otherwise). */
export function handoverMessage(language: string): string {
  return HANDOVER_MESSAGES[language] ?? HANDOVER_MESSAGES.en!;
}
