import { findLinks, type FoundLink } from './links.js';

/**
 * Makes customer- or model-derived text inert for Chatwoot's note renderer. Pure.
 *
 * Chatwoot turns `(mention://user/<id>/<name>)` in a private note into a notification (the backend scans
 * the raw content), renders markdown images and HTML as elements that load when an agent opens the
 * conversation, and draws headings, lists and quotes from markdown. Every function here returns markdown
 * that renders as the literal text it was given: no mention, no image, no HTML, no heading, no line that
 * leaves its quote block, and no copy of the marker line the pipeline recognises its own notes by.
 */

/** Every character a line may break on (CR, LF, NEL, LS, PS, VT, FF). */
const LINE_BREAKS = /\r\n|[\r\n\u0085\u2028\u2029\v\f]/g;
/** Control, bidirectional-override and zero-width characters: invisible, or able to disguise text. */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const INVISIBLE = /[\u0000-\u0008\u000E-\u001F\u007F-\u0084\u0086-\u009F\u00AD\u061C\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u206F\uFEFF\uFFF9-\uFFFB]/g;
/** Markdown punctuation that can start an inline construct (emphasis, code, link, image, HTML, table, strike). */
const INLINE_SPECIAL = /[\\`*_[\]<>|~]/g;
/** A line start that would become a heading, list, quote, rule, setext underline or ordered list. */
const BLOCK_START = /^(\s*)([#>+=-]|\d{1,9}[.)])/;
/** Chatwoot's mention link scheme, in any case, with any spacing or escapes between its parts. */
const MENTION = /mention\s*:\s*(?:\\?\/\s*){2}/gi;
/** The words the pipeline's own note marker starts with (`ai-triage ref …`). */
const MARKER = /ai\s*[-‐‑–—]?\s*triage(\s+)ref/gi;

/** Line breaks of every kind become `\n`; invisible and control characters go. Tabs stay. */
export function normaliseLines(text: string): string {
  return text.replace(LINE_BREAKS, '\n').replace(INVISIBLE, '');
}

/** Breaks mention links and marker lines in raw markdown without changing how the text reads. */
export function defuse(text: string): string {
  return text.replace(MENTION, 'mention:\\/\\/').replace(MARKER, 'ai\\-triage$1ref');
}

/** One line of plain text as markdown that renders as exactly that text. */
function escapeLine(line: string): string {
  const escaped = line.replace(INLINE_SPECIAL, '\\$&').replace(BLOCK_START, (_m, space: string, lead: string) =>
    lead.length > 1 ? `${space}${lead.slice(0, -1)}\\${lead.slice(-1)}` : `${space}\\${lead}`,
  );
  return defuse(escaped);
}

export interface InlineOptions {
  /** Longest result, in characters of the source text (default 200). */
  maxLength?: number;
}

/** Outside text on one line of a note (a summary, a Sentry title, a reason): line breaks become spaces. */
export function inlineText(text: string, options: InlineOptions = {}): string {
  const oneLine = normaliseLines(text).replace(/\n+/g, ' ');
  return escapeLine(oneLine.slice(0, options.maxLength ?? 200));
}

/** Outside text as a block of lines, each rendered literally. */
export function blockText(text: string): string {
  return normaliseLines(text).split('\n').map(escapeLine).join('\n');
}

/** Outside text as a markdown quote: every line (whatever broke it) stays inside the quote. */
export function quoteBlock(text: string): string {
  return blockText(text.trim())
    .split('\n')
    .map((line) => (line.trim() === '' ? '>' : `> ${line}`))
    .join('\n');
}

export const LINK_REMOVED = '[link removed]';

export interface DraftTextOptions {
  /** True for a link that must not reach the agent (found in none of the inputs): it is replaced by `[link removed]`. */
  isUnsupported: (url: string) => boolean;
}

/** A URL shown as a code span: visible, with its host, and not clickable. */
function urlAsText(url: string): string {
  const plain = normaliseLines(url).replace(/\s+/g, '').replace(/`/g, '%60');
  return `\`${defuse(plain)}\``;
}

function renderLink(link: FoundLink, options: DraftTextOptions): string {
  if (link.url === null) return escapeLine(link.text);
  const label = link.label?.trim() ?? '';
  const showLabel = label !== '' && label !== link.url && !link.image;
  if (options.isUnsupported(link.url)) return showLabel ? `${escapeLine(label)} ${LINK_REMOVED}` : LINK_REMOVED;
  if (link.kind === 'bare') return escapeLine(link.text);
  return showLabel ? `${escapeLine(label)} (${urlAsText(link.url)})` : urlAsText(link.url);
}

/**
 * A model-written draft as note markdown: rendered as plain text; every link (markdown, reference-style,
 * image, HTML, autolink, bare, protocol-relative, bare IP) shown as text with its host, or replaced by
 * `[link removed]` when `isUnsupported` says so. Returns the text and the links it removed.
 */
export function draftText(draft: string, options: DraftTextOptions): { text: string; removed: string[] } {
  const removed: string[] = [];
  const lines = normaliseLines(draft.trim()).split('\n');
  const out = lines.map((line) => {
    let result = '';
    let at = 0;
    for (const link of findLinks(line, draft)) {
      result += escapeLine(line.slice(at, link.start));
      if (link.url !== null && options.isUnsupported(link.url)) removed.push(link.url);
      result += renderLink(link, options);
      at = link.end;
    }
    result += escapeLine(line.slice(at));
    // The placeholder must not become a link's text or a link reference definition with what follows it.
    return result.replaceAll(`${LINK_REMOVED}(`, `${LINK_REMOVED}\\(`).replaceAll(`${LINK_REMOVED}:`, `${LINK_REMOVED}\\:`);
  });
  return { text: out.join('\n'), removed };
}
