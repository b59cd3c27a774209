/**
 * How the customer addresses us, so a reply mirrors it: formal or informal "you" (Sie/du, vous/tu, u/je, usted/tú,
 * Lei/tu) and, for Portuguese, European or Brazilian usage. Pure functions on the customer's own text.
 */

export type Formality = 'formal' | 'informal' | 'unmarked';

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/** A greeting to the team or a plural "you" addressed to the company, per language (see personalGreetings). */
const GROUP_ADDRESS: Record<string, (text: string) => boolean> = {
  // Lowercase "ihr" only: a capitalised "Ihr" inside a sentence is the formal "your".
  de: (text) => /(?<!\p{L})ihr(?!\p{L})/u.test(text) || /(?<!\p{L})(zusammen|allerseits|an alle|leute|team|euch|euer|eure[mnrs]?|zäme)(?!\p{L})/iu.test(text),
  nl: (text) => /(?<!\p{L})(jullie|allemaal|iedereen|allen|team)(?!\p{L})/iu.test(text),
  fr: (text) => /(?<!\p{L})(à tou(s|tes)|a tou(s|tes)|tout le monde|l['’]équipe|la team|les (amis|gars|copains))(?!\p{L})/iu.test(text),
  it: (text) => /(?<!\p{L})(a tutt[ie]|ragazz[ie]|voi|vostr[oaie]|potete|avete|siete|team)(?!\p{L})/iu.test(text),
};

/**
 * Informal greetings ("Hey", "Hoi", "Salut", "Ciao") that count as the informal register only when the text does not
 * address a group: to the whole team ("Hey Leute", "Salut à tous") or beside a plural "you" to the company ("Hey, könnt
 * ihr…", "Hoi, kunnen jullie…") the greeting is said to everyone, which marks no register, like the plural itself.
 */
function personalGreetings(language: string, text: string, greeting: RegExp): number {
  return GROUP_ADDRESS[language]?.(text) ? 0 : count(text, greeting);
}

/**
 * Formal vs informal address in German, French, Dutch, Spanish, Italian and Portuguese. German "Sie/Ihnen/Ihr…" and Italian
 * "Lei/La/Le/Suo…" count as formal only when capitalised inside a sentence (at a sentence start they may mean
 * "she/they", "her" or an article); greetings and sign-offs count too. Spanish and Italian have no pronoun in most
 * sentences, so the common second-person verb forms ("puedes", "puoi") count as informal; the third-person courtesy
 * forms ("podría", "potrebbe") are left out (they also mean "it could"), the polite default covers them. A plural "you"
 * addressed to the company (Dutch "jullie", German "ihr", "euch", "euer", Spanish "vosotros", "podéis", "os") marks
 * neither register, nor does an informal greeting said to the whole team ("Hey Leute", "Salut à tous", "Ciao a tutti")
 * or a semi-formal sign-off ("LG", "Liebe Grüße", "Groetjes", "Doei"), common in e-mail written with Sie or u: only a
 * singular informal "you" (du, je/jij, tu) or an informal greeting to one person ("Hey Jonas", "Hoi Jan") is informal.
 */
export function formality(language: string, text: string): Formality {
  let formal = 0;
  let informal = 0;
  if (language === 'de') {
    formal += count(text, /(?<![.!?:]\s+|^)\b(Sie|Ihnen|Ihre[mnrs]?)\b/gm);
    formal += 2 * count(text, /\b(sehr geehrte[rn]?|mit freundlichen grü(ß|ss)en|freundliche grü(ß|ss)e)\b/gi);
    // "ihr", "euch", "euer" (you, plural) address the company, like Dutch "jullie": neutral, not counted, so "Könnt ihr
    // mir helfen?" gets the polite default unless the customer also says "du", "dich", "dir" to a person.
    informal += count(text, /\b(du|dich|dir|dein(e[mnrs]?)?)\b/gi);
    // "Hey Jonas" is informal; "Hey Leute", "Hallo zusammen", "Hallo ihr Lieben", Swiss "Hoi zäme" greet a group, like
    // "ihr": neutral. "LG" / "Liebe Grüße" close many e-mails written with Sie: neutral.
    informal += personalGreetings(language, text, /(?<!\p{L})hey(?!\p{L})/giu);
  } else if (language === 'fr') {
    formal += count(text, /\b(vous|votre|vos)\b/gi);
    formal += 2 * count(text, /\b(madame|monsieur|cordialement|je vous prie)\b/gi);
    informal += count(text, /\b(tu|toi|ton|ta|tes|t'|t’)(?=\s|\b)/gi);
    // "Salut Marc" is informal; "Salut à tous", "Coucou tout le monde" greet the team: neutral ("vous" is then the plural
    // and the polite form at once).
    informal += personalGreetings(language, text, /\b(salut|coucou)\b/gi);
    informal += count(text, /\bbisous\b/gi);
  } else if (language === 'nl') {
    formal += count(text, /\b(u|uw)\b/gi);
    formal += 2 * count(text, /\b(geachte|met vriendelijke groet|hoogachtend)\b/gi);
    // "jullie" (you, plural) addresses the company, not a person: neutral, as "kunnen jullie mij helpen?" is polite enough.
    informal += count(text, /\b(je|jij|jou|jouw)\b/gi);
    // "Hoi"/"hey" greet one person informally ("Hoi Jan"); to the whole team ("Hoi allemaal", "Hey iedereen", "Hoi,
    // kunnen jullie…") they are neutral, like "jullie". "Groetjes" and "doei" close many e-mails written with u: neutral.
    informal += personalGreetings(language, text, /\b(hoi|hey)\b/gi);
  } else if (language === 'es') {
    formal += count(text, /\b(usted(es)?|ud|uds|vd)\b/giu);
    formal += count(text, /(?<![\p{L}])(le agradecería|le agradezco|les agradezco|le escribo|le ruego|podría usted|puede usted)(?![\p{L}])/giu);
    formal += 2 * count(text, /(?<![\p{L}])(estimad[oa]s?|atentamente|cordialmente|muy señor(es)?|un cordial saludo)(?![\p{L}])/giu);
    // Vosotros forms ("podéis", "os", "vuestra") address the company as a plural, like Dutch "jullie": neutral, not
    // counted, so they get the polite default unless the customer also uses a tú form to a person ("te mando").
    informal += count(text, /(?<![\p{L}])(tú|contigo)(?![\p{L}])/giu);
    informal += count(text, /\b(te|ti|tu|tus)\b/giu);
    informal += count(text, /(?<![\p{L}])(puedes|podrías|tienes|sabes|quieres|necesitas|ayúdame|dime|mira|oye)(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(besos|abrazos|saludos,? crack)(?![\p{L}])/giu);
  } else if (language === 'it') {
    formal += count(text, /(?<![.!?:]\s+|^)(?<![\p{L}])(Lei|La|Le|Suo|Sua|Suoi|Sue)(?![\p{L}])/gmu);
    formal += count(text, /(?<![\p{L}])(la ringrazio|le scrivo|le chiedo|la prego)(?![\p{L}])/giu);
    formal += 2 * count(text, /(?<![\p{L}])(gentile|egregi[oa]|spett\.?le|cordiali saluti|distinti saluti)(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(tu|ti|te|tuo|tua|tuoi|tue)(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(puoi|potresti|hai|sai|vuoi|aiutami|dimmi|scusami)(?![\p{L}])/giu);
    // "Ciao Marco" is informal; "Ciao a tutti", "Ciao, potete…" greet the team: neutral.
    informal += personalGreetings(language, text, /(?<![\p{L}])ciao(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(un abbraccio|baci)(?![\p{L}])/giu);
  } else if (language === 'pt') {
    // European Portuguese: "tu" with second-person verbs is informal; "o senhor", "a senhora", "V. Exa." are formal.
    // Brazilian "você" is the everyday form there and marks neither.
    formal += count(text, /(?<![\p{L}])(o senhor|a senhora|os senhores|v\. ?exa|vossa excelência|exmo|exma)(?![\p{L}])/giu);
    formal += 2 * count(text, /(?<![\p{L}])(com os melhores cumprimentos|atenciosamente)(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(tu|te|ti|contigo|teu|tua|teus|tuas)(?![\p{L}])/giu);
    informal += count(text, /(?<![\p{L}])(podes|tens|consegues|sabes|queres|ajuda-me|diz-me)(?![\p{L}])/giu);
  } else {
    return 'unmarked';
  }
  if (formal > informal) return 'formal';
  if (informal > formal) return 'informal';
  return 'unmarked';
}

/**
 * Words and spellings only European Portuguese uses (vocabulary: telemóvel, ecrã, ficheiro, partilhar, palavra-passe;
 * the polite "gostava de saber/pedir…"; the acute where Brazil writes a circumflex: eletrónico, académico, género, prémio;
 * "estar a" + infinitive). Not the words Brazil uses every day in another sense: "gostava" alone (its past: "eu gostava
 * do app"), "descarregar" (a battery, a lorry; the download is told by its object, "ficheiro"), "rato" (the animal),
 * "obrigadinho" (both), "pá" other than the interjection ("uma pá de coisas"), "estar a par" (to know about).
 * Bounded by letters, not `\b`, which in JavaScript ends at an accented letter ("ecrã", "você" never matched).
 */
const EUROPEAN_PT =
  /(?<!\p{L})(telemóvel|telemovel|ecrã|ecra|subscrição|subscricao|utilizador(es)?|equipa|contacto|aplicação móvel|está a (?!par(?!\p{L}))\p{L}+r|estou a (?!par(?!\p{L}))\p{L}+r|podes|tens|consegues|fixe|(ó )?pá(?=\s*[,!]|\s*$)|ficheiros?|partilh\p{L}*|palavra-passe|gostava de (saber|perguntar|pedir|receber|obter|cancelar|alterar|mudar|falar|esclarecer|solicitar|confirmar|reclamar|devolver|marcar|reservar|encomendar)|apontamentos|autocarro|pequeno-almoço|casa de banho|registo|ele(c)?trónic\p{L}*|académic\p{L}*|económic\p{L}*|telefónic\p{L}*|género|prémio|fenómeno|antónio)(?!\p{L})/gu;
/** Their Brazilian counterparts, and words only Brazil uses (você, celular, tela, arquivo, compartilhar, "estar" + gerund). */
const BRAZILIAN_PT =
  /(?<!\p{L})(você|voce|vocês|celular|tela|assinatura|usuário|usuario|equipe|contato|aplicativo|pra|oi|tô|estou \p{L}+ndo|está \p{L}+ndo|legal|cadê|arquivos?|compartilh\p{L}*|registro|ônibus|café da manhã|banheiro|eletrônic\p{L}*|acadêmic\p{L}*|econômic\p{L}*|telefônic\p{L}*|gênero|prêmio|fenômeno|antônio)(?!\p{L})/gu;

/** European ('PT') or Brazilian ('BR') Portuguese from vocabulary, spelling and grammar markers; Brazilian when unmarked. */
export function portugueseVariant(text: string): 'PT' | 'BR' {
  const lower = text.toLowerCase();
  const pt = count(lower, EUROPEAN_PT);
  const br = count(lower, BRAZILIAN_PT);
  return pt > br ? 'PT' : 'BR';
}

/** Languages with a formal and an informal reply template, each answered formally unless the customer writes informally. */
const FORMAL_BY_DEFAULT = new Set(['de', 'nl', 'es', 'it']);

/**
 * The template key for a reply in `language` mirroring `text`: the informal "you" only to a customer who writes
 * informally, the polite one otherwise (also when the text shows no address form at all). 'de-formal', 'nl-formal',
 * 'es-formal', 'it-formal' (Sie, u, usted, Lei) or the language itself (du, je, tú, tu); 'fr-informal' (tu) or 'fr'
 * (vous); 'pt-PT-informal' (tu), 'pt-PT' (o senhor / a senhora, and the polite default) or 'pt' (Brazilian
 * Portuguese, "você"). `ownText`: the customer's own words when `text` also holds someone else's (a forwarded mail).
 */
export function replyVariant(language: string, text: string, ownText: string = text): string {
  // The address form from what the customer wrote themselves; the Portuguese variant (the country) from the whole text.
  const f = formality(language, ownText);
  if (FORMAL_BY_DEFAULT.has(language)) return f === 'informal' ? language : `${language}-formal`;
  if (language === 'fr' && f === 'informal') return 'fr-informal';
  if (language === 'pt' && portugueseVariant(text) === 'PT') return f === 'informal' ? 'pt-PT-informal' : 'pt-PT';
  return language;
}
