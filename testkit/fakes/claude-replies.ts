import { toolName, userText, type FakeMessagesRequest, type FakeReply } from './anthropic.js';

/**
 * A well-behaved fake Claude for multilingual runs (fault suite, bench): a valid triage, and a draft in
 * the reply_language the pipeline asked for (the pipeline rejects a draft in another language).
 */
export const DRAFTS: Record<string, string> = {
  de: 'Hallo, vielen Dank für Ihre Nachricht. Wir prüfen Ihr Anliegen und melden uns so schnell wie möglich bei Ihnen.',
  nl: 'Hallo, hartelijk dank voor je bericht. We bekijken het en nemen zo snel mogelijk contact met je op.',
  fr: 'Bonjour, merci beaucoup pour votre message. Nous examinons votre demande et revenons vers vous dès que possible.',
  en: 'Hello, thank you very much for your message. We are looking into it and will get back to you as soon as possible.',
  it: 'Ciao, grazie mille per il tuo messaggio. Stiamo verificando e ti risponderemo il prima possibile.',
  es: 'Hola, muchas gracias por tu mensaje. Lo estamos revisando y te responderemos lo antes posible.',
  pt: 'Olá, muito obrigado pela sua mensagem. Estamos a verificar e responderemos o mais rapidamente possível.',
  sv: 'Hej, tack så mycket för ditt meddelande. Vi tittar på det och återkommer till dig så snart som möjligt.',
  da: 'Hej, mange tak for din besked. Vi kigger på det og vender tilbage til dig hurtigst muligt.',
  no: 'Hei, tusen takk for meldingen din. Vi ser på saken og kommer tilbake til deg så snart som mulig.',
  pl: 'Dzień dobry, bardzo dziękujemy za wiadomość. Sprawdzamy sprawę i odpowiemy najszybciej, jak to możliwe.',
};

/** The reply_language line of a write_draft request ('unknown' when absent). */
export function replyLanguage(req: FakeMessagesRequest): string {
  return /^reply_language: (\S+)$/m.exec(userText(req))?.[1] ?? 'unknown';
}

export function draftIn(language: string): string {
  return DRAFTS[language] ?? DRAFTS.en!;
}

export const VALID_ANALYSIS = {
  translation: 'Translated text.',
  category: 'bug-report',
  priority: 'high',
  confidence: 0.9,
  summary: 'The customer reports a problem.',
} as const;

/** A valid answer to either tool: the triage above, or a short draft in the requested language. */
export function politeReply(req: FakeMessagesRequest): FakeReply {
  if (toolName(req) === 'write_draft') return { kind: 'tool', input: { reply: draftIn(replyLanguage(req)) } };
  return { kind: 'tool', input: { ...VALID_ANALYSIS } };
}
