import EmailReplyParser from 'email-reply-parser';
import { convert } from 'html-to-text';

/** The parts of a Chatwoot message that can carry the customer's text. */
export interface MessageTextSource {
  content: string | null | undefined;
  /** Chatwoot's `content_attributes` (email messages carry `email.text_content` / `email.html_content`). */
  contentAttributes?: unknown;
}

const HTML_HINT = /<(html|body|div|p|br|span|table|blockquote)\b/i;

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

export function htmlToText(html: string): string {
  return convert(html, {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
    ],
  });
}

/** Removes quoted history and signatures (email-reply-parser), then tidies whitespace. */
export function stripQuotesAndSignature(text: string): string {
  const visible = new EmailReplyParser().read(text.replace(/\r\n?/g, '\n')).getVisibleText();
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
 * The customer's own new text of a message: Chatwoot's trimmed email reply when it has one
 * (`content_attributes.email.text_content.quoted`, misleadingly named), else the trimmed HTML part,
 * else the whole content; HTML becomes text, then quoted mail and signatures are stripped.
 */
export function customerText(source: MessageTextSource): string {
  const email = pick(source.contentAttributes, 'email');
  const trimmedText = nonEmpty(pick(email, 'text_content', 'quoted'));
  const trimmedHtml = nonEmpty(pick(email, 'html_content', 'quoted'));
  let text: string;
  if (trimmedText) text = trimmedText;
  else if (trimmedHtml) text = htmlToText(trimmedHtml);
  else {
    const content = source.content ?? '';
    text = HTML_HINT.test(content) ? htmlToText(content) : content;
  }
  const stripped = stripQuotesAndSignature(text);
  // A message that is nothing but a quote keeps its text rather than becoming empty.
  return stripped !== '' ? stripped : tidy(text);
}
