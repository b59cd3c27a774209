import { NO_REPLY_DRAFT } from '../model/provider.js';

/**
 * Mail written by a machine, not a person: out-of-office notices and auto-responders, delivery failures (bounces of a
 * mail we sent) and bulk mail (newsletters, other services' notifications). None asks support for anything, and none
 * gets a reply draft. Chatwoot flags many of them itself (`auto_reply`, from the mail headers; ingress ignores those);
 * these are the signs left in the subject and text when the headers did not say so. Pure.
 */

const OUT_OF_OFFICE_SUBJECT =
  /^\s*(automatic reply|auto-?reply|out of (the )?office|automatische antwort|abwesenheitsnotiz|automatisch antwoord|afwezigheidsbericht|réponse automatique|reponse automatique|absence du bureau|risposta automatica|respuesta automática|respuesta automatica|autosvar|automatiskt svar|resposta automática|resposta automatica)\b/i;
/** An absence, in the words auto-responders use ("out of the office until", "je suis absent jusqu'au"). */
const OUT_OF_OFFICE_TEXT =
  /\b(out of (the )?office (until|from|and)|bin (vom|bis|ab) .{0,40}abwesend|ben (ik )?(afwezig|niet op kantoor) (tot|van|t\/m)|je suis absente? (jusqu|du)|fuori ufficio (fino|dal)|fuera de la oficina (hasta|del)|estou ausente at[eé])/i;

/** What only an auto-responder writes: its own name, or that the message is not forwarded, or not read. */
const OUT_OF_OFFICE_PROMISE = /(abwesenheitsnotiz|wird nicht weitergeleitet|lees mijn e-?mail niet)/i;
/**
 * "On my return": with a verb of answering or reading mail an auto-responder's promise (LATER_REPLY); otherwise what a
 * customer writes about their own plans ("when I'm back, are my decks still there?", "nach meiner Rückkehr möchte ich
 * Sie bitten, mein Abo zu kündigen").
 */
const ON_RETURN_WORDS = 'nach meiner rückkehr|à mon retour|na mijn (?:terugkeer|terugkomst)|a mi regreso|a mi vuelta|al mio rientro|ao meu regresso|quando eu voltar';
/** "I am away / on leave / not in the office" in the languages of the templates. */
const ABSENT =
  /\b(i am|i['’]m|i will be|i['’]ll be)( currently| now)? (away|out of (the )?office|on (annual |parental |sick )?leave|on vacation|on holiday|absent|not in the office)|\b(ich bin|bin ich)\b.{0,40}\b(nicht im büro|nicht im buero|nicht erreichbar|abwesend|im urlaub|in den ferien|au(ß|ss)er haus)|\bdass ich\b.{0,40}\b(nicht im büro|nicht im buero|nicht erreichbar|abwesend|im urlaub|in den ferien|au(ß|ss)er haus) (bin|sein werde)\b|\bik ben\b.{0,30}\b(afwezig|met vakantie|op vakantie|niet op kantoor|niet aanwezig)|\bje suis\b.{0,30}\b(absente?|en congés?|en vacances|hors du bureau)|\b(estoy|me encuentro)\b.{0,30}\b(fuera|de vacaciones|ausente)|\bsono\b.{0,30}\b(assente|in ferie|in vacanza|fuori ufficio)|\bestou\b.{0,30}\b(ausente|de férias|fora do escritório)|\bjag är\b.{0,30}\b(på semester|ledig|borta|tjänstledig)/i;
/**
 * How an auto-responder hands on the mail it cannot read: an urgent-matters contact, or that mail is not forwarded.
 * People writing to support do not write these; beside an absence they make an out-of-office notice even when the
 * notice asks something ("Need urgent help? Call …").
 */
const HANDS_ON =
  /\b(urgent|dringend\w*|urgence|urgentes?|urgenze|urgente|brådskande)\b.{0,80}\b(contact\w*|wenden|kontakt\w*|contattare|contatar|contacte|rivolgersi|call|rufen)|\b(not be forwarded|nicht weitergeleitet|niet doorgestuurd|pas transféré|no será reenviado|non verrà inoltrat\w|não será reencaminhad\w)/i;
/**
 * That the writer answers or reads mail later: "I will reply when I am back", "ich melde mich nach meiner Rückkehr",
 * "je répondrai à mon retour", "no access to my e-mail". An auto-responder's promise, but a customer who is away may
 * write it too, so it counts only when the text asks or wants nothing (see `asksOrWants`).
 */
const RETURN_VERB = String.raw`(prendrai connaissance|prendre connaissance|zur kenntnis|beantwort\w*|antwort\w*|melde\w*|bearbeit\w*|lese\w*|r[ée]pond\w*|traiter\w*|lirai|reviendrai|beantwoord\w*|reageer\w*|reageren|antwoord\w*|lees|lezen|respond\w*|contest\w*|leer[ée]\w*|rispond\w*|legger[òo]|ler[eê]i|tratarei|svara\w*|läser)`;
const LATER_REPLY = new RegExp(
  [
    String.raw`\b(reply|respond|answer|get back to you)\b.{0,40}\b(when i (am|get) back|upon my return|on my return|after my return)`,
    String.raw`\b(read|check|access)\b.{0,20}\b(my )?e-?mails?\b.{0,20}\b(when|after|upon)`,
    String.raw`\b(limited|no) access to (my )?e-?mail|keinen zugriff auf (meine )?e-?mails|\bläser inte (min )?e-?post|\bresponderei quando voltar`,
    // "On my return" beside a verb of answering or reading, either order ("melde mich nach meiner Rückkehr").
    `${RETURN_VERB}[^.!?\n]{0,60}(${ON_RETURN_WORDS})|(${ON_RETURN_WORDS})[^.!?\n]{0,60}${RETURN_VERB}`,
  ].join('|'),
  'i',
);

/** Subjects mail servers give a delivery failure report (RFC 3464 and the big providers' own wording), per language. */
const DELIVERY_FAILURE_SUBJECT =
  /^\s*(undeliverable|undelivered mail|niet afgeleverd|delivery status notification|delivery (has )?failed|delivery failure|mail delivery (failed|failure|subsystem|system)|returned mail|failure notice|message not delivered|unzustellbar|nicht zustellbar|zustellung fehlgeschlagen|onbestelbaar|niet bezorgd|bezorging mislukt|non remis|non distribu|échec de (la )?(remise|distribution)|echec de (la )?(remise|distribution)|non recapitabil|mancato recapito|impossibile recapitare|no se puede entregar|no entregado|não entregue|nao entregue|não foi possível entregar|nao foi possivel entregar|olevererbart|kan inte levereras)/i;

/**
 * What the report's first lines say: that a message could not be delivered, in the providers' wordings, or an SMTP
 * reply with its enhanced status code ("550 5.1.1", RFC 3463), which people do not write.
 */
const DELIVERY_FAILURE_TEXT = new RegExp(
  String.raw`\b(` +
    [
      String.raw`[245]\d\d[ -][245]\.\d{1,3}\.\d{1,3}\b`,
      'delivery has failed to these recipients',
      'delivery to the following recipients? failed',
      "(message|mail) (could not|couldn['’]t|wasn['’]t|was not)( be)? delivered",
      "(could not|couldn['’]t) be delivered",
      'message (is|was) undeliverable',
      'diagnostic information for administrators',
      'this is the mail system at host',
      'remote server returned',
      'nicht zugestellt werden',
      'kon niet (worden )?(bezorgd|afgeleverd)',
      'niet worden bezorgd',
      "n['’]a pas pu être (remis|distribué)",
      "n'a pas pu etre (remis|distribue)",
      'non (è|e) stato possibile recapitare',
      'no se ha podido entregar',
      'no se (ha )?pud(o|ieron) entregar',
      'não (foi possível|pôde ser) entreg',
      'nao (foi possivel|pode ser) entreg',
    ].join('|') +
    ')',
  'i',
);

/**
 * The footer of bulk mail (newsletters, marketing, notifications of other services): why the reader receives it, or a
 * link to unsubscribe. People writing to support do not write these; a reply above one of ours has the quote stripped.
 */
const BULK_FOOTER = new RegExp(
  [
    // "You are receiving this email because …" (not a disclaimer's "if you receive this message in error").
    String.raw`\b(you (are receiving|received|receive) this (e-?mail|message|newsletter)|sie (erhalten|haben) diese (e-?mail|nachricht|newsletter)( erhalten)?|(u ontvangt|je ontvangt|jij ontvangt|u heeft) deze (e-?mail|nieuwsbrief|mail)( ontvangen)?|vous (recevez|avez re[çc]u) (cet|ce) (e-?mail|courriel|message)|(ricevi|hai ricevuto) questa (e-?mail|mail|newsletter)|(recibes|has recibido) este (correo|e-?mail|mensaje)|(voc[êe] est[áa] recebendo|recebeu) (este|esse) (e-?mail|mensagem)|du f[åa]r detta (e-?post|mejl|nyhetsbrev)),? (because|as you|since|weil|da sie|omdat|car|parce qu|perch[ée]|porque|eftersom)`,
    // "Click here to unsubscribe", "klik hier om je af te melden", "cliquez ici pour vous désinscrire".
    String.raw`\b(click|klick|klik|cliquez|clicca|haz clic|clique|klicka)[^.\n]{0,40}(unsubscribe|abmelden|abbestellen|uitschrijven|afmelden|af te melden|uit te schrijven|d[ée]sinscri|d[ée]sabonn|disiscri|darte de baja|darse de baja|descadastr|cancelar a inscri|avregistrera|avsluta prenumeration)`,
  ].join('|'),
  'i',
);

/** A report's own lines come first; further down, the words can be a customer quoting one ("your mail bounced: …"). */
const REPORT_HEAD_CHARS = 400;

/**
 * A person asking or wanting something: a question mark (links left out, their query strings have one), or a
 * first-person wish or need ("möchte ich", "je voudrais", "quiero", "ik wil", "I'd like"), unless it is the notice's
 * own courtesy, addressed to the reader ("möchte ich Sie bitten, sich an … zu wenden", "I would like to thank you").
 * An out-of-office notice states the absence and how mail is handled; it asks the reader nothing.
 */
const QUESTION = /[?¿？]/;
const LINK = /\b(https?:\/\/|www\.)\S+/gi;
const WISH =
  /\b(möchte|ich will|will ich|würde gern\w*|ich hätte gern\w*|ich brauche|brauche ich|i want|i would like|i['’]d like|i need|je voudrais|je veux|je souhaite|je souhaiterais|j['’]aimerais|j['’]ai besoin|vorrei|voglio|ho bisogno|quiero|quisiera|me gustaría|necesito|quero|queria|gostaria|preciso|ik wil|wil ik|ik zou graag|zou ik graag|ik heb .{0,20}nodig|jag vill|jag skulle vilja|jag behöver)\b(?!\s+(\p{L}+\s+)?(sie|ihnen|you|vous|lhe|u|jou)\b|[^.!?\n]{0,40}\b(inform\w*|hinweisen|thank|danken|bedanken|remercier|ringraziar\w*|agradecer\w*|tacka|bitten|prier|pedir\w*|chieder\w*|vragen|let you know|mitteil\w*|avis\w*|comunic\w*|laten weten|faire savoir|far sapere|meddela|wish\w*|wünsch\w*|desear\w*|desejar\w*|wensen|augurar\w*|önska|fêtes|feiertage|holidays|fiestas|festas|feste|feestdagen)\b)/iu;

/** A polite imperative asking support to do something for the writer ("please cancel my subscription", "bitte kündigen Sie"). */
const REQUEST =
  /\b(please|pls|bitte|merci d['’e]|s['’]il vous pla[iî]t|svp|por favor|per favore|graag|alstublieft|alsjeblieft|snälla)\b[^.!?\n]{0,30}\b(cancel\w*|kündig\w*|annul\w*|storn\w*|opzeg\w*|disdi\w*|refund\w*|erstatt\w*|rembours\w*|reembols\w*|rimbors\w*|terugbetal\w*|terugstort\w*|send|schick\w*|envo\w*|envi\w*|invia\w*|stuur\w*|change|änder\w*|modifi\w*|wijzig\w*|delete|lösch\w*|supprim\w*|elimin\w*|verwijder\w*|help|hilf|helft|aidez|ayud\w*|ajud\w*|aiut\w*|fix|reset|unlock|freischalt\w*|débloqu\w*|desbloque\w*|sblocc\w*|ontgrendel\w*|darme de baja|dar de baja)/iu;

/** True when the text asks the reader something or wants something: what a customer writes, never an out-of-office notice. */
function asksOrWants(text: string): boolean {
  const own = text.replace(LINK, ' ');
  return QUESTION.test(own) || WISH.test(own) || REQUEST.test(own);
}

/**
 * True when the subject or text reads as an out-of-office notice or auto-responder, in three strengths:
 * - an auto-reply subject or an auto-responder's own wording: always;
 * - an absence beside how mail is handed on (an urgent-matters contact, "not forwarded"): always, as notices ask
 *   routine questions too ("Need urgent help? Call …");
 * - an absence with a date ("out of the office until …"), or beside a later answer ("I will reply on my return", "no
 *   access to my e-mail"): only when the text asks and wants nothing, since a customer who is away writes that too.
 * "On my return" without a verb of answering is a customer's plan, never a notice. When in doubt it is a person: a
 * customer read as a machine gets no draft, a notice read as a person only an unneeded one.
 */
export function isOutOfOffice(subject: string | null, text: string): boolean {
  if (OUT_OF_OFFICE_SUBJECT.test(subject ?? '') || OUT_OF_OFFICE_PROMISE.test(text)) return true;
  const datedAbsence = OUT_OF_OFFICE_TEXT.test(text);
  if (!datedAbsence && !ABSENT.test(text)) return false;
  if (HANDS_ON.test(text)) return true;
  return (datedAbsence || LATER_REPLY.test(text)) && !asksOrWants(text);
}

/** True when the subject or the first lines read as a delivery failure report (a bounce). */
export function isDeliveryFailure(subject: string | null, text: string): boolean {
  return DELIVERY_FAILURE_SUBJECT.test(subject ?? '') || DELIVERY_FAILURE_TEXT.test(text.slice(0, REPORT_HEAD_CHARS));
}

/** True when the text carries a bulk-mail footer: a newsletter or another service's notification, sent to support by mistake. */
export function isBulkMail(text: string): boolean {
  return BULK_FOOTER.test(text);
}

/** True when a machine wrote the message (out-of-office, auto-responder, bounce, bulk mail): it asks nothing, no reply is drafted. */
export function isAutomaticMail(subject: string | null, text: string): boolean {
  return isOutOfOffice(subject, text) || isDeliveryFailure(subject, text) || isBulkMail(text);
}

/** What a machine wrote, in the words of the draft note; null when a person wrote it. */
function machineKind(subject: string | null, text: string): string | null {
  if (isDeliveryFailure(subject, text)) return 'a delivery failure report (a mail to this address bounced)';
  if (isOutOfOffice(subject, text)) return 'an automatic reply (out-of-office or auto-responder)';
  if (isBulkMail(text)) return 'bulk mail (a newsletter or another service’s notification)';
  return null;
}

/**
 * The draft that says why there is none, when a machine wrote the message (no model is asked to answer it); null when
 * a person wrote it.
 */
export function noReplyToAutomaticMail(subject: string | null, text: string): string | null {
  const kind = machineKind(subject, text);
  return kind === null ? null : `${NO_REPLY_DRAFT} The message reads as ${kind}: there is nothing to answer.`;
}
