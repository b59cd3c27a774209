import EmailReplyParser from 'email-reply-parser';
import { htmlToText, stripHidden } from '../util/html-text.js';
import { isForwardSubject } from '../util/mail-subject.js';

/** The parts of a Chatwoot message that can carry the customer's text. */
export interface MessageTextSource {
  content: string | null | undefined;
  /** Chatwoot's `content_attributes` (email messages carry `email.text_content` / `email.html_content`). */
  contentAttributes?: unknown;
  /** The mail's subject: "Fw:"/"WG:"/"TR:" … tells a forward from a reply where the quote header is the same. */
  subject?: string | null;
}

const HTML_HINT = /<(?:(?:html|body|div|p|br|span|table|td|blockquote|font|center|h[1-6])\b|!--)/i;

function pick(obj: unknown, ...path: string[]): unknown {
  let cur: unknown = obj;
  for (const key of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string, unknown>)[key];
  }
  return cur;
}

function nonEmpty(v: unknown): string | undefined {
  return typeof v === 'string' && v.trim() !== '' ? v : undefined;
}

/**
 * Outlook's header block above earlier mail without a dashed line: "From:" (or its translation) and, on one of the next
 * lines, "Sent:"/"Date:" (or theirs).
 */
const OUTLOOK_HEADER = /^[ \t]*(?:from|von|van|de|da|fr[åa]n)\s*:[^\n]*\n(?:[^\n]*\n){0,2}?[ \t]*(?:sent|date|gesendet|datum|verzonden|datum|envoy[ée]|inviato|data|enviado|fecha|skickat)\s*:/im;

/**
 * Removes quoted history and signatures (email-reply-parser), then tidies whitespace. Earlier mail under a header the
 * parser does not know (Outlook's "-----Ursprüngliche Nachricht-----", "Van: … Verzonden: …", a forward's dashed line in
 * any of the languages served) is cut off first.
 */
export function stripQuotesAndSignature(text: string): string {
  const normalised = text.replace(/\r\n?/g, '\n');
  const cut = [ORIGINAL_MARKER.exec(normalised), FORWARD_MARKER.exec(normalised), OUTLOOK_HEADER.exec(normalised)].reduce(
    (at, m) => (m && m.index > 0 ? Math.min(at, m.index) : at),
    normalised.length,
  );
  const visible = new EmailReplyParser().read(normalised.slice(0, cut)).getVisibleText();
  return tidy(visible);
}

function tidy(text: string): string {
  return text
    .replace(/[\u200B-\u200D\u2060\uFEFF]/g, '')
    .replace(/[ \t]+\n/g, '\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

/**
 * Header lines mail clients put above a forwarded message (Gmail, Apple Mail, Thunderbird, Outlook on the web), in
 * the languages served. They mark forwards only.
 */
const FORWARD_MARKER =
  /^[ \t>]*(?:-{2,}\s*(?:forwarded message|weitergeleitete nachricht|doorgestuurd bericht|message transf[ée]r[ée]|messaggio inoltrato|mensaje reenviado|mensagem encaminhada|vidarebefordrat meddelande)\s*-{2,}|begin forwarded message:|anfang der weitergeleiteten nachricht:|d[ée]but du message r[ée]exp[ée]di[ée]\s*:)[ \t]*$/im;
/** Outlook's header above the earlier mail, the same for a reply and a forward: a forward only under a forward subject. */
const ORIGINAL_MARKER =
  /^[ \t>]*-{2,}\s*(?:original message|urspr[üu]ngliche nachricht|oorspronkelijk bericht|message d'origine|messaggio originale|mensaje original|mensagem original|ursprungligt meddelande)\s*-{2,}[ \t]*$/im;
/** Header lines of the forwarded mail ("From: …", "Von: …", "Envoyé : …", a bare "Subject:"). */
const FORWARD_HEADER_LINE = /^[ \t>]*(?:from|sent|date|to|cc|subject|von|gesendet|datum|an|betreff|van|verzonden|aan|onderwerp|de|envoy[ée]|[àa]|objet|da|inviato|oggetto|data|enviado|para|asunto|fecha|assunto|fr[åa]n|skickat|till|[äa]mne)\s*:.*$/i;
/** Words of the two markers above, to skip the search in the many mails that have neither. */
const FORWARD_HINT = /forward|weitergeleitet|doorgestuurd|transf[ée]r[ée]|r[ée]exp[ée]di|inoltrato|reenviado|encaminhada|vidarebefordrat|original|urspr[üu]ngliche|oorspronkelijk|d'origine|ursprungligt/i;
/** A cover note at most this long ("see below", "my student asked me to send you this") leaves the request to the forwarded mail. */
const COVER_NOTE_MAX_WORDS = 60;

/**
 * A forwarded mail whose request is in the forwarded part: the cover note above it and the forwarded message's own
 * text (its header lines, its quoted history and signature dropped). Null when the text is no forward, or when the cover
 * note is long enough to say what is wanted itself. Pure.
 */
export function forwardedParts(text: string, subject?: string | null): { cover: string; forwarded: string } | null {
  const normalised = text.replace(/\r\n?/g, '\n');
  const marker = FORWARD_MARKER.exec(normalised) ?? (subject && isForwardSubject(subject) ? ORIGINAL_MARKER.exec(normalised) : null);
  if (!marker) return null;
  const cover = stripQuotesAndSignature(normalised.slice(0, marker.index));
  if (cover.split(/\s+/).filter(Boolean).length > COVER_NOTE_MAX_WORDS) return null;
  const lines = normalised.slice(marker.index + marker[0].length).split('\n');
  let start = 0;
  while (start < lines.length && (lines[start]!.trim() === '' || FORWARD_HEADER_LINE.test(lines[start]!))) start++;
  const forwarded = stripQuotesAndSignature(lines.slice(start).join('\n'));
  return forwarded === '' ? null : { cover, forwarded };
}

/** A message's text parts, and the forward it holds (null when none). */
function readSource(source: MessageTextSource) {
  const email = pick(source.contentAttributes, 'email');
  const trimmedText = nonEmpty(pick(email, 'text_content', 'quoted'));
  const trimmedHtml = nonEmpty(pick(email, 'html_content', 'quoted'));
  const hidingHtml = [trimmedHtml, nonEmpty(pick(email, 'html_content', 'full'))].find((h) => h !== undefined && stripHidden(h).hidText);
  const content = source.content ?? '';
  const asText = (body: string) => (HTML_HINT.test(body) ? htmlToText(body) : body);
  // The whole body (Chatwoot's trimmed parts have cut a forward off), read only when it may hold one.
  const whole = hidingHtml ? (nonEmpty(pick(email, 'html_content', 'full')) ?? hidingHtml) : content;
  const forward = FORWARD_HINT.test(whole) ? forwardedParts(hidingHtml ? htmlToText(whole) : asText(whole), source.subject) : null;
  return { forward, trimmedText, trimmedHtml, hidingHtml, content, asText };
}

/**
 * The words the customer wrote themselves: for a forward, only the cover note (the forwarded mail was written by
 * someone else, to them, so how it addresses its reader says nothing of how the customer addresses us); otherwise
 * customerText. For the reply's address form (Sie/du, tu/você…), not for what the customer wants.
 */
export function customerOwnText(source: MessageTextSource): string {
  const parts = readSource(source);
  return parts.forward ? tidy(parts.forward.cover) : textOfParts(parts);
}

/**
 * The customer's own new text of a message: Chatwoot's trimmed email reply when it has one
 * (`content_attributes.email.text_content.quoted`, misleadingly named), else the trimmed HTML part,
 * else the whole content; HTML becomes text, then quoted mail and signatures are stripped.
 * When the HTML part hides text from its reader (an agent sees the HTML in Chatwoot), the plain-text part
 * cannot be trusted to match what the agent sees, so the visible text of the HTML part is used instead.
 * A forward with a short cover note ("my student asked me to forward this") keeps the forwarded message's text under
 * the note: the request is there, and trimming would drop it as quoted history.
 */
export function customerText(source: MessageTextSource): string {
  const parts = readSource(source);
  return parts.forward ? tidy(`${parts.forward.cover}\n\n${parts.forward.forwarded}`) : textOfParts(parts);
}

/** The text of a message that holds no forward, from its parts (read once by `readSource`). */
function textOfParts({ trimmedText, trimmedHtml, hidingHtml, content, asText }: ReturnType<typeof readSource>): string {
  let text: string;
  if (trimmedText && !hidingHtml) text = trimmedText;
  else if (hidingHtml) text = htmlToText(trimmedHtml ?? hidingHtml);
  else if (trimmedHtml) text = htmlToText(trimmedHtml);
  else text = asText(content);
  const stripped = stripQuotesAndSignature(text);
  // A message that is nothing but a quote keeps its text rather than becoming empty.
  return stripped !== '' ? stripped : tidy(text);
}
