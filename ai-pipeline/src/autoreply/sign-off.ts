/**
 * The line appended to every message the assistant sends: it says an assistant wrote it and how to reach a
 * person. In the customer's language when we have it, English otherwise.
 */
const SIGN_OFFS: Record<string, string> = {
  en: 'This answer was written by our AI assistant from our help center. If it does not solve your problem, just reply and a person from our team will take over.',
  de: 'Diese Antwort hat unser KI-Assistent aus unserem Hilfe-Center verfasst. Wenn sie dir nicht weiterhilft, antworte einfach, dann übernimmt eine Person aus unserem Team.',
  fr: 'Cette réponse a été rédigée par notre assistant IA à partir de notre centre d’aide. Si elle ne résout pas votre problème, répondez simplement et une personne de notre équipe prendra le relais.',
  it: 'Questa risposta è stata scritta dal nostro assistente IA in base al nostro centro assistenza. Se non risolve il problema, rispondi e una persona del nostro team ti aiuterà.',
  es: 'Esta respuesta la ha escrito nuestro asistente de IA a partir de nuestro centro de ayuda. Si no resuelve tu problema, responde y una persona de nuestro equipo se encargará.',
  nl: 'Dit antwoord is geschreven door onze AI-assistent op basis van ons helpcentrum. Helpt het niet, antwoord dan gewoon en een medewerker van ons team neemt het over.',
};

export function signOff(language: string): string {
  return SIGN_OFFS[language] ?? SIGN_OFFS.en!;
}

/** The message the customer receives: the draft, a rule, the sign-off in italics. */
export function autoReplyMessage(draft: string, language: string): string {
  return `${draft.trim()}\n\n—\n_${signOff(language)}_`;
}
