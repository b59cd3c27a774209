import type { DefaultCategory as Category } from '../../triage/categories.js';
import { replyVariant } from './register.js';

/**
 * Reply templates for the offline provider, per language. They name no product (any team's TRIAGE_CONFIG may keep a
 * built-in category such as bug-report), so nothing of the sample study app reaches another team's drafts.
 * Square brackets mark what an agent must fill in before sending. The pipeline adds the note header that
 * says this is an offline template; these are reply bodies only.
 */
interface LanguageTemplates {
  greeting: (name: string | null) => string;
  bodies: Record<Category, string>;
  followUp: string;
  closing: string;
  /** Whether the body starts with a capital after the greeting line (en, fr, es, sv, pt) or not (de, nl, it). */
  capitalAfterGreeting: boolean;
}

const TEMPLATES: Record<string, LanguageTemplates> = {
  en: {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Hi ${name},` : 'Hi,'),
    bodies: {
      'bug-report':
        "thanks for letting us know, and sorry for the trouble this is causing. We're looking into it.\n\n" +
        'Could you tell us which device and app version you are using, and the steps that lead to the problem? A screenshot helps a lot.\n\n' +
        '[Known issue / workaround, if any]',
      'refund-request':
        'thanks for getting in touch about your payment.\n\n' +
        '[Refund decision: approved / not possible, with the reason]. [If approved: the refund of [amount] goes back to your original payment method within [number] business days.]',
      'product-question': 'thanks for your question!\n\n[Answer, step by step]\n\n[Link to the help article, if there is one]',
      other: 'thanks for your message.\n\n[Reply to the request]',
    },
    followUp: 'thanks for the update. [Answer to the new message]',
    closing: 'Best regards,\n[Agent name]\nSupport team',
  },
  de: {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Hallo ${name},` : 'Hallo,'),
    bodies: {
      'bug-report':
        'danke für deine Nachricht, und entschuldige die Unannehmlichkeiten. Wir schauen uns das an.\n\n' +
        'Kannst du uns sagen, welches Gerät und welche App-Version du nutzt und welche Schritte zu dem Problem führen? Ein Screenshot hilft uns sehr.\n\n' +
        '[Bekanntes Problem / Workaround, falls vorhanden]',
      'refund-request':
        'danke, dass du dich wegen deiner Zahlung meldest.\n\n' +
        '[Entscheidung zur Rückerstattung: genehmigt / nicht möglich, mit Begründung]. [Falls genehmigt: Die Erstattung von [Betrag] geht innerhalb von [Anzahl] Werktagen auf deine ursprüngliche Zahlungsmethode zurück.]',
      'product-question': 'danke für deine Frage!\n\n[Antwort, Schritt für Schritt]\n\n[Link zum Hilfeartikel, falls vorhanden]',
      other: 'danke für deine Nachricht.\n\n[Antwort auf das Anliegen]',
    },
    followUp: 'danke für deine Rückmeldung. [Antwort auf die neue Nachricht]',
    closing: 'Viele Grüße\n[Name]\nSupport-Team',
  },
  nl: {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Hoi ${name},` : 'Hoi,'),
    bodies: {
      'bug-report':
        'bedankt voor je bericht, en sorry voor het ongemak. We zoeken het uit.\n\n' +
        'Kun je ons laten weten welk apparaat en welke app-versie je gebruikt, en welke stappen tot het probleem leiden? Een screenshot helpt ons enorm.\n\n' +
        '[Bekend probleem / workaround, indien van toepassing]',
      'refund-request':
        'bedankt dat je contact opneemt over je betaling.\n\n' +
        '[Besluit over de terugbetaling: goedgekeurd / niet mogelijk, met reden]. [Indien goedgekeurd: het bedrag van [bedrag] wordt binnen [aantal] werkdagen teruggestort via je oorspronkelijke betaalmethode.]',
      'product-question': 'bedankt voor je vraag!\n\n[Antwoord, stap voor stap]\n\n[Link naar het helpartikel, indien beschikbaar]',
      other: 'bedankt voor je bericht.\n\n[Antwoord op het verzoek]',
    },
    followUp: 'bedankt voor je reactie. [Antwoord op het nieuwe bericht]',
    closing: 'Met vriendelijke groet,\n[Naam]\nSupportteam',
  },
  fr: {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Bonjour ${name},` : 'Bonjour,'),
    bodies: {
      'bug-report':
        "merci de nous avoir signalé ce problème, et désolé pour la gêne que cela vous cause. Nous regardons cela de près.\n\n" +
        "Pourriez-vous nous indiquer l'appareil et la version de l'application que vous utilisez, ainsi que les étapes qui mènent au problème ? Une capture d'écran nous aiderait beaucoup.\n\n" +
        '[Problème connu / solution de contournement, le cas échéant]',
      'refund-request':
        'merci de nous avoir contactés au sujet de votre paiement.\n\n' +
        '[Décision de remboursement : accepté / impossible, avec la raison]. [Si accepté : le remboursement de [montant] sera effectué sur votre moyen de paiement initial sous [nombre] jours ouvrés.]',
      'product-question': "merci pour votre question !\n\n[Réponse, étape par étape]\n\n[Lien vers l'article d'aide, s'il existe]",
      other: 'merci pour votre message.\n\n[Réponse à la demande]',
    },
    followUp: 'merci pour votre retour. [Réponse au nouveau message]',
    closing: 'Bien cordialement,\n[Nom]\nÉquipe support',
  },
  it: {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Ciao ${name},` : 'Ciao,'),
    bodies: {
      'bug-report':
        "grazie per la segnalazione, e ci dispiace per il disagio che ti crea. Stiamo verificando.\n\n" +
        "Puoi dirci quale dispositivo e quale versione dell'app usi, e quali passaggi portano al problema? Uno screenshot ci aiuterebbe molto.\n\n" +
        '[Problema noto / soluzione temporanea, se presente]',
      'refund-request':
        'grazie per averci contattato riguardo al tuo pagamento.\n\n' +
        '[Decisione sul rimborso: approvato / non possibile, con il motivo]. [Se approvato: il rimborso di [importo] verrà accreditato sul metodo di pagamento originale entro [numero] giorni lavorativi.]',
      'product-question': "grazie per la tua domanda!\n\n[Risposta, passo per passo]\n\n[Link all'articolo di aiuto, se disponibile]",
      other: 'grazie per il tuo messaggio.\n\n[Risposta alla richiesta]',
    },
    followUp: 'grazie per l’aggiornamento. [Risposta al nuovo messaggio]',
    closing: 'Un saluto,\n[Nome]\nTeam di supporto',
  },
  es: {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Hola, ${name}:` : 'Hola:'),
    bodies: {
      'bug-report':
        'gracias por avisarnos, y sentimos las molestias que esto te causa. Ya lo estamos revisando.\n\n' +
        '¿Nos puedes decir qué dispositivo y qué versión de la app usas, y qué pasos llevan al problema? Una captura de pantalla nos ayudaría mucho.\n\n' +
        '[Problema conocido / solución provisional, si la hay]',
      'refund-request':
        'gracias por escribirnos sobre tu pago.\n\n' +
        '[Decisión sobre el reembolso: aprobado / no es posible, con el motivo]. [Si se aprueba: el reembolso de [importe] se abonará en tu método de pago original en un plazo de [número] días hábiles.]',
      'product-question': '¡gracias por tu pregunta!\n\n[Respuesta, paso a paso]\n\n[Enlace al artículo de ayuda, si existe]',
      other: 'gracias por tu mensaje.\n\n[Respuesta a la solicitud]',
    },
    followUp: 'gracias por la información. [Respuesta al nuevo mensaje]',
    closing: 'Un saludo,\n[Nombre]\nEquipo de soporte',
  },
  sv: {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Hej ${name},` : 'Hej,'),
    bodies: {
      'bug-report':
        'tack för att du hör av dig, och förlåt för besväret. Vi tittar på det.\n\n' +
        'Kan du berätta vilken enhet och vilken appversion du använder, och vilka steg som leder till problemet? En skärmbild hjälper oss mycket.\n\n' +
        '[Känt problem / tillfällig lösning, om det finns]',
      'refund-request':
        'tack för att du hör av dig om din betalning.\n\n' +
        '[Beslut om återbetalning: godkänd / inte möjlig, med skäl]. [Om godkänd: återbetalningen på [belopp] görs till din ursprungliga betalningsmetod inom [antal] bankdagar.]',
      'product-question': 'tack för din fråga!\n\n[Svar, steg för steg]\n\n[Länk till hjälpartikeln, om den finns]',
      other: 'tack för ditt meddelande.\n\n[Svar på ärendet]',
    },
    followUp: 'tack för uppdateringen. [Svar på det nya meddelandet]',
    closing: 'Vänliga hälsningar\n[Namn]\nSupportteamet',
  },
  pt: {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Olá, ${name}!` : 'Olá!'),
    bodies: {
      'bug-report':
        'Obrigado por nos avisar, e desculpe pelo transtorno. Já estamos verificando.\n\n' +
        'Você pode nos dizer qual aparelho e qual versão do app está usando, e quais passos levam ao problema? Uma captura de tela ajuda muito.\n\n' +
        '[Problema conhecido / solução temporária, se houver]',
      'refund-request':
        'Obrigado por entrar em contato sobre o seu pagamento.\n\n' +
        '[Decisão sobre o reembolso: aprovado / não é possível, com o motivo]. [Se aprovado: o reembolso de [valor] volta para a sua forma de pagamento original em até [número] dias úteis.]',
      'product-question': 'Obrigado pela sua pergunta!\n\n[Resposta, passo a passo]\n\n[Link para o artigo de ajuda, se houver]',
      other: 'Obrigado pela sua mensagem.\n\n[Resposta à solicitação]',
    },
    followUp: 'Obrigado pela atualização. [Resposta à nova mensagem]',
    closing: 'Atenciosamente,\n[Nome]\nEquipe de suporte',
  },
  'de-formal': {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Guten Tag ${name},` : 'Guten Tag,'),
    bodies: {
      'bug-report':
        'vielen Dank für Ihre Nachricht, und entschuldigen Sie bitte die Unannehmlichkeiten. Wir sehen uns das an.\n\n' +
        'Können Sie uns sagen, welches Gerät und welche App-Version Sie nutzen und welche Schritte zu dem Problem führen? Ein Screenshot hilft uns sehr.\n\n' +
        '[Bekanntes Problem / Workaround, falls vorhanden]',
      'refund-request':
        'vielen Dank, dass Sie sich wegen Ihrer Zahlung melden.\n\n' +
        '[Entscheidung zur Rückerstattung: genehmigt / nicht möglich, mit Begründung]. [Falls genehmigt: Die Erstattung von [Betrag] geht innerhalb von [Anzahl] Werktagen auf Ihre ursprüngliche Zahlungsmethode zurück.]',
      'product-question': 'vielen Dank für Ihre Frage!\n\n[Antwort, Schritt für Schritt]\n\n[Link zum Hilfeartikel, falls vorhanden]',
      other: 'vielen Dank für Ihre Nachricht.\n\n[Antwort auf das Anliegen]',
    },
    followUp: 'vielen Dank für Ihre Rückmeldung. [Antwort auf die neue Nachricht]',
    closing: 'Mit freundlichen Grüßen\n[Name]\nSupport-Team',
  },
  'nl-formal': {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Beste ${name},` : 'Goedendag,'),
    bodies: {
      'bug-report':
        'hartelijk dank voor uw bericht, en excuses voor het ongemak. Wij zoeken het uit.\n\n' +
        'Kunt u ons laten weten welk apparaat en welke app-versie u gebruikt, en welke stappen tot het probleem leiden? Een screenshot helpt ons enorm.\n\n' +
        '[Bekend probleem / workaround, indien van toepassing]',
      'refund-request':
        'hartelijk dank dat u contact opneemt over uw betaling.\n\n' +
        '[Besluit over de terugbetaling: goedgekeurd / niet mogelijk, met reden]. [Indien goedgekeurd: het bedrag van [bedrag] wordt binnen [aantal] werkdagen teruggestort via uw oorspronkelijke betaalmethode.]',
      'product-question': 'hartelijk dank voor uw vraag!\n\n[Antwoord, stap voor stap]\n\n[Link naar het helpartikel, indien beschikbaar]',
      other: 'hartelijk dank voor uw bericht.\n\n[Antwoord op het verzoek]',
    },
    followUp: 'hartelijk dank voor uw reactie. [Antwoord op het nieuwe bericht]',
    closing: 'Met vriendelijke groet,\n[Naam]\nSupportteam',
  },
  'es-formal': {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Buenos días, ${name}:` : 'Buenos días:'),
    bodies: {
      'bug-report':
        'gracias por avisarnos, y lamentamos las molestias que esto le causa. Ya lo estamos revisando.\n\n' +
        '¿Podría indicarnos qué dispositivo y qué versión de la aplicación utiliza, y qué pasos llevan al problema? Una captura de pantalla nos ayudaría mucho.\n\n' +
        '[Problema conocido / solución provisional, si la hay]',
      'refund-request':
        'gracias por escribirnos sobre su pago.\n\n' +
        '[Decisión sobre el reembolso: aprobado / no es posible, con el motivo]. [Si se aprueba: el reembolso de [importe] se abonará en su método de pago original en un plazo de [número] días hábiles.]',
      'product-question': '¡gracias por su pregunta!\n\n[Respuesta, paso a paso]\n\n[Enlace al artículo de ayuda, si existe]',
      other: 'gracias por su mensaje.\n\n[Respuesta a la solicitud]',
    },
    followUp: 'gracias por la información. [Respuesta al nuevo mensaje]',
    closing: 'Atentamente,\n[Nombre]\nEquipo de soporte',
  },
  'it-formal': {
    capitalAfterGreeting: false,
    greeting: (name) => (name ? `Gentile ${name},` : 'Buongiorno,'),
    bodies: {
      'bug-report':
        "La ringraziamo per la segnalazione, e ci scusiamo per il disagio che questo Le crea. Stiamo verificando.\n\n" +
        "Potrebbe indicarci quale dispositivo e quale versione dell'app utilizza, e quali passaggi portano al problema? Uno screenshot ci aiuterebbe molto.\n\n" +
        '[Problema noto / soluzione temporanea, se presente]',
      'refund-request':
        'La ringraziamo per averci contattato riguardo al Suo pagamento.\n\n' +
        '[Decisione sul rimborso: approvato / non possibile, con il motivo]. [Se approvato: il rimborso di [importo] verrà accreditato sul Suo metodo di pagamento originale entro [numero] giorni lavorativi.]',
      'product-question': "La ringraziamo per la Sua domanda!\n\n[Risposta, passo per passo]\n\n[Link all'articolo di aiuto, se disponibile]",
      other: 'La ringraziamo per il Suo messaggio.\n\n[Risposta alla richiesta]',
    },
    followUp: 'La ringraziamo per l’aggiornamento. [Risposta al nuovo messaggio]',
    closing: 'Cordiali saluti,\n[Nome]\nTeam di supporto',
  },
  'fr-informal': {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Salut ${name},` : 'Salut,'),
    bodies: {
      'bug-report':
        "merci de nous avoir signalé ce problème, et désolé pour la gêne que ça te cause. On regarde ça de près.\n\n" +
        "Peux-tu nous dire quel appareil et quelle version de l'appli tu utilises, et les étapes qui mènent au problème ? Une capture d'écran nous aiderait beaucoup.\n\n" +
        '[Problème connu / solution de contournement, le cas échéant]',
      'refund-request':
        'merci de nous avoir contactés au sujet de ton paiement.\n\n' +
        '[Décision de remboursement : accepté / impossible, avec la raison]. [Si accepté : le remboursement de [montant] sera effectué sur ton moyen de paiement initial sous [nombre] jours ouvrés.]',
      'product-question': "merci pour ta question !\n\n[Réponse, étape par étape]\n\n[Lien vers l'article d'aide, s'il existe]",
      other: 'merci pour ton message.\n\n[Réponse à la demande]',
    },
    followUp: 'merci pour ton retour. [Réponse au nouveau message]',
    closing: 'Bonne journée,\n[Prénom]\nÉquipe support',
  },
  'pt-PT': {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
    bodies: {
      'bug-report':
        'Obrigado por nos informar, e lamentamos o incómodo que isto lhe causa. Já estamos a verificar.\n\n' +
        'Pode indicar-nos que dispositivo e que versão da aplicação está a utilizar, e os passos que levam ao problema? Uma captura de ecrã ajuda muito.\n\n' +
        '[Problema conhecido / solução temporária, se houver]',
      'refund-request':
        'Obrigado pelo seu contacto sobre o pagamento.\n\n' +
        '[Decisão sobre o reembolso: aprovado / não é possível, com o motivo]. [Se aprovado: o reembolso de [valor] será feito no seu método de pagamento original no prazo de [número] dias úteis.]',
      'product-question': 'Obrigado pela sua pergunta!\n\n[Resposta, passo a passo]\n\n[Ligação para o artigo de ajuda, se existir]',
      other: 'Obrigado pela sua mensagem.\n\n[Resposta ao pedido]',
    },
    followUp: 'Obrigado pela atualização. [Resposta à nova mensagem]',
    closing: 'Com os melhores cumprimentos,\n[Nome]\nEquipa de apoio',
  },
  'pt-PT-informal': {
    capitalAfterGreeting: true,
    greeting: (name) => (name ? `Olá ${name},` : 'Olá,'),
    bodies: {
      'bug-report':
        'Obrigado por nos avisares, e lamentamos o incómodo que isto te causa. Já estamos a verificar.\n\n' +
        'Podes dizer-nos que dispositivo e que versão da aplicação estás a usar, e os passos que levam ao problema? Uma captura de ecrã ajuda muito.\n\n' +
        '[Problema conhecido / solução temporária, se houver]',
      'refund-request':
        'Obrigado pelo teu contacto sobre o pagamento.\n\n' +
        '[Decisão sobre o reembolso: aprovado / não é possível, com o motivo]. [Se aprovado: o reembolso de [valor] será feito no teu método de pagamento original no prazo de [número] dias úteis.]',
      'product-question': 'Obrigado pela tua pergunta!\n\n[Resposta, passo a passo]\n\n[Ligação para o artigo de ajuda, se existir]',
      other: 'Obrigado pela tua mensagem.\n\n[Resposta ao pedido]',
    },
    followUp: 'Obrigado pela atualização. [Resposta à nova mensagem]',
    closing: 'Cumprimentos,\n[Nome]\nEquipa de apoio',
  },
};

/** "This help-center article explains it:" per template language, or variant where it differs (the offline draft links the best article). */
const ARTICLE_INTRO: Record<string, string> = {
  en: 'This article from our help center explains it step by step:',
  de: 'In diesem Artikel aus unserem Hilfe-Center ist es Schritt für Schritt erklärt:',
  nl: 'In dit artikel uit ons helpcentrum wordt het stap voor stap uitgelegd:',
  fr: 'Cet article de notre centre d’aide l’explique étape par étape :',
  it: 'Questo articolo del nostro centro assistenza lo spiega passo per passo:',
  es: 'Este artículo de nuestro centro de ayuda lo explica paso a paso:',
  sv: 'Den här artikeln i vårt hjälpcenter förklarar det steg för steg:',
  pt: 'Este artigo da nossa central de ajuda explica passo a passo:',
  'pt-PT': 'Este artigo do nosso centro de ajuda explica passo a passo:',
  'pt-PT-informal': 'Este artigo do nosso centro de ajuda explica passo a passo:',
};

/** Every template variant (language, or language and register) with its bodies, for checks over all of them. */
export function templateBodies(): { variant: string; bodies: Record<Category, string> }[] {
  return Object.entries(TEMPLATES).map(([variant, t]) => ({ variant, bodies: t.bodies }));
}

/** Languages with their own templates; anything else gets English. */
export const TEMPLATE_LANGUAGES = Object.keys(TEMPLATES).filter((k) => !k.includes('-'));

/** The language a template reply for `language` is written in: itself when there are templates, else English. */
export function templateLanguage(language: string): string {
  return TEMPLATES[language] ? language : 'en';
}

/**
 * The reply template for a category in the customer's language, mirroring how the customer addresses us
 * (`customerText`: Sie/du, vous/tu, u/je, usted/tú, Lei/tu, European/Brazilian Portuguese; the polite form when the
 * text shows none). `plan` is accepted but never written
 * into the reply: enrichment data is for the agent, not a fact to state to the customer.
 */
export function draftTemplate(input: {
  language: string;
  category: Category;
  contactName: string | null;
  plan?: string | null;
  followUp: boolean;
  /** A help-center article in the customer's language to link before the closing. */
  article?: { title: string; url: string };
  customerText?: string;
  /** The customer's own words when customerText also holds a forwarded mail: they decide the address form. */
  ownText?: string;
}): string {
  const variant = replyVariant(input.language, input.customerText ?? '', input.ownText ?? input.customerText ?? '');
  const t = TEMPLATES[variant] ?? TEMPLATES[input.language] ?? (TEMPLATES.en as LanguageTemplates);
  const formal = variant.endsWith('-formal');
  const contact = input.contactName ? writtenAsName(input.contactName.trim().replace(/\s+/g, ' ')) : null;
  const name = (formal ? contact : firstName(contact)) || null;
  const body = input.followUp ? t.followUp : t.bodies[input.category];
  // With a real article to link, the "[link to the help article]" placeholder goes.
  const text = body
    .split('\n\n')
    .filter((p) => !(input.article && /^\[[^\]]*(link|lien|enlace|länk|ligação|ligacao)[^\]]*\]$/i.test(p)))
    .join('\n\n');
  const cased = t.capitalAfterGreeting ? capitalise(text) : text;
  const intro = ARTICLE_INTRO[variant] ?? ARTICLE_INTRO[input.language] ?? ARTICLE_INTRO.en;
  const link = input.article ? ['', `${intro}\n${input.article.title}: ${input.article.url}`] : [];
  return [t.greeting(name), '', cased, ...link, '', t.closing].join('\n');
}

/** Particles that stay in lower case inside a name ("van Dijk", "de la Fontaine", "dos Santos"). */
const PARTICLES = new Set(['van', 'von', 'der', 'den', 'de', 'del', 'della', 'di', 'da', 'das', 'do', 'dos', 'du', 'la', 'le', 'zu', 'ten', 'ter', 'y', 'e']);

/**
 * A name typed all in capitals or all in lower case, written as a name ("FLORIAN WIMMER", "anna van dijk" → "Florian
 * Wimmer", "Anna van Dijk"); a name with capitals of its own ("McDonald", "de Groot") is kept as it is. A particle stays
 * in lower case only before the rest of the name; at its end it is the surname ("DAVID LE" → "David Le", "KIM DO").
 */
function writtenAsName(name: string): string {
  if (name !== name.toUpperCase() && name !== name.toLowerCase()) return name;
  const words = name.toLowerCase().split(' ');
  const particle = (i: number) => i > 0 && PARTICLES.has(words[i]!) && words.slice(i + 1).some((w) => !PARTICLES.has(w));
  return words
    .map((word, i) => (particle(i) ? word : word.replace(/(^|[-'’])(\p{L})/gu, (_, sep: string, letter: string) => sep + letter.toUpperCase())))
    .join(' ');
}

/** Titles and forms of address a contact name may start with ("Dr.", "Prof.", "Herr", "Mrs", "Mme", "Sra.", …). */
const TITLE = /^(dr|prof|mr|mrs|ms|miss|mx|sir|herr|frau|fr|hr|dipl|dott|dottssa|sigra|avv|m|mme|mlle|sr|sra|srta|dña|dª|d|dra|eng|engª|dhr|mevr|mw)\.?$/i;
/**
 * Titles that are also first names ("Ing" is Swedish, "Sig" a short Sigurd, "Me", "Mag"): a title
 * when written with the dot ("Ing.", "Sig.", "Me."), or without it only before a first name and a surname ("Ing Peter
 * Huber"); "Ing Larsson" is Ing.
 */
const TITLE_OR_NAME = /^(ing|mag|sig|me)(\.?)$/i;

/** True when `words[i]` is a title, not the first name. */
function isTitle(words: string[], i: number): boolean {
  const word = words[i]!;
  if (TITLE.test(word)) return true;
  const ambiguous = TITLE_OR_NAME.exec(word);
  return ambiguous !== null && (ambiguous[2] === '.' || words.length - i - 1 >= 2);
}

/** The first name for an informal greeting: the first word after any titles; none when only a surname follows ("Herr Müller"). */
function firstName(contactName: string | null): string | null {
  const words = contactName?.trim().split(/\s+/) ?? [];
  let i = 0;
  while (i < words.length && isTitle(words, i)) i++;
  const rest = words.slice(i);
  if (rest.length === 0 || (i > 0 && rest.length < 2)) return null;
  return rest[0]!;
}

function capitalise(text: string): string {
  // '¡gracias' → '¡Gracias': skip leading punctuation.
  return text.replace(/^(\P{L}*)(\p{L})/u, (_, pre: string, first: string) => pre + first.toUpperCase());
}
