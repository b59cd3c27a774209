import { normalizeText } from './text.js';

/**
 * Adverbs of speed ("immediately", "right now", "sofort", "meteen", "immédiatement", "subito" …) are in the lexicon's
 * 'urgent' concept, but in support mail they describe a failure as often as they ask for haste: "the app crashes
 * immediately after login", "stürzt sofort ab", "sluit meteen af", "si chiude subito". They state urgency only when the
 * customer asks for the speed: the adverb next to a request or need word of its own language, in the same clause
 * ("please fix this immediately", "ich brauche das sofort", "help right now", "aiutatemi subito").
 */
interface SpeedLanguage {
  /** The adverbs, as normalised words (one or two). */
  speed: readonly string[];
  /** Words that ask or say what is needed: "please", "need", "fix", "bitte", "brauche", "graag", "voglio" … */
  request: ReadonlySet<string>;
  /** Two-word requests: a modal with "you" ("can you", "können Sie", "kunnen jullie", "pouvez-vous"). */
  requestPairs: ReadonlySet<string>;
  /** Words that end the clause of the adverb: subordinators ("when", "wenn", "als", "quand", "quando"), conjunctions. */
  boundary: ReadonlySet<string>;
  /**
   * German and Dutch particles that close a separable verb after the adverb ("stürzt sofort ab", "sluit meteen af"):
   * what follows is another clause ("… ab bitte helft mir"). Before the adverb they end nothing ("will eins zurück sofort").
   */
  particles: ReadonlySet<string>;
  /**
   * Words after which the adverb is no adverb of speed: German "ab sofort" (from now on), Italian "ho subito" (the
   * participle of "subire": "ho subito un addebito", I suffered a charge).
   */
  notAfter: ReadonlySet<string>;
  /** Negations before the adverb or its request: "not right now", "no need to fix it right now", "nicht sofort". */
  negation: ReadonlySet<string>;
  /**
   * Nouns of a question and verbs of asking ("question", "Frage", "vraag", "domanda", "pregunta", "ask", "demander").
   * An adverb attached to one qualifies the question, not the answer: "une question rapidement", "rapidement une
   * question", "a question right now" say the question is short, as "quick question" / "kurze Frage" do.
   */
  question: ReadonlySet<string>;
  /** Words between the adverb and the question noun it is attached to: articles, "small", "short", "just". */
  questionFiller: ReadonlySet<string>;
  /**
   * The requests that only frame a question ("please", "svp", "bitte", "graag", "I want", "can you"): next to a question
   * they ask nothing of their own. A verb asking for the answer or a remedy ("answer", "répondez", "fix") still counts.
   */
  soft: ReadonlySet<string>;
}

const set = (words: string): ReadonlySet<string> => new Set(words.split(/\s+/).filter((w) => w !== ''));
const pairs = (list: readonly string[]): ReadonlySet<string> => new Set(list);

const LANGUAGES: readonly SpeedLanguage[] = [
  {
    speed: ['immediately', 'right now'],
    request: set(`please pls plz need needs needed want wants expect require demand help fix fixed resolve resolved solve
      solved sort refund refunded cancel cancelled canceled respond reply answer contact restore unlock`),
    requestPairs: pairs(['can you', 'could you', 'would you', 'will you']),
    boundary: set('when whenever if after before once as because since while but and then so'),
    particles: set(''),
    notAfter: set(''),
    negation: set('not no never t without'),
    question: set('question questions ask asking query'),
    questionFiller: set('a an one quick small short little simple just'),
    soft: set('please pls plz need needs needed want wants'),
  },
  {
    speed: ['sofort'],
    request: set(`bitte brauche brauchen braucht benotige benotigen will wollen mochte mochten erwarte erwarten fordere
      verlange hilfe helfen helft hilf beheben behebt behoben reparieren repariert losen gelost erstatten erstattet
      zuruckerstatten kundigen stornieren freischalten antworten`),
    requestPairs: pairs(['konnen sie', 'konnt ihr', 'kannst du', 'konnten sie', 'wurden sie']),
    boundary: set('wenn sobald nachdem als weil da sodass bevor aber und oder dann'),
    particles: set('ab an auf aus zu weg raus rein zuruck'),
    notAfter: set('ab'),
    negation: set('nicht kein keine keinen nie niemals ohne'),
    question: set('frage fragen fragt nachfrage'),
    questionFiller: set('eine ein kurze kleine kurz nur noch mal'),
    soft: set('bitte brauche brauchen braucht will wollen mochte mochten'),
  },
  {
    speed: ['meteen', 'onmiddellijk'],
    request: set(`graag alsjeblieft alstublieft aub svp wil willen wilt wens verwacht eis nodig help helpen oplossen
      opgelost verhelpen verholpen repareren gerepareerd fixen gefixt terugbetalen terugstorten terugboeken reageren
      antwoorden`),
    requestPairs: pairs(['kunnen jullie', 'kunt u', 'kun je', 'zouden jullie', 'zou u']),
    boundary: set('als wanneer zodra nadat omdat want maar en dan toen voordat'),
    particles: set('af op uit aan weg terug'),
    notAfter: set(''),
    negation: set('niet geen nooit zonder'),
    question: set('vraag vragen vraagje vraagjes'),
    questionFiller: set('een even kort korte klein kleine nog'),
    soft: set('graag alsjeblieft alstublieft aub svp wil willen wilt wens nodig'),
  },
  {
    speed: ['immediatement', 'rapidement'],
    request: set(`svp stp plait merci veuillez besoin veux voudrais voudrions souhaite exige aidez aider aide corriger
      corrigez reparer reparez regler reglez resoudre resolvez rembourser remboursez repondre repondez annuler annulez
      debloquer debloquez intervenir`),
    requestPairs: pairs(['pouvez vous', 'pourriez vous', 'peux tu', 'pourrais tu']),
    boundary: set('quand lorsque si apres avant parce puisque mais et puis alors car'),
    particles: set(''),
    notAfter: set(''),
    negation: set('pas jamais sans ne n'),
    question: set('question questions demander poser'),
    questionFiller: set('une un petite petit courte simple juste'),
    soft: set('svp stp plait merci veuillez besoin veux voudrais voudrions souhaite'),
  },
  {
    speed: ['subito', 'immediatamente'],
    request: set(`favore piacere prego bisogno voglio vorrei vogliamo vorremmo esigo pretendo aiutatemi aiutami aiutateci
      aiuto aiutare aiutarmi risolvere risolvete sistemare sistemate correggere correggete rimborsare rimborsatemi
      rimborsate rispondere rispondete annullare annullate sbloccare sbloccate potete potreste puoi potresti`),
    requestPairs: pairs([]),
    boundary: set('quando se appena dopo prima perche poiche ma e poi mentre'),
    particles: set(''),
    notAfter: set('ho hai ha abbiamo avete hanno abbia aver avere avendo'),
    negation: set('non mai senza'),
    question: set('domanda domande domandina chiedere chiedervi'),
    questionFiller: set('una un piccola breve solo'),
    soft: set('favore piacere prego bisogno voglio vorrei vogliamo vorremmo potete potreste puoi potresti'),
  },
  {
    speed: ['inmediatamente'],
    request: set(`favor porfa necesito necesitamos quiero queremos exijo ayuda ayudenme ayudadme ayudar ayudarme arreglar
      arreglen arreglad solucionar solucionen solucionad devolver devuelvan devolvedme reembolsar reembolsen responder
      respondan cancelar cancelen desbloquear desbloqueen pueden podeis podrian`),
    requestPairs: pairs([]),
    boundary: set('cuando si despues antes apenas porque pero y luego mientras'),
    particles: set(''),
    notAfter: set(''),
    negation: set('no nunca sin'),
    question: set('pregunta preguntas preguntar consulta'),
    questionFiller: set('una un pequena breve solo'),
    soft: set('favor porfa necesito necesitamos quiero queremos pueden podeis podrian'),
  },
  {
    speed: ['omedelbart'],
    request: set('snalla behover vill hjalp hjalpa fixa atgarda losa aterbetala svara avsluta'),
    requestPairs: pairs(['kan ni']),
    boundary: set('nar om efter innan eftersom men och sedan'),
    particles: set(''),
    notAfter: set(''),
    negation: set('inte aldrig utan ej'),
    question: set('fraga fragor'),
    questionFiller: set('en ett liten kort snabb bara'),
    soft: set('snalla behover vill'),
  },
  {
    speed: ['imediatamente'],
    request: set(`favor preciso precisamos quero queremos exijo ajuda ajudem ajudar resolver resolvam corrigir corrijam
      reembolsar reembolsem devolver devolvam responder respondam cancelar cancelem desbloquear podem`),
    requestPairs: pairs([]),
    boundary: set('quando se depois antes porque mas e logo'),
    particles: set(''),
    notAfter: set(''),
    negation: set('nao nunca sem'),
    question: set('pergunta perguntas perguntar duvida'),
    questionFiller: set('uma um pequena breve rapida so'),
    soft: set('favor preciso precisamos quero queremos podem'),
  },
];

/**
 * Words naming the sender or recipient of a mail: "please notify the sender immediately" in a confidentiality footer
 * asks a mistaken recipient, not us.
 */
const MAIL_PARTY = set(`sender recipient absender empfanger adressat afzender ontvanger expediteur destinataire mittente
  destinatario remitente avsandaren avsandare mottagare remetente`);

/** Requests within this many words before the adverb, or after it. */
const BEFORE = 4;
const AFTER = 2;
const NEGATION_BEFORE = BEFORE + 1;

const FIRST_WORDS = new Set(LANGUAGES.flatMap((l) => l.speed.map((s) => s.split(' ')[0] ?? s)));

/** The language and length in words of the speed adverb starting at `i`, if any. */
function speedAt(words: readonly string[], i: number): { language: SpeedLanguage; length: number } | null {
  if (!FIRST_WORDS.has(words[i] ?? '')) return null;
  for (const language of LANGUAGES) {
    for (const phrase of language.speed) {
      const parts = phrase.split(' ');
      if (parts.every((p, k) => words[i + k] === p)) return { language, length: parts.length };
    }
  }
  return null;
}

function asksForSpeed(
  segment: readonly string[],
  i: number,
  length: number,
  language: SpeedLanguage,
  clause: readonly string[],
  clauseIndex: number,
): boolean {
  if (clause.some((w) => MAIL_PARTY.has(w))) return false;
  if (language.notAfter.has(clause[clauseIndex - 1] ?? '')) return false;
  if (segment.slice(Math.max(0, i - NEGATION_BEFORE), i).some((w) => language.negation.has(w))) return false;
  const window = [...segment.slice(Math.max(0, i - BEFORE), i), '', ...segment.slice(i + length, i + length + AFTER)];
  if (attachedToQuestion(clause, clauseIndex, length, language)) {
    return window.some((w) => language.request.has(w) && !language.soft.has(w));
  }
  return window.some((w, k) => language.request.has(w) || language.requestPairs.has(`${w} ${window[k + 1] ?? ''}`));
}

/**
 * Whether the adverb at `i` qualifies a question rather than a request: right after a question noun or verb of asking
 * ("une question rapidement", "poser rapidement"), or right before one with only articles and "small", "short" between
 * ("rapidement une petite question", "right now a quick question").
 */
function attachedToQuestion(clause: readonly string[], i: number, length: number, language: SpeedLanguage): boolean {
  if (language.question.has(clause[i - 1] ?? '')) return true;
  let k = i + length;
  while (k < clause.length && language.questionFiller.has(clause[k] ?? '')) k++;
  return language.question.has(clause[k] ?? '');
}

/** Cheap test before splitting: does the text contain any of the adverbs at all? */
const ANY_SPEED = new RegExp(String.raw`(?<!\p{L})(?:${LANGUAGES.flatMap((l) => l.speed).join('|')})(?!\p{L})`, 'u');

/**
 * The text as normalised words, clause by clause (one per line), with each speed adverb that does not ask for speed
 * replaced by "0" (a word no lexicon phrase contains); null when the text has no such adverb. The lexicon's 'urgent'
 * concept found in this text is the urgency the customer states.
 */
export function withoutDescribedSpeed(text: string): string | null {
  if (!ANY_SPEED.test(normalizeText(text))) return null;
  let changed = false;
  const clauses = text.split(/[.!?;:,()«»"“”\n]+/).map((raw) => {
    const clause = normalizeText(raw).split(/[^\p{L}\p{N}]+/u).filter((w) => w !== '');
    const out = [...clause];
    for (let i = 0; i < clause.length; i++) {
      const found = speedAt(clause, i);
      if (!found) continue;
      // The adverb's segment: from the last boundary word of its language before it to the next one after it.
      let from = i;
      while (from > 0 && !found.language.boundary.has(clause[from - 1] ?? '')) from--;
      let to = i + found.length;
      while (to < clause.length && !found.language.boundary.has(clause[to] ?? '') && !found.language.particles.has(clause[to] ?? '')) to++;
      const segment = clause.slice(from, to);
      if (!asksForSpeed(segment, i - from, found.length, found.language, clause, i)) {
        for (let k = 0; k < found.length; k++) out[i + k] = '0';
        changed = true;
      }
      i += found.length - 1;
    }
    return out.join(' ');
  });
  return changed ? clauses.join('\n') : null;
}
