/**
 * How the customer addresses us, so a reply mirrors it: formal or informal "you" (Sie/du, vous/tu, u/je) and,
 * for Portuguese, European or Brazilian usage. Pure functions on the customer's own text.
 */

export type Formality = 'formal' | 'informal' | 'unmarked';

function count(text: string, pattern: RegExp): number {
  return text.match(pattern)?.length ?? 0;
}

/**
 * Formal vs informal address in German, French and Dutch. German "Sie/Ihnen/Ihr…" counts as formal only when it
 * is capitalised inside a sentence (at a sentence start "Sie" may mean "she/they"); greetings count too.
 */
export function formality(language: string, text: string): Formality {
  let formal = 0;
  let informal = 0;
  if (language === 'de') {
    formal += count(text, /(?<![.!?:]\s+|^)\b(Sie|Ihnen|Ihre[mnrs]?)\b/gm);
    formal += 2 * count(text, /\b(sehr geehrte[rn]?|mit freundlichen grü(ß|ss)en|freundliche grü(ß|ss)e)\b/gi);
    informal += count(text, /\b(du|dich|dir|dein(e[mnrs]?)?|euch|eu(e)?r(e[mnrs]?)?)\b/gi);
    informal += count(text, /(?<![.!?:]\s+|^)\bihr\b/gm);
    informal += count(text, /\b(hallo zusammen|hoi zäme|liebe grü(ß|ss)e|lg)\b/gi);
  } else if (language === 'fr') {
    formal += count(text, /\b(vous|votre|vos)\b/gi);
    formal += 2 * count(text, /\b(madame|monsieur|cordialement|je vous prie)\b/gi);
    informal += count(text, /\b(tu|toi|ton|ta|tes|t'|t’)(?=\s|\b)/gi);
    informal += count(text, /\b(salut|coucou|bisous)\b/gi);
  } else if (language === 'nl') {
    formal += count(text, /\b(u|uw)\b/gi);
    formal += 2 * count(text, /\b(geachte|met vriendelijke groet|hoogachtend)\b/gi);
    informal += count(text, /\b(je|jij|jou|jouw|jullie)\b/gi);
    informal += count(text, /\b(hoi|hey|groetjes|doei)\b/gi);
  } else {
    return 'unmarked';
  }
  if (formal > informal) return 'formal';
  if (informal > formal) return 'informal';
  return 'unmarked';
}

/** European ('PT') or Brazilian ('BR') Portuguese from vocabulary and grammar markers; Brazilian when unmarked. */
export function portugueseVariant(text: string): 'PT' | 'BR' {
  const lower = text.toLowerCase();
  const pt = count(
    lower,
    /\b(telemóvel|telemovel|ecrã|ecra|subscrição|subscricao|utilizador|equipa|contacto|aplicação móvel|obrigadinh[oa]|está a \p{L}+r|estou a \p{L}+r|podes|tens|consegues|fixe|pá)\b/gu,
  );
  const br = count(
    lower,
    /\b(você|voce|vocês|celular|tela|assinatura|usuário|usuario|equipe|contato|aplicativo|pra|oi|tô|estou \p{L}+ndo|está \p{L}+ndo|legal|cadê)\b/gu,
  );
  return pt > br ? 'PT' : 'BR';
}

/**
 * The template key for a reply in `language` mirroring `text`: 'de-formal', 'nl-formal', 'fr-informal', 'pt-PT',
 * or the language itself (the default register: du, je, vous, Brazilian Portuguese).
 */
export function replyVariant(language: string, text: string): string {
  const f = formality(language, text);
  if ((language === 'de' || language === 'nl') && f === 'formal') return `${language}-formal`;
  if (language === 'fr' && f === 'informal') return 'fr-informal';
  if (language === 'pt' && portugueseVariant(text) === 'PT') return 'pt-PT';
  return language;
}
