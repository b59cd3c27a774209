import type { ConceptMatch } from './concepts.js';
import type { Concept } from './lexicon.js';
import { normalizeText } from './text.js';

/**
 * Cues beyond single words and fixed phrases, found by looking at word order and at tokens the normaliser drops:
 * whether a money-back word is negated ("no refund needed", "kein Geld zurück") or only reported as not received yet
 * ("I still have not received my refund": still a refund request); money returned in other words ("give me back the
 * difference", "Betrag zurücküberweisen", "rendre l'argent"); an inability ("can't log in", "kan niet inloggen": a bug,
 * not a refund); an amount with its currency, a bank account number (IBAN) or an order number. Pure functions of the
 * text; the classifier receives them as concepts (lexicon weights and naive Bayes tokens) like the lexicon's own.
 */

export const MONEY_BACK: Concept = {
  id: 'money-back',
  english: 'wants money returned',
  categories: { 'refund-request': 2 },
  phrases: [],
};

/**
 * Money back asked for with a wish or demand word ("I want my money back", "bitte erstatten Sie", "je veux être
 * remboursé"). Heavy on purpose: by the labelling rules a bug complaint that demands the money back is a refund request,
 * and a long bug description otherwise outvotes the one sentence that decides the category.
 */
export const REFUND_DEMAND: Concept = {
  id: 'refund-demand',
  english: 'demands money back',
  categories: { 'refund-request': 4 },
  phrases: [],
};

export const REFUND_NEGATED: Concept = {
  id: 'refund-negated',
  english: 'says no refund is wanted',
  categories: { 'refund-request': -2.5, 'product-question': 1 },
  phrases: [],
};

export const CHARGE_NEGATED: Concept = {
  id: 'charge-negated',
  english: 'does not want to be charged again',
  categories: { 'product-question': 1, 'refund-request': -1 },
  phrases: [],
};

export const CANNOT: Concept = {
  id: 'cannot',
  english: 'cannot do something in the app',
  categories: { 'bug-report': 1 },
  phrases: [],
};

export const AMOUNT: Concept = {
  id: 'amount',
  english: 'names an amount',
  categories: { 'refund-request': 0.4 },
  phrases: [],
};

export const BANK_ACCOUNT: Concept = {
  id: 'bank-account',
  english: 'gives bank details',
  categories: { 'refund-request': 1.5 },
  phrases: [],
};

export const ORDER_NUMBER: Concept = {
  id: 'order-number',
  english: 'names an order number',
  categories: { 'refund-request': 0.5 },
  phrases: [],
};

/** Every cue concept, e.g. for listing features. */
export const CUE_CONCEPTS: readonly Concept[] = [MONEY_BACK, REFUND_DEMAND, REFUND_NEGATED, CHARGE_NEGATED, CANNOT, AMOUNT, BANK_ACCOUNT, ORDER_NUMBER];

/** Prefixes of words that ask for money back by themselves (normalised: lower case, no accents). */
const REFUND_WORDS = [
  'refund', 'reimburs', 'ruckerstatt', 'erstatt', 'ruckzahl', 'zuruckzahl', 'zuruckuberweis', 'zuruckbuch', 'ruckbuch',
  'terugbetal', 'terugstort', 'terugboek', 'rembours', 'rimbors', 'riaccredit', 'reembols', 'restitu', 'devoluc',
  'aterbetal', 'estorn', 'chargeback',
];
/** Words for money or a charge: "return" + one of these within a few words reads as money back. */
const MONEY_WORDS = [
  'money', 'amount', 'charge', 'charges', 'payment', 'difference', 'fee', 'geld', 'betrag', 'differenz', 'abbuchung', 'bedrag',
  'verschil', 'argent', 'montant', 'somme', 'difference', 'importe', 'dinero', 'diferencia', 'importo', 'soldi', 'differenza',
  'pengar', 'pengarna', 'beloppet', 'mellanskillnaden', 'dinheiro', 'valor', 'diferenca', '#amount',
  // Slang for money, and the purchase itself ("undo the purchase", "Kauf rückgängig machen").
  'cash', 'kohle', 'knete', 'poen', 'fric', 'thunes', 'pasta', 'grana', 'purchase', 'kauf', 'aankoop', 'achat',
  'acquisto', 'compra', 'kop',
];
/** Words that return something ("back", "zurück", "terug", "rendre", "devolver" …), matched as prefixes. */
const RETURN_WORDS = [
  'back', 'revers', 'zuruck', 'wiederhab', 'wiederbekomm', 'wiederkrieg', 'wieder', 'retour', 'terug', 'rendre', 'rendez', 'rendiez', 'restituer', 'devolv',
  'devuelv', 'indietro', 'restituir', 'tillbaka', 'volta', 'devolver', 'undo', 'ruckgangig', 'ongedaan',
];
/** Negation words in the supported languages (normalised). `t` is the tail of "don't", "can't" after normalisation. */
const NEGATORS = new Set([
  'no', 'not', 'never', 'dont', 'without', 'kein', 'keine', 'keinen', 'nicht', 'nie', 'ohne', 'geen', 'niet', 'nooit', 'zonder',
  'pas', 'aucun', 'aucune', 'sans', 'jamais', 'non', 'nessun', 'nessuna', 'senza', 'sin', 'ningun', 'ninguna', 'nunca', 'nao',
  'sem', 'nenhum', 'nenhuma', 'ingen', 'inte', 'aldrig', 'cant', 'cannot', 'didnt', 'doesnt', 'wont', 'isnt', 'havent', 'hasnt', 'wasnt',
]);
/** Verbs that hand money over: "give it back", "pay me back", "get it back", "krieg ich es wieder". */
const GIVING = new Set(['give', 'pay', 'paid', 'get', 'send', 'want', 'krieg', 'kriege', 'bekomme', 'kriegen', 'bekommen']);
/** English words that start like a return word but are not one. */
const NOT_RETURN = new Set(['background', 'backup', 'backend', 'backpack', 'backlog', 'backlink', 'backlinks', 'backward', 'backwards', 'returning']);
/** "can't find": a how-to question, not a bug. */
const FIND = new Set(['find', 'finden', 'finde', 'vinden', 'vind', 'trouve', 'trouver', 'trovo', 'trovare', 'encuentro', 'encontrar', 'hittar', 'encontro', 'acho', 'see', 'sehe']);
const NEGATED_TAIL_AFTER = new Set(['don', 'didn', 'doesn', 'won', 'can', 'isn', 'wasn', 'aren', 'wouldn', 'couldn']);
/** Words saying the refund was expected but has not arrived: the customer still wants it. */
const NOT_YET = new Set([
  'received', 'receive', 'got', 'yet', 'still', 'bekommen', 'erhalten', 'noch', 'gekregen', 'ontvangen', 'nog', 'recu', 'recue',
  'encore', 'toujours', 'ricevuto', 'ancora', 'recibido', 'todavia', 'aun', 'recebi', 'recebido', 'ainda', 'fatt', 'fick',
  'kommen', 'angekommen', 'arrived',
]);
/** Words saying "need/want" in a negated wish ("don't need a refund", "hoeft niet"). */
const WISH = new Set([
  'need', 'needed', 'want', 'asking', 'ask', 'brauche', 'brauch', 'notig', 'will', 'mochte', 'mochten', 'moechte', 'hoef', 'hoeft',
  'wil', 'nodig', 'besoin', 'veux', 'demande', 'necessaire', 'voglio', 'serve', 'chiedo', 'quiero', 'necesito', 'falta', 'pido',
  'quero', 'preciso', 'precisa', 'behover', 'behovs', 'vill', 'expect', 'erwarte', 'verwacht',
]);
/** Charge words (prefixes): "charged", "abgebucht", "afgeschreven", "prélevé" … */
const CHARGE_WORDS = [
  'charged', 'billed', 'charge', 'abgebucht', 'abbuchen', 'belastet', 'berechnet', 'afgeschreven', 'afschrijv', 'preleve', 'debite',
  'facture', 'addebitat', 'addebit', 'cobrad', 'cobrar', 'cobre', 'dragit', 'dras', 'debiterad', 'cobrad',
];
/** Before a negated charge these words mean it happened anyway ("charged without asking"). */
const WITHOUT = new Set(['without', 'ohne', 'zonder', 'sans', 'senza', 'sin', 'sem', 'utan']);

/** Ability words; negated they describe something the customer cannot do in the app. */
const ABILITY = new Set([
  'can', 'cannot', 'cant', 'could', 'able', 'unable', 'kann', 'kannst', 'konnen', 'konnte', 'kan', 'kun', 'lukt', 'lukte', 'peux',
  'peut', 'pouvons', 'arrive', 'reussis', 'riesco', 'posso', 'puo', 'puedo', 'puede', 'consigo', 'consegue', 'gar', 'funkar',
  'impossible', 'impossibile', 'imposible', 'impossivel', 'unmoglich', 'onmogelijk',
]);
/** Ability phrases that already carry their negation. */
const NEGATED_ABILITY_WORDS = new Set(['cannot', 'cant', 'unable', 'impossible', 'impossibile', 'imposible', 'impossivel', 'unmoglich', 'onmogelijk']);

const AMOUNT_PATTERN = /(?:(?:[€$£]|\b(?:eur|chf|usd|gbp|sek|r\$)\s?)\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur|euro|euros|chf|usd|gbp|sek|kr|r\$|fr)(?!\p{L}))/giu;
const IBAN_PATTERN = /\b[A-Z]{2}\d{2}(?:\s?[A-Z0-9]{4}){3,7}(?:\s?[A-Z0-9]{1,4})?\b/u;
const ORDER_PATTERN = /\b(?:GPA\.\d{4}-\d{4}-\d{4}-\d{4,5}|M[A-Z0-9]{9,11}|[A-Z]{1,4}-?\d{5,})\b|\b(?:order|bestell|auftrags|bestel|commande|ordine|pedido|ordern?|orden|rechnungs|invoice|factuur|facture)\w*\s*(?:number|nummer|nr|no|n°|numero|número|#)?\.?\s*:?\s*#?\s*[A-Z0-9-]*\d{4,}/iu;

/** One anchored regular expression per prefix list (faster than testing each prefix in turn). */
const prefixPatterns = new Map<readonly string[], RegExp>();

function startsWithAny(word: string, prefixes: readonly string[]): boolean {
  let pattern = prefixPatterns.get(prefixes);
  if (!pattern) {
    pattern = new RegExp(`^(?:${prefixes.map((p) => p.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')).join('|')})`, 'u');
    prefixPatterns.set(prefixes, pattern);
  }
  return pattern.test(word);
}

/** Words of normalised text with amounts replaced by the token `#amount` (so "zurück 9,99 €" is money). */
function cueWords(text: string): string[] {
  const withAmounts = text.replace(AMOUNT_PATTERN, ' #amount ');
  return normalizeText(withAmounts)
    .split(/[^\p{L}\p{N}#]+/u)
    .filter((w) => w !== '');
}

function isNegator(words: readonly string[], i: number): boolean {
  const w = words[i];
  if (w === undefined) return false;
  if (w === 't') return NEGATED_TAIL_AFTER.has(words[i - 1] ?? '');
  return NEGATORS.has(w);
}

function window(words: readonly string[], from: number, to: number): string[] {
  return words.slice(Math.max(0, from), Math.max(0, to));
}

/** How a refund word at index i reads: asked for, negated ("no refund needed"), or asked for again ("not received yet"). */
function refundReading(words: readonly string[], i: number): 'asked' | 'negated' {
  const before = window(words, i - 4, i);
  const after = window(words, i + 1, i + 5);
  if ([...before, ...after.slice(0, 2)].some((w) => NOT_YET.has(w))) return 'asked';
  const negatedBefore = before.some((_, k) => isNegator(words, i - before.length + k));
  const negatedAfter = after.some((_, k) => isNegator(words, i + 1 + k)) && after.some((w) => WISH.has(w));
  // "no refund", "keine Erstattung", "pas de remboursement": the negator is the word (or two) right before.
  const between = words[i - 1] ?? '';
  const determiner = isNegator(words, i - 1) || (isNegator(words, i - 2) && (['de', 'a', 'any', 'un', 'una', 'een', 'eine', 'mon', 'my'].includes(between) || MONEY_WORDS.includes(between)));
  const wishNegated = negatedBefore && before.some((w) => WISH.has(w));
  return determiner || wishNegated || negatedAfter ? 'negated' : 'asked';
}

/** Demand words near a money-back word: a wish ("want", "möchte", "veux"), a request ("please", "bitte", "graag") or an imperative. */
const DEMAND = new Set([
  'want', 'wanted', 'would', 'like', 'please', 'pls', 'plz', 'request', 'demand', 'expect', 'need', 'asking', 'ask',
  'will', 'mochte', 'mochten', 'bitte', 'fordere', 'verlange', 'erwarte', 'brauche', 'wil', 'wilt', 'graag', 'verzoek', 'eis',
  'veux', 'voudrais', 'souhaite', 'demande', 'merci', 'exige', 'voglio', 'vorrei', 'chiedo', 'prego', 'richiedo', 'quiero',
  'quisiera', 'solicito', 'pido', 'favor', 'exijo', 'quero', 'gostaria', 'peco', 'vill', 'skulle', 'begar', 'snalla',
]);

function demandedAt(words: readonly string[], i: number): boolean {
  return window(words, i - 8, i + 4).some((w) => DEMAND.has(w));
}

/** "Give me back the money", "Betrag zurücküberweisen", "rendre l'argent": a return word and a money word close together. */
function returnsMoney(words: readonly string[], i: number): boolean {
  const word = words[i] ?? '';
  if (!startsWithAny(word, RETURN_WORDS) || NOT_RETURN.has(word)) return false;
  // "back" and "wieder" are common words ("go back to the payment page", "wieder abgebucht"): they return money only
  // next to a money word ("money back", "die Kohle wieder") or after a giving verb ("give it back", "pay me back").
  if (word === 'back' || word === 'wieder') {
    const adjacent = [words[i - 1], words[i + 1], words[i + 2]].some((w) => w !== undefined && MONEY_WORDS.includes(w));
    return adjacent || window(words, i - 4, i).some((w) => GIVING.has(w));
  }
  return window(words, i - 4, i + 5).some((w) => MONEY_WORDS.includes(w));
}

/** "I don't want to be charged again", "dass nicht nochmals abgebucht wird": a worry about the next charge, not a dispute. */
function chargeNegatedAt(words: readonly string[], i: number): boolean {
  if (!startsWithAny(words[i] ?? '', CHARGE_WORDS)) return false;
  const before = window(words, i - 4, i);
  if (before.some((w) => WITHOUT.has(w))) return false;
  return before.some((_, k) => isNegator(words, i - before.length + k));
}

/** A negated ability: "can't open", "kann mich nicht anmelden", "lukt niet", "je n'arrive pas", "no puedo". */
function cannotAt(words: readonly string[], i: number): boolean {
  const w = words[i] ?? '';
  if (!ABILITY.has(w)) return false;
  if (window(words, i + 1, i + 4).some((x) => FIND.has(x))) return false;
  if (NEGATED_ABILITY_WORDS.has(w)) return true;
  for (let k = i - 2; k <= i + 3; k += 1) if (k !== i && isNegator(words, k)) return true;
  return false;
}

/** The cues of a text, as concept matches (empty when there are none). */
export function findCues(text: string): ConceptMatch[] {
  const words = cueWords(text);
  let asked = 0;
  let demanded = 0;
  let negated = 0;
  let moneyBack = 0;
  let cannot = 0;
  let amounts = 0;
  let charges = 0;
  let negatedCharges = 0;
  words.forEach((word, i) => {
    if (word === '#amount') amounts += 1;
    if (startsWithAny(word, REFUND_WORDS)) {
      if (refundReading(words, i) === 'negated') negated += 1;
      else {
        asked += 1;
        if (demandedAt(words, i)) demanded += 1;
      }
    } else if (returnsMoney(words, i)) {
      if (refundReading(words, i) === 'negated') negated += 1;
      else {
        moneyBack += 1;
        if (demandedAt(words, i)) demanded += 1;
      }
    }
    if (cannotAt(words, i)) cannot += 1;
    if (startsWithAny(word, CHARGE_WORDS)) {
      charges += 1;
      if (chargeNegatedAt(words, i)) negatedCharges += 1;
    }
  });
  const matches: ConceptMatch[] = [];
  if (negated > 0 && asked + moneyBack === 0) matches.push({ concept: REFUND_NEGATED, count: negated });
  if (asked + moneyBack > 0 && negated === 0) matches.push({ concept: MONEY_BACK, count: asked + moneyBack });
  if (demanded > 0 && negated === 0) matches.push({ concept: REFUND_DEMAND, count: demanded });
  if (negatedCharges > 0 && negatedCharges === charges) matches.push({ concept: CHARGE_NEGATED, count: negatedCharges });
  if (cannot > 0) matches.push({ concept: CANNOT, count: cannot });
  if (amounts > 0) matches.push({ concept: AMOUNT, count: amounts });
  if (IBAN_PATTERN.test(text)) matches.push({ concept: BANK_ACCOUNT, count: 1 });
  if (ORDER_PATTERN.test(text)) matches.push({ concept: ORDER_NUMBER, count: 1 });
  return matches;
}

/**
 * The lexicon's matches adjusted by the cues: when every money-back word of the text is negated, the lexicon's
 * `refund` match (which cannot see negation) is dropped, and likewise the charge concepts when every charge word is
 * negated ("so I am not charged again"); `money-back` counts only where the lexicon found no `refund`
 * (the same evidence is not counted twice); the other cue concepts are added.
 */
export function withCues(concepts: readonly ConceptMatch[], cues: readonly ConceptMatch[]): ConceptMatch[] {
  const ids = new Set(cues.map((m) => m.concept.id));
  const dropped = new Set([...(ids.has(REFUND_NEGATED.id) ? ['refund'] : []), ...(ids.has(CHARGE_NEGATED.id) ? ['unexpected-charge', 'double-charge'] : [])]);
  const kept = concepts.filter((m) => !dropped.has(m.concept.id));
  const refund = kept.some((m) => m.concept.id === 'refund');
  return [...kept, ...cues.filter((m) => !(refund && m.concept.id === MONEY_BACK.id))];
}
