import type { ConceptMatch } from './concepts.js';
import type { Concept } from './lexicon.js';
import { normalizeText } from './text.js';

/**
 * Cues beyond single words and fixed phrases, found by looking at word order and at tokens the normaliser drops:
 * whether a money-back word is negated ("no refund needed", "kein Geld zurück") or only reported as not received yet
 * ("I still have not received my refund": still a refund request); money returned in other words ("give me back the
 * difference", "Betrag zurücküberweisen", "rendre l'argent"); an inability ("can't log in", "kan niet inloggen": a bug,
 * not a refund); an amount with its currency, a bank account number (IBAN) or an order number; money-back words that are
 * not a request of this customer to us (a refund *policy* asked about before buying, "my employer reimburses me");
 * a paid period left unused or a charge with a plea for a remedy ("is there anything you can do?"). Demand words are
 * looked for in the whole sentence of a money-back word, so "Ich erwarte, dass Sie mir den Betrag für den Rest des
 * Jahres zurückbuchen" is a demand. Pure functions of the text; the classifier receives them as concepts (lexicon
 * weights and naive Bayes tokens) like the lexicon's own.
 */


/** A concept that no lexicon phrase finds, only a cue below (so it has no phrases of its own). */
function cueConcept(id: string, english: string, categories: Concept['categories']): Concept {
  return { id, english, categories, phrases: [] };
}

export const MONEY_BACK = cueConcept('money-back', 'wants money returned', { 'refund-request': 2 });

/**
 * Money back asked for with a wish or demand word ("I want my money back", "bitte erstatten Sie", "je veux être
 * remboursé"). Heavy on purpose: by the labelling rules a bug complaint that demands the money back is a refund request,
 * and a long bug description otherwise outvotes the one sentence that decides the category.
 */
export const REFUND_DEMAND = cueConcept('refund-demand', 'demands money back', { 'refund-request': 4 });

/**
 * The money-back demand is among the last sentences of the text: where a customer says what they want after describing
 * what went wrong ("… Ich hoffe, Sie finden den Fehler. Und … wäre es nett, wenn Sie mir die Monatsgebühr erstatten
 * könnten."). Comes on top of `refund-demand`, so a long bug description does not outvote the request that decides.
 */
export const CLOSING_DEMAND = cueConcept('closing-demand', 'ends by demanding money back', { 'refund-request': 3 });

export const REFUND_NEGATED = cueConcept('refund-negated', 'says no refund is wanted', { 'refund-request': -2.5, 'product-question': 1 });

export const CHARGE_NEGATED = cueConcept('charge-negated', 'does not want to be charged again', { 'product-question': 1, 'refund-request': -1 });

export const CANNOT = cueConcept('cannot', 'cannot do something in the app', { 'bug-report': 1 });

export const AMOUNT = cueConcept('amount', 'names an amount', { 'refund-request': 0.4 });

export const BANK_ACCOUNT = cueConcept('bank-account', 'gives bank details', { 'refund-request': 1.5 });

export const ORDER_NUMBER = cueConcept('order-number', 'names an order number', { 'refund-request': 0.5 });

/** Money-back words that are not this customer asking us: a refund policy asked about, or a third party that pays back. */
export const REFUND_ELSEWHERE = cueConcept('refund-elsewhere', 'asks about refund terms or a reimbursement by someone else', { 'refund-request': -2, 'product-question': 1 });

/** A refund the customer says has come ("thanks, the refund arrived"): nothing left to ask. */
export const REFUND_RECEIVED = cueConcept('refund-received', 'says a refund has arrived', { 'refund-request': -2, other: 1 });

/** A paid period the customer says went unused ("paying for two months I never used", "nie genutzt") next to a charge. */
export const PAID_UNUSED = cueConcept('paid-unused', 'paid for time they did not use', { 'refund-request': 1.5 });

/** A charge and a plea for a remedy without the word refund ("is there anything you can do?", "kann man da was machen?"). */
export const CHARGE_REMEDY = cueConcept('charge-remedy', 'asks for a remedy for a charge', { 'refund-request': 1.5 });

/** A child's or minor's purchase: a child named next to a purchase, payment or charge ("my son bought Pro on my card"). */
export const CHILD_PURCHASE = cueConcept('child-purchase', 'a child made the purchase', { 'refund-request': 1.5 });

/**
 * A customer who paid asks for what they paid for to be switched on ("Bitte freischalten", "kunnen jullie Pro activeren?"),
 * not for the money: paid but not unlocked is a fault to fix, unless money back is asked for too.
 */
export const ACCESS_DEMAND = cueConcept('access-demand', 'asks for a paid plan to be unlocked', { 'bug-report': 1.5, 'refund-request': -1 });

/** Every cue concept, e.g. for listing features. */
export const CUE_CONCEPTS: readonly Concept[] = [
  MONEY_BACK, REFUND_DEMAND, CLOSING_DEMAND, REFUND_NEGATED, REFUND_ELSEWHERE, REFUND_RECEIVED, CHARGE_NEGATED, PAID_UNUSED, CHARGE_REMEDY, CHILD_PURCHASE, ACCESS_DEMAND, CANNOT, AMOUNT, BANK_ACCOUNT, ORDER_NUMBER,
];

/** Prefixes of words that ask for money back by themselves (normalised: lower case, no accents). */
const REFUND_WORDS = [
  'refund', 'reimburs', 'ruckerstatt', 'erstatt', 'ruckzahl', 'zuruckzahl', 'zuruckuberweis', 'zuruckbuch', 'ruckbuch',
  'terugbetal', 'terugstort', 'terugboek', 'rembours', 'rimbors', 'riaccredit', 'reembols', 'restitu', 'devoluc',
  'aterbetal', 'estorn', 'chargeback', 'gutschreib', 'gutgeschrieb', 'recredit', 'crediteer', 'crediter', 'storner', 'reintegr', 'ressarc',
  // German zu-infinitives of the separable verbs above ("bitte ich Sie, mir den Betrag zurückzuzahlen / gutzuschreiben").
  'ruckzuerstatt', 'zuruckzuerstatt', 'zuruckzuzahl', 'zuruckzuuberweis', 'zuruckzubuch', 'gutzuschreib',
];
/**
 * Paid periods: given back they are money ("Buchen Sie mir November und Dezember zurück", "qu'on me rende mes deux
 * derniers mois"), but "back" next to one is not ("back in November", "a month back").
 */
const PERIOD_WORDS = new Set([
  'month', 'months', 'monat', 'monate', 'monats', 'maand', 'maanden', 'mois', 'mese', 'mesi', 'meses', 'year', 'jahr', 'jahres', 'jaar',
  'annee', 'anno', 'ano', 'january', 'february', 'march', 'april', 'june', 'july', 'august',
  'september', 'october', 'november', 'december', 'januar', 'februar', 'marz', 'juni', 'juli', 'oktober', 'dezember', 'januari',
  'februari', 'maart', 'mei', 'augustus', 'janvier', 'fevrier', 'mars', 'avril', 'juin', 'juillet', 'aout', 'septembre', 'octobre',
  'novembre', 'decembre', 'gennaio', 'febbraio', 'marzo', 'aprile', 'maggio', 'giugno', 'luglio', 'agosto', 'settembre', 'ottobre',
  'dicembre', 'enero', 'febrero', 'abril', 'mayo', 'junio', 'julio', 'septiembre', 'octubre', 'noviembre', 'diciembre',
]);
/** Words for money or a charge (the paid periods among them): "return" + one of these within a few words reads as money back. */
const MONEY_WORDS = new Set([
  'money', 'amount', 'charge', 'charges', 'payment', 'difference', 'fee', 'geld', 'betrag', 'differenz', 'abbuchung', 'bedrag',
  'verschil', 'argent', 'montant', 'somme', 'difference', 'importe', 'dinero', 'diferencia', 'importo', 'soldi', 'differenza',
  'pengar', 'pengarna', 'beloppet', 'mellanskillnaden', 'dinheiro', 'valor', 'diferenca', '#amount',
  // Slang for money, and the purchase itself ("undo the purchase", "Kauf rückgängig machen", "ångra köpet"). Not Spanish
  // "pasta" (also food and paste) nor "kop" (Swedish köp, but Dutch for cup and head).
  'cash', 'kohle', 'knete', 'poen', 'centen', 'duiten', 'fric', 'thunes', 'grana', 'plata', 'purchase', 'kauf', 'aankoop', 'achat',
  'acquisto', 'compra', 'kopet',
  // Fees and currencies: "die Gebühr für November zurück", "the 12 euros back".
  'fee', 'fees', 'gebuhr', 'gebuhren', 'beitrag', 'monatsbeitrag', 'kosten', 'frais', 'costo', 'quota', 'cuota', 'taxa', 'mensalidade',
  'avgift', 'euro', 'euros', 'dollars', 'pounds',
  ...PERIOD_WORDS,
]);
/**
 * Words that return something ("back", "zurück", "terug", "rendre", "devolver" …), matched as prefixes. German "wieder"
 * only as a whole word (not "wiederholen", "wiederherstellen": repeat, restore).
 */
const RETURN_WORDS = [
  'back', 'revers', 'zuruck', 'wiederhab', 'wiederbekomm', 'wiederkrieg', 'retour', 'terug', 'rendre', 'rendez', 'rendiez', 'restituer', 'devolv',
  'devuelv', 'indietro', 'restituir', 'tillbaka', 'volta', 'devolver', 'undo', 'ruckgangig', 'ongedaan',
  // Italian "want / have / give back" in one word ("rivoglio i soldi", "riavere", "ridatemi"), French "qu'on me rende".
  'rivogli', 'rivorre', 'riaver', 'ridat', 'ridar', 'rende',
];
/** Where returned money goes: "wieder auf meinem Konto", "terug op mijn rekening", "back on my card". */
const ACCOUNT_WORDS = new Set([
  'konto', 'bankkonto', 'rekening', 'bankrekening', 'compte', 'conto', 'cuenta', 'conta', 'card', 'karte', 'kreditkarte', 'kaart',
  'creditcard', 'carte', 'carta', 'cartao', 'tarjeta', 'kort',
]);
/** Verbs whose separable particle ("zurück", "terug") makes them pay back: "Buchen Sie mir … zurück", "stort het … terug". */
const SEPARABLE_MONEY_VERBS = ['buch', 'zahl', 'uberweis', 'boek', 'stort', 'betaal'];
/** Return words that undo a charge by themselves ("reverse this", "undo it", "rückgängig machen") when the text names a charge. */
const UNDO_WORDS = ['revers', 'undo', 'ruckgangig', 'ongedaan'];
/** Negation words in the supported languages (normalised). `t` is the tail of "don't", "can't" after normalisation. */
const NEGATORS = new Set([
  'no', 'not', 'never', 'dont', 'without', 'kein', 'keine', 'keinen', 'nicht', 'nie', 'ohne', 'geen', 'niet', 'nooit', 'zonder',
  'pas', 'ne', 'n', 'aucun', 'aucune', 'sans', 'jamais', 'non', 'nessun', 'nessuna', 'senza', 'sin', 'ningun', 'ninguna', 'nunca', 'nao',
  'sem', 'nenhum', 'nenhuma', 'ingen', 'inte', 'aldrig', 'cant', 'cannot', 'didnt', 'doesnt', 'wont', 'isnt', 'havent', 'hasnt', 'wasnt',
  'nem',
]);
/**
 * Negators of Portuguese text: "no" there is "em" + "o" ("in the": "caiu no cartão"), never a negation ("não" is), so it
 * is left out; the other languages keep it ("no refund", "no me ha llegado").
 */
const PORTUGUESE_NEGATORS: ReadonlySet<string> = new Set([...NEGATORS].filter((w) => w !== 'no'));

/** The negation words of text in `language` (an ISO 639-1 code, or 'unknown': every language's). */
function negatorsOf(language: string): ReadonlySet<string> {
  return language === 'pt' ? PORTUGUESE_NEGATORS : NEGATORS;
}
/** Verbs that hand money over: "give it back", "pay me back", "get it back", "krieg ich es wieder". */
const GIVING = new Set(['give', 'pay', 'paid', 'get', 'send', 'want', 'credit', 'krieg', 'kriege', 'bekomme', 'kriegen', 'bekommen']);
/** English words that start like a return word but are not one. */
const NOT_RETURN = new Set(['background', 'backup', 'backend', 'backpack', 'backlog', 'backlink', 'backlinks', 'backward', 'backwards', 'returning']);
/** "can't find": a how-to question, not a bug. */
const FIND = new Set(['find', 'finden', 'finde', 'vinden', 'vind', 'trouve', 'trouver', 'trovo', 'trovare', 'encuentro', 'encontrar', 'hittar', 'encontro', 'acho', 'see', 'sehe']);
const NEGATED_TAIL_AFTER = new Set(['don', 'didn', 'doesn', 'won', 'can', 'isn', 'wasn', 'aren', 'wouldn', 'couldn', 'haven', 'hasn', 'hadn', 'weren']);
/** Words saying a refund is still awaited ("still", "noch", "nog", "encore"): the customer still wants it. */
const STILL = new Set(['yet', 'still', 'noch', 'nog', 'encore', 'toujours', 'ancora', 'todavia', 'aun', 'ainda', 'fortfarande', 'annu']);
/**
 * Words saying a refund came ("received", "erhalten", "ontvangen", "reçu", "arrived"): negated, questioned or still
 * awaited it is asked for again ("I haven't received my refund"); else it is done ("Thanks, the refund arrived").
 */
const RECEIVED = new Set([
  'received', 'got', 'bekommen', 'erhalten', 'gekregen', 'ontvangen', 'recu', 'recue', 'ricevuto', 'recibido', 'recebi', 'recebido', 'fatt',
  'fick', 'angekommen', 'eingegangen', 'gutgeschrieben', 'arrived', 'binnen', 'arrive', 'arrivato', 'arrivata', 'llegado', 'chegou', 'kommen',
  'aangekomen', 'gekomen', 'arrivee', 'arrives', 'arrivati', 'ricevuta', 'ricevuti', 'llego', 'recibi', 'caiu', 'entrou', 'kam',
]);
/**
 * A state verb right before a return word ("het bedrag staat weer op mijn rekening", "das Geld ist wieder auf dem
 * Konto", "the money is back on my card"): the money is back, unless the sentence asks or demands it.
 */
const STATE = new Set(['is', 'ist', 'staat', 'est', 'sind', 'zijn', 'staan', 'sont', 'sono', 'esta', 'estan', 'sta', 'stanno', 'are']);
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
  'could', 'couldn', 'konnten', 'kon', 'konden', 'kunnen', 'pu', 'pouvait', 'pouvaient', 'peuvent', 'potuto', 'riuscito', 'riuscita', 'pude',
  'pudo', 'pudieron', 'consegui', 'conseguiu', 'kunde',
  'impossible', 'impossibile', 'imposible', 'impossivel', 'unmoglich', 'onmogelijk',
]);
/** Ability phrases that already carry their negation. */
const NEGATED_ABILITY_WORDS = new Set(['cannot', 'cant', 'unable', 'impossible', 'impossibile', 'imposible', 'impossivel', 'unmoglich', 'onmogelijk']);

const AMOUNT_PATTERN = /(?:(?:[€$£]|\b(?:eur|chf|usd|gbp|sek|r\$)\s?)\s?\d+(?:[.,]\d{1,2})?|\d+(?:[.,]\d{1,2})?\s?(?:€|\$|£|eur|euro|euros|chf|usd|gbp|sek|kr|r\$|fr)(?!\p{L}))/giu;
/** A price without its currency, written with a decimal comma ("die 12,99", "altri 11,99"): not a date, time or version. */
const BARE_PRICE = /(?<!\b(?:version|versie|versione|versión|versão|v)\s?)(?<![\d.,:/-])\d{1,4},\d{2}(?![\d,]|\.\d)/giu;
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

/** Sentence ends: . ! ? ; (a decimal point between digits is not one; line breaks become ";" first). */
const SENTENCE_ENDS = /(?<!\d)[.!?;]+|[.!?;]+(?!\d)/gu;

/** The text's words and, for each, the number of its sentence. */
interface CueText {
  words: string[];
  sentence: number[];
  /** Numbers of the sentences that end with a question mark. */
  questions: Set<number>;
  /** The negation words of the text's language. */
  negators: ReadonlySet<string>;
}

/** Words of normalised text with amounts replaced by the token `#amount` (so "zurück 9,99 €" is money), with sentence numbers. */
function cueWords(text: string, language: string): CueText {
  const words: string[] = [];
  const sentence: number[] = [];
  const questions = new Set<number>();
  // Normalised once (line breaks kept as sentence ends), then split into sentences and words.
  const normal = normalizeText(text.replace(AMOUNT_PATTERN, ' #amount ').replace(BARE_PRICE, ' #amount ').replace(/\n/g, ' ; '));
  let n = 0;
  let from = 0;
  const add = (part: string, end: string): void => {
    for (const w of part.split(/[^\p{L}\p{N}#]+/u)) {
      if (w === '') continue;
      words.push(w);
      sentence.push(n);
    }
    if (end.includes('?')) questions.add(n);
    n += 1;
  };
  for (const m of normal.matchAll(SENTENCE_ENDS)) {
    add(normal.slice(from, m.index), m[0]);
    from = m.index + m[0].length;
  }
  add(normal.slice(from), '');
  return { words, sentence, questions, negators: negatorsOf(language) };
}

function isNegator(words: readonly string[], i: number, negators: ReadonlySet<string>): boolean {
  const w = words[i];
  if (w === undefined) return false;
  if (w === 't') return NEGATED_TAIL_AFTER.has(words[i - 1] ?? '');
  return negators.has(w);
}

function window(words: readonly string[], from: number, to: number): string[] {
  return words.slice(Math.max(0, from), Math.max(0, to));
}

/** Words of a refund policy or terms: "refund policy", "Erstattungsbedingungen", "politique de remboursement". */
const POLICY_AFTER = new Set([
  'policy', 'policies', 'terms', 'conditions', 'guarantee', 'garantie', 'garantia', 'garanzia', 'rules', 'richtlinie', 'richtlinien', 'bedingungen', 'regeln', 'regelung', 'beleid',
  'voorwaarden', 'regeling', 'regels', 'villkor', 'regler', 'policy',
]);
const POLICY_BEFORE = new Set(['politique', 'conditions', 'regles', 'politica', 'politicas', 'condizioni', 'regole', 'condiciones', 'normas', 'termos', 'condicoes', 'regras']);
const POLICY_IN_WORD = /(?:policy|richtlinie|bedingung|regelung|beleid|voorwaarde|regeling|garantie)/u;
/** Someone other than us who pays money back: "my employer reimburses", "von der Krankenkasse erstattet". */
const THIRD_PARTY = new Set([
  'employer', 'company', 'insurance', 'insurer', 'school', 'university', 'uni', 'scholarship', 'arbeitgeber', 'firma', 'chef', 'versicherung',
  'krankenkasse', 'schule', 'universitat', 'werkgever', 'baas', 'verzekering', 'verzekeraar', 'zorgverzekeraar', 'employeur', 'entreprise',
  'mutuelle', 'assurance', 'ecole', 'datore', 'azienda', 'assicurazione', 'scuola', 'empleador', 'empresa', 'seguro', 'colegio',
  'arbetsgivare', 'arbetsgivaren', 'forsakring', 'skolan', 'empregador', 'escola',
]);
/** "work" of "how do refunds work": asked next to a money-back word with nothing paid, the customer asks how it works. */
const WORKS = new Set(['work', 'works', 'funktioniert', 'funktionieren', 'lauft', 'werkt', 'werken', 'fonctionne', 'fonctionnent', 'funziona', 'funzionano', 'funciona', 'funcionan', 'fungerar']);

/** Thanks for a refund already made. */
const THANKS = new Set(['thanks', 'thank', 'thx', 'danke', 'dank', 'bedankt', 'merci', 'grazie', 'gracias', 'obrigado', 'obrigada', 'tack']);
const FOR = new Set(['for', 'fur', 'voor', 'pour', 'per', 'por', 'pelo', 'pela', 'para']);
const IN_ADVANCE = new Set(['advance', 'voraus', 'vorab', 'alvast', 'avance', 'anticipo', 'adelantado', 'antemao', 'forhand']);

/** "your company" is us, not a third party. */
const YOUR = new Set(['your', 'ihre', 'ihrer', 'eure', 'euer', 'jullie', 'uw', 'votre', 'vostra', 'vostro', 'su', 'vuestra', 'sua', 'vossa', 'er']);
/** "if" and "before" that put a purchase in the future: "if I buy the yearly plan and don't like it, can I get my money back?" */
const IF_BEFORE = new Set(['if', 'wenn', 'falls', 'als', 'si', 'se', 'om', 'before', 'bevor', 'voordat', 'voor', 'avant', 'prima', 'antes', 'innan']);
/** Present-tense (future) purchase verbs, not the past ("bought", "gekauft"). */
const BUY_NOW = new Set([
  'buy', 'purchase', 'subscribe', 'upgrade', 'sign', 'kaufe', 'kaufen', 'abschliesse', 'abschliessen', 'buche', 'buchen', 'abonniere', 'koop',
  'kopen', 'neem', 'nemen', 'afsluit', 'afsluiten', 'achete', 'acheter', 'prends', 'prendre', 'souscris', 'souscrire', 'abonne', 'compro',
  'comprare', 'abbono', 'abbonarmi', 'comprar', 'suscribo', 'suscribirme', 'compre', 'assinar', 'assino', 'koper', 'kopa', 'teckna',
]);

/** How far from a money-back word, inside its sentence, an "if I buy" still counts. */
const HYPOTHESIS_REACH = 25;

/**
 * The money-back word at i sits in a sentence that supposes a purchase not made yet ("if I buy …, can I get my money
 * back?", "Geld zurück, falls ich das Abo abschließe?", "bevor ich … abschließe").
 */
function hypotheticalPurchase(t: CueText, i: number): boolean {
  const sentence = t.sentence[i];
  for (let k = Math.max(0, i - HYPOTHESIS_REACH); k < i + HYPOTHESIS_REACH && k < t.words.length; k += 1) {
    if (t.sentence[k] !== sentence || !IF_BEFORE.has(t.words[k] ?? '')) continue;
    for (let j = k + 1; j <= k + 5 && j < t.words.length; j += 1) if (BUY_NOW.has(t.words[j] ?? '')) return true;
  }
  return false;
}

/** Words of a customer weighing a purchase ("überlege Pro zu holen", "considering the yearly plan", "j'hésite"). */
const CONSIDER = ['uberleg', 'consider', 'overweeg', 'twijfel', 'envisag', 'hesit', 'pensando', 'pensavo', 'valut', 'thinking'];

/** Money back asked about in a question by someone who has paid nothing and weighs a purchase: a policy question. */
function consideringPurchase(t: CueText, i: number): boolean {
  return t.questions.has(t.sentence[i] ?? -1) && t.words.some((w) => startsWithAny(w, CONSIDER));
}

/** "by" before a payer named after the money-back word ("reimbursed by my employer"). */
const BY = new Set(['by', 'von', 'vom', 'durch', 'door', 'par', 'da', 'dal', 'dalla', 'por', 'pela', 'pelo', 'av', 'from']);

/**
 * How a money-back word at index i reads: asked for, negated ("no refund needed"), received ("the refund arrived, thanks";
 * one not received yet is asked for again), or about something else ("refund policy", "my employer reimburses me", "how
 * do refunds work?" when nothing paid is named: `charged`).
 */
function refundReading(t: CueText, i: number, charged: boolean): 'asked' | 'negated' | 'elsewhere' | 'received' {
  const words = t.words;
  const word = words[i] ?? '';
  // "How do refunds work?", "Wie funktioniert die Erstattung?" with no charge or payment in the text: how it works.
  if (!charged && [words[i - 2], words[i - 1], words[i + 1], words[i + 2]].some((w) => w !== undefined && WORKS.has(w))) return 'elsewhere';
  if (POLICY_IN_WORD.test(word) || POLICY_AFTER.has(words[i + 1] ?? '') || POLICY_BEFORE.has(words[i - 1] ?? '') || POLICY_BEFORE.has(words[i - 2] ?? '')) {
    return 'elsewhere';
  }
  const before = window(words, i - 4, i);
  const after = window(words, i + 1, i + 5);
  // A payer before the word with no demand between ("my employer reimburses"; not "our school would like a refund"),
  // or after it behind "by" ("reimbursed by my employer").
  const payer = (list: readonly string[], k: number, start: number): boolean => THIRD_PARTY.has(list[k] ?? '') && !YOUR.has(words[start + k - 1] ?? '');
  const payerAt = before.findLastIndex((_, k) => payer(before, k, i - before.length));
  if (payerAt >= 0 && !before.slice(payerAt + 1).some((w) => DEMAND.has(w))) return 'elsewhere';
  const payerAfter = after.findIndex((_, k) => payer(after, k, i + 1));
  if (payerAfter > 0 && after.slice(0, payerAfter).some((w) => BY.has(w))) return 'elsewhere';
  if (hypotheticalPurchase(t, i) || (!charged && consideringPurchase(t, i))) return 'elsewhere';
  const near = [...before, ...after.slice(0, 3)];
  if (near.some((w) => STILL.has(w))) return 'asked';
  // "thanks for the refund", "Dank voor het terugstorten" (not "thanks in advance for refunding me").
  if (before.some((w) => THANKS.has(w)) && before.some((w) => FOR.has(w)) && !before.some((w) => IN_ADVANCE.has(w))) return 'received';
  // "Das Geld ist wieder auf meinem Konto angekommen": the verb may come a few words after.
  if ([...before, ...after].some((w) => RECEIVED.has(w))) {
    let negated = false;
    for (let k = i - 4; k <= i + 3; k += 1) if (k !== i && isNegator(words, k, t.negators)) negated = true;
    return negated || t.questions.has(t.sentence[i] ?? -1) || demandedAt(t, i) ? 'asked' : 'received';
  }
  const negatedBefore = before.some((_, k) => isNegator(words, i - before.length + k, t.negators));
  const stated = [words[i - 1], words[i - 2]].some((w) => w !== undefined && STATE.has(w));
  if (stated && !negatedBefore && !t.questions.has(t.sentence[i] ?? -1) && !demandedAt(t, i)) return 'received';
  const negatedAfter = after.some((_, k) => isNegator(words, i + 1 + k, t.negators)) && after.some((w) => WISH.has(w));
  // "no refund", "keine Erstattung", "pas de remboursement": the negator is the word (or two) right before.
  const between = words[i - 1] ?? '';
  // "nichts erstattet haben", "rien remboursé", "nothing refunded": "nothing" right before is a negation too.
  const determiner = isNegator(words, i - 1, t.negators) || NOTHING.has(between) || (isNegator(words, i - 2, t.negators) && (['de', 'a', 'any', 'un', 'una', 'een', 'eine', 'mon', 'my'].includes(between) || MONEY_WORDS.has(between)));
  const wishNegated = negatedBefore && before.some((w) => WISH.has(w));
  return determiner || wishNegated || negatedAfter ? 'negated' : 'asked';
}

/**
 * Demand words in the sentence of a money-back word: a wish ("want", "möchte", "veux"), a request ("please", "bitte",
 * "graag"), an expectation ("erwarte") or a polite conditional ("could you", "wäre es nett, wenn Sie … könnten",
 * "pourriez-vous", "zou u").
 */
const DEMAND = new Set([
  'want', 'wanted', 'would', 'like', 'please', 'pls', 'plz', 'request', 'demand', 'expect', 'need', 'asking', 'ask', 'could', 'can',
  'kindly', 'hope', 'will', 'mochte', 'mochten', 'bitte', 'fordere', 'verlange', 'erwarte', 'brauche', 'konnten', 'konnen', 'konnt', 'kannst', 'wurden',
  'ware', 'hoffe', 'gern', 'gerne', 'wil', 'wilt', 'graag', 'verzoek', 'eis', 'zou', 'zouden', 'kunt', 'kunnen', 'hoop', 'veux', 'voudrais', 'souhaite', 'aimerais', 'aimerions',
  'demande', 'merci', 'exige', 'pourriez', 'pourrait', 'pouvez', 'espere', 'voglio', 'vorrei', 'chiedo', 'prego', 'richiedo', 'potreste',
  'potete', 'spero', 'quiero', 'quisiera', 'solicito', 'pido', 'favor', 'exijo', 'podrian', 'pueden', 'espero', 'quero', 'gostaria',
  'peco', 'poderiam', 'podem', 'vill', 'skulle', 'begar', 'snalla', 'kan', 'rivoglio', 'rivogliamo', 'rivorrei',
]);
/** How far before a money-back word, inside its sentence, a demand word still counts. */
const DEMAND_REACH = 15;

/** Objects after an imperative money-back verb: "refund me", "erstatten Sie mir", "remboursez-moi", "devuélvanme". */
const ME = new Set(['me', 'us', 'mir', 'uns', 'mij', 'ons', 'moi', 'nous', 'mi', 'ci', 'nos', 'mig', 'oss', 'sie']);

function demandedAt(t: CueText, i: number): boolean {
  const sentence = t.sentence[i];
  // An imperative: the sentence opens with the money-back verb (after "please") and its object follows.
  const opens = t.sentence[i - 1] !== sentence || (t.sentence[i - 2] !== sentence && DEMAND.has(t.words[i - 1] ?? ''));
  if (opens && ME.has(t.words[i + 1] ?? '')) return true;
  for (let k = i - DEMAND_REACH; k <= i + 4; k += 1) if (k >= 0 && t.sentence[k] === sentence && DEMAND.has(t.words[k] ?? '')) return true;
  return false;
}

/** Sentences shorter than this (greetings, a name, "Best regards") are not counted as the text's last sentences. */
const MIN_SENTENCE_WORDS = 3;
/** How many of the text's last sentences count as its closing request. */
const CLOSING_SENTENCES = 2;

/**
 * The sentence numbers from the text's last CLOSING_SENTENCES sentences of at least MIN_SENTENCE_WORDS words to its end
 * (short ones in between included: "… I paid 49.99 for this. Refund me."); none when the text has no more long sentences
 * than that (nothing is described before the request).
 */
function closingSentences(t: CueText): Set<number> {
  const sizes = new Map<number, number>();
  for (const n of t.sentence) sizes.set(n, (sizes.get(n) ?? 0) + 1);
  const long = [...sizes].filter(([, size]) => size >= MIN_SENTENCE_WORDS).map(([n]) => n);
  if (long.length <= CLOSING_SENTENCES) return new Set();
  const from = long[long.length - CLOSING_SENTENCES] ?? 0;
  return new Set([...sizes.keys()].filter((n) => n >= from));
}

/** A money-back word alone in a sentence of at most two words with no demand ("Refund?", "Rückerstattung"): a topic label. */
function topicOnly(t: CueText, i: number): boolean {
  const sentence = t.sentence[i];
  const size = t.sentence.filter((n) => n === sentence).length;
  return size <= 2 && !demandedAt(t, i);
}

/** Pronouns that name the charge just mentioned: "reverse this", "undo it", "das rückgängig machen". */
const THIS = new Set(['this', 'it', 'that', 'das', 'dies', 'dit', 'dat', 'ca', 'cela', 'lo', 'la', 'esto', 'eso', 'questo', 'isso', 'isto', 'det']);

/**
 * "Give me back the money", "Betrag zurücküberweisen", "rendre l'argent": a return word and a money word close together;
 * or "reverse this" / "undo it" when the text names a charge. Not the VAT term "reverse charge".
 */
function returnsMoney(t: CueText, i: number, charged: boolean): boolean {
  const words = t.words;
  const word = words[i] ?? '';
  if (!(startsWithAny(word, RETURN_WORDS) || word === 'wieder') || NOT_RETURN.has(word)) return false;
  if (word.startsWith('revers') && (words[i + 1] ?? '').startsWith('charg')) return false;
  // "back" and "wieder" are common words ("go back to the payment page", "wieder abgebucht"): they return money only
  // next to a money word ("money back", "die Kohle wieder") or after a giving verb ("give it back", "pay me back").
  const toAccount = window(words, i + 1, i + 5).some((w) => ACCOUNT_WORDS.has(w));
  if (word === 'back' || word === 'wieder') {
    const adjacent = [words[i - 1], words[i + 1], words[i + 2]].some((w) => w !== undefined && MONEY_WORDS.has(w) && !PERIOD_WORDS.has(w));
    return adjacent || toAccount || window(words, i - 4, i).some((w) => GIVING.has(w));
  }
  if (toAccount) return true;
  // "No quiero que me devuelvan nada", "ik hoef niets terug", "je ne veux rien récupérer": nothing given back is about money.
  if (charged && window(words, i - 2, i + 3).some((w) => NOTHING.has(w))) return true;
  // German and Dutch put the separable particle last ("das Geld für November hätte ich gern zurück"): look further back.
  const near = window(words, i - 4, i + 5);
  if (near.some((w) => MONEY_WORDS.has(w))) return true;
  if ((word === 'zuruck' || word === 'terug') && sameSentence(t, i, i - 8).some((w) => MONEY_WORDS.has(w) || startsWithAny(w, SEPARABLE_MONEY_VERBS))) return true;
  // "me rendre ce que j'ai versé", "zurück, was ich bezahlt habe", "devolver lo que pagué": what was paid, as the object.
  if (paidAsObject(window(words, i + 1, i + 7))) return true;
  return charged && startsWithAny(word, UNDO_WORDS) && window(words, i - 3, i + 3).some((w) => THIS.has(w));
}

/** The words from index `from` up to (not including) `i` that are in the sentence of word `i`. */
function sameSentence(t: CueText, i: number, from: number): string[] {
  const sentence = t.sentence[i];
  return window(t.words, from, i).filter((_, k) => t.sentence[Math.max(0, from) + k] === sentence);
}

/** Relative pronouns that make "what I paid" a noun: "ce que j'ai versé", "was ich bezahlt habe", "lo que pagué". */
const WHAT = new Set(['what', 'was', 'wat', 'que', 'quanto', 'quello', 'lo', 'o', 'vad']);
/** Past participles and forms of paying that can follow such a pronoun. */
const PAID_FORMS = ['paid', 'payed', 'bezahlt', 'gezahlt', 'betaald', 'verse', 'paye', 'pagat', 'pague', 'pagad', 'paguei', 'betalat', 'betalade'];

function paidAsObject(after: readonly string[]): boolean {
  const w = after.findIndex((x) => WHAT.has(x));
  return w >= 0 && after.slice(w + 1, w + 5).some((x) => startsWithAny(x, PAID_FORMS));
}

/** Future auxiliaries: "will I be charged", "wird abgebucht", "wordt afgeschreven", "serai-je prélevé". */
const FUTURE = new Set(['will', 'would', 'going', 'werde', 'wird', 'wordt', 'word', 'zal', 'serai', 'sera', 'serais', 'sara', 'saro', 'sere', 'sera', 'vou', 'vai', 'kommer']);

/** "Nothing" words: "mir nichts mehr abgebucht wird", "nothing was charged", "rien n'a été prélevé". */
const NOTHING = new Set(['nothing', 'nichts', 'niets', 'rien', 'niente', 'nulla', 'nada', 'inget', 'ingenting']);

/**
 * "I don't want to be charged again", "dass nicht nochmals abgebucht wird", "abgebucht wurde nichts", "will I be charged
 * again?": a worry about or a question on the next charge, or a charge that did not happen, not a dispute.
 */
function chargeNegatedAt(t: CueText, i: number): boolean {
  const words = t.words;
  if (!startsWithAny(words[i] ?? '', CHARGE_WORDS)) return false;
  const before = window(words, i - 4, i);
  if (before.some((w) => WITHOUT.has(w))) return false;
  if (window(words, i - 4, i + 3).some((w) => NOTHING.has(w))) return true;
  // "Will I be charged again if I switch?", "Wird mir dann nochmal etwas abgebucht?": a question about a future charge.
  if (t.questions.has(t.sentence[i] ?? -1)) {
    for (let k = i - 8; k < i; k += 1) if (t.sentence[k] === t.sentence[i] && FUTURE.has(words[k] ?? '')) return true;
  }
  return before.some((_, k) => isNegator(words, i - before.length + k, t.negators));
}

/** A negated ability: "can't open", "kann mich nicht anmelden", "lukt niet", "je n'arrive pas", "no puedo". */
function cannotAt(words: readonly string[], i: number, negators: ReadonlySet<string>): boolean {
  const w = words[i] ?? '';
  if (!ABILITY.has(w)) return false;
  if (window(words, i + 1, i + 4).some((x) => FIND.has(x))) return false;
  if (NEGATED_ABILITY_WORDS.has(w)) return true;
  for (let k = i - 2; k <= i + 3; k += 1) if (k !== i && isNegator(words, k, negators)) return true;
  return false;
}

/** "use" and "open" (participles and infinitives, normalised); negated they say a paid period went unused. */
const USED = new Set([
  'nutzen', 'benutzen', 'gebruiken', 'utiliser', 'usare', 'utilizzare', 'usar', 'utilizar', 'anvanda',
  'used', 'opened', 'genutzt', 'benutzt', 'verwendet', 'geoffnet', 'gebraucht', 'gebruikt', 'geopend', 'utilise', 'utilisee', 'ouvert',
  'usato', 'usata', 'utilizzato', 'utilizzata', 'aperto', 'usado', 'utilizado', 'abierto', 'use', 'usei', 'utilizei', 'abri', 'anvant',
  'anvande', 'oppnat',
]);
/** Words that are "unused" by themselves. */
const UNUSED = new Set(['unused', 'ungenutzt', 'unbenutzt', 'ongebruikt', 'inutilise', 'inutilisee', 'inutilizzato', 'oanvand']);
/** "never" words that are not negators elsewhere (Italian "mai" is also French "May"). */
const NEVER = new Set(['mai']);

function unusedAt(words: readonly string[], i: number, negators: ReadonlySet<string>): boolean {
  const w = words[i] ?? '';
  if (UNUSED.has(w)) return true;
  if (!USED.has(w)) return false;
  for (let k = i - 3; k < i; k += 1) if (isNegator(words, k, negators) || NEVER.has(words[k] ?? '')) return true;
  return false;
}

/**
 * Pleas for a remedy (word sequences, normalised): "anything you can do", "kann man da was machen", "iets aan doen",
 * "faire quelque chose"; they count next to a charge in the text.
 */
const REMEDY: readonly string[][] = [
  ['anything', 'you', 'can', 'do'], ['anything', 'you', 'could', 'do'], ['something', 'you', 'can', 'do'], ['anything', 'that', 'can', 'be', 'done'],
  ['can', 'you', 'do', 'something'], ['do', 'something', 'about'], ['da', 'was', 'machen'], ['da', 'etwas', 'machen'], ['da', 'was', 'tun'],
  ['da', 'etwas', 'tun'], ['iets', 'aan', 'doen'], ['iets', 'doen', 'aan'], ['faire', 'quelque', 'chose'], ['fare', 'qualcosa'],
  ['hacer', 'algo'], ['fazer', 'algo'], ['fazer', 'alguma', 'coisa'], ['gora', 'nagot'],
];
/** Goodwill asked for (a remedy in money by itself): "Kulanz", "coulance", "un geste commercial", "gesto comercial". */
const GOODWILL: readonly string[][] = [['kulanz'], ['kulanzweg'], ['kulant'], ['coulance'], ['coulant'], ['goodwill'], ['geste', 'commercial'], ['gesto', 'commerciale'], ['gesto', 'comercial']];

function phraseAt(phrases: readonly string[][], words: readonly string[], i: number): boolean {
  return phrases.some((phrase) => phrase.every((w, k) => words[i + k] === w));
}

/** Words that say money changed hands, prefixes: a charge, a payment, an amount. */
const PAID_WORDS = [...CHARGE_WORDS, '#amount', 'receipt', 'quittung', 'beleg', 'rechnung', 'invoice', 'factuur', 'ricevuta', 'recibo', 'kvitto', 'paid', 'paying', 'bezahl', 'gezahlt', 'zahle', 'betaald', 'betaal', 'paye', 'payer', 'pagat', 'pagand', 'pagad', 'pague', 'pago', 'paguei', 'pagando', 'betalat', 'betalar', 'taking'];

/** Words that switch a paid plan on: "freischalten", "activeren", "activer", "unlock", "attivare". */
const UNLOCK_WORDS = [
  'freischalt', 'freizuschalt', 'freigeschalt', 'aktivier', 'activeer', 'activer', 'activez', 'activate', 'attiva', 'activa', 'ativa', 'unlock',
  'sblocc', 'desbloq', 'debloq', 'ontgrendel', 'vrijschakel', 'vrijgeschakel',
];

/**
 * The cues of a text, as concept matches (empty when there are none). `language` (ISO 639-1, as detected) picks the
 * negation words where they differ ('unknown': every language's).
 */
export function findCues(text: string, language = 'unknown'): ConceptMatch[] {
  const t = cueWords(text, language);
  const words = t.words;
  const charged = words.some((w) => startsWithAny(w, PAID_WORDS));
  let asked = 0;
  let demanded = 0;
  let negated = 0;
  let elsewhere = 0;
  let received = 0;
  let moneyBack = 0;
  let cannot = 0;
  let amounts = 0;
  let charges = 0;
  let negatedCharges = 0;
  let unused = 0;
  let remedy = 0;
  let closingDemands = 0;
  let unlockDemands = 0;
  const closing = closingSentences(t);
  words.forEach((word, i) => {
    if (word === '#amount') amounts += 1;
    const refundWord = startsWithAny(word, REFUND_WORDS);
    if (refundWord || returnsMoney(t, i, charged)) {
      const reading = topicOnly(t, i) ? 'topic' : refundReading(t, i, charged);
      if (reading === 'topic') {
        // A subject line or heading naming the topic ("Refund?", "Reembolso"): neither asked nor denied.
      } else if (reading === 'negated') negated += 1;
      else if (reading === 'elsewhere') elsewhere += 1;
      else if (reading === 'received') received += 1;
      else {
        if (refundWord) asked += 1;
        else moneyBack += 1;
        if (demandedAt(t, i)) {
          demanded += 1;
          if (closing.has(t.sentence[i] ?? -1)) closingDemands += 1;
        }
      }
    }
    if (cannotAt(words, i, t.negators)) cannot += 1;
    if (startsWithAny(word, CHARGE_WORDS)) {
      charges += 1;
      if (chargeNegatedAt(t, i)) negatedCharges += 1;
    }
    if (unusedAt(words, i, t.negators)) unused += 1;
    if (startsWithAny(word, UNLOCK_WORDS) && demandedAt(t, i)) unlockDemands += 1;
    if (phraseAt(GOODWILL, words, i) || (charged && phraseAt(REMEDY, words, i))) remedy += 1;
  });
  const matches: ConceptMatch[] = [];
  const wanted = asked + moneyBack;
  if (negated > 0 && wanted === 0) matches.push({ concept: REFUND_NEGATED, count: negated });
  if (elsewhere > 0 && wanted === 0 && negated === 0) matches.push({ concept: REFUND_ELSEWHERE, count: elsewhere });
  if (received > 0 && wanted === 0 && negated === 0) matches.push({ concept: REFUND_RECEIVED, count: received });
  if (wanted > 0 && negated === 0) matches.push({ concept: MONEY_BACK, count: wanted });
  if (demanded > 0 && negated === 0) matches.push({ concept: REFUND_DEMAND, count: demanded });
  if (closingDemands > 0 && negated === 0) matches.push({ concept: CLOSING_DEMAND, count: closingDemands });
  if (negatedCharges > 0 && negatedCharges === charges) matches.push({ concept: CHARGE_NEGATED, count: negatedCharges });
  if (unused > 0 && charged && negated === 0) matches.push({ concept: PAID_UNUSED, count: unused });
  if (remedy > 0 && negated === 0) matches.push({ concept: CHARGE_REMEDY, count: remedy });
  if (unlockDemands > 0 && charged && wanted === 0) matches.push({ concept: ACCESS_DEMAND, count: unlockDemands });
  if (cannot > 0) matches.push({ concept: CANNOT, count: cannot });
  if (amounts > 0) matches.push({ concept: AMOUNT, count: amounts });
  if (IBAN_PATTERN.test(text)) matches.push({ concept: BANK_ACCOUNT, count: 1 });
  if (ORDER_PATTERN.test(text)) matches.push({ concept: ORDER_NUMBER, count: 1 });
  return matches;
}

/** Lexicon and cue concepts that say money changed hands or is wanted back: the context a "by mistake" is a purchase in. */
const MONEY_CONTEXT = new Set([
  'refund', 'double-charge', 'unexpected-charge', 'payment', 'pricing', 'cancel', 'purchase', 'purchase-not-applied', 'legal-threat',
  MONEY_BACK.id, AMOUNT.id, BANK_ACCOUNT.id, ORDER_NUMBER.id,
]);

/** Concepts that say something was bought or charged: the context a child's purchase is disputed in. */
const PURCHASE_CONTEXT = new Set(['double-charge', 'unexpected-charge', 'payment', 'purchase', 'accidental-purchase', 'refund', MONEY_BACK.id, AMOUNT.id]);

/**
 * The lexicon's matches adjusted by the cues:
 * - when every money-back word of the text is negated, or is about a policy or another payer, the lexicon's `refund`
 *   match (which cannot see either) is dropped; likewise the charge concepts when every charge word is negated ("so I
 *   am not charged again");
 * - a purchase that was not applied ("paid but still on the free plan") or a plea to unlock it ("Bitte freischalten"),
 *   with no money asked back: the charge is not disputed, so `unexpected-charge` is dropped;
 * - "by mistake" with no purchase, payment or charge in sight ("accidentally chose English") is not an accidental
 *   purchase; a child named next to a purchase or charge is a `child-purchase` ("my daughter bought Pro on my card"),
 *   alone it is not ("my daughter's teacher recommends the app");
 * - `money-back` counts only where the lexicon found no `refund` (the same evidence is not counted twice); the other
 *   cue concepts are added.
 */
export function withCues(concepts: readonly ConceptMatch[], cues: readonly ConceptMatch[]): ConceptMatch[] {
  const ids = new Set([...concepts, ...cues].map((m) => m.concept.id));
  const noRefund = ids.has(REFUND_NEGATED.id) || ids.has(REFUND_ELSEWHERE.id) || ids.has(REFUND_RECEIVED.id);
  const wantsMoney = !noRefund && (ids.has('refund') || ids.has(MONEY_BACK.id) || ids.has(REFUND_DEMAND.id));
  const dropped = new Set([
    ...(noRefund ? ['refund'] : []),
    ...(ids.has(CHARGE_NEGATED.id) ? ['unexpected-charge', 'double-charge'] : []),
    ...((ids.has('purchase-not-applied') || ids.has(ACCESS_DEMAND.id)) && !wantsMoney ? ['unexpected-charge'] : []),
    ...([...ids].some((id) => MONEY_CONTEXT.has(id)) ? [] : ['accidental-purchase']),
  ]);
  const kept = concepts.filter((m) => !dropped.has(m.concept.id));
  const refund = kept.some((m) => m.concept.id === 'refund');
  const child = ids.has('minor') && [...ids].some((id) => PURCHASE_CONTEXT.has(id)) ? [{ concept: CHILD_PURCHASE, count: 1 }] : [];
  return [...kept, ...cues.filter((m) => !(refund && m.concept.id === MONEY_BACK.id)), ...child];
}
