/**
 * Every way a piece of markdown can point somewhere: markdown links and images (inline and reference-style),
 * their definitions, HTML elements with a URL attribute, autolinks, URLs with a scheme, protocol-relative
 * URLs, `www.` hosts, bare IP addresses and bare domains. Pure; used to check and to neutralise drafts.
 */

export interface FoundLink {
  start: number;
  end: number;
  /** The matched source text. */
  text: string;
  /** Where it points; null for markup that turned out not to point anywhere (an undefined reference). */
  url: string | null;
  /** The visible text of a markdown/HTML link or the alt text of an image. */
  label?: string;
  image: boolean;
  /** `markup`: a markdown/HTML/autolink construct; `bare`: a URL or host written as plain text. */
  kind: 'markup' | 'bare';
}

const URL_CHARS = String.raw`[^\s<>()"'\x60\[\]{}|\\^]+`;
const TLDS = 'com|net|org|io|co|de|nl|fr|ch|at|be|it|es|se|pt|uk|eu|us|info|biz|app|ly|me|xyz|ru|cn|tk|top|site|online|link|click|example|test';

const PATTERNS: [name: string, source: string][] = [
  ['html', String.raw`<\s*(?:img|a|iframe|image|video|audio|source|picture|link|embed|object|form|input|frame|body|table|td|svg|use|meta|base)\b[^>]*>`],
  ['inline', String.raw`(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)>?(?:\s+(?:"[^"]*"|'[^']*'|\([^)]*\)))?\s*\)`],
  ['reference', String.raw`(!?)\[([^\]\n]+)\](?:\[([^\]\n]*)\])?`],
  ['autolink', String.raw`<((?:[a-z][a-z0-9+.-]{1,31}:|\/\/)[^\s<>]*)>`],
  ['scheme', String.raw`\b(?:https?|ftps?|wss?|data|javascript|vbscript|file):${URL_CHARS}`],
  ['protocolRelative', String.raw`(?<![\w:/])\/\/[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+(?::\d+)?(?:\/${URL_CHARS})?`],
  ['www', String.raw`(?<![@\w.-])www\.${URL_CHARS}`],
  ['ip', String.raw`(?<![@\w.])(?:\d{1,3}\.){3}\d{1,3}(?::\d{1,5})?(?:\/${URL_CHARS})?(?![\w.]*\d)`],
  ['domain', String.raw`(?<![@\w.-])[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:${TLDS})\b(?::\d{1,5})?(?:\/${URL_CHARS})?`],
];
const LINK_RE = new RegExp(PATTERNS.map(([name, src]) => `(?<${name}>${src})`).join('|'), 'giu');
const DEFINITION_RE = /^[ \t]{0,3}\[([^\]\n]+)\]:[ \t]*<?(\S+?)>?(?:[ \t]+.*)?$/gmu;
const URL_ATTR_RE = /\b(?:src|href|srcset|data|action|poster|background|xlink:href|formaction|content)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>]+))/i;

/** Link reference definitions (`[label]: url`) of a whole markdown text, by lower-cased label. */
export function linkDefinitions(markdown: string): Map<string, string> {
  const defs = new Map<string, string>();
  for (const m of markdown.matchAll(DEFINITION_RE)) defs.set(m[1]!.trim().toLowerCase(), m[2]!);
  return defs;
}

/** Strips trailing sentence punctuation a bare URL rarely ends with. */
function trimBare(text: string): string {
  return text.replace(/[.,;:!?*_~]+$/, '');
}

/**
 * The links of `text` in order, non-overlapping. `document` is the whole markdown the text comes from,
 * for resolving reference-style links (defaults to `text`).
 */
export function findLinks(text: string, document: string = text): FoundLink[] {
  const defs = linkDefinitions(document);
  const links: FoundLink[] = [];
  const definition = new RegExp(DEFINITION_RE.source, 'u').exec(text);
  if (definition && definition.index === 0 && text.trimStart().startsWith('[')) {
    return [{ start: 0, end: text.length, text, url: definition[2]!, label: definition[1]!, image: false, kind: 'markup' }];
  }
  for (const m of text.matchAll(LINK_RE)) {
    const g = m.groups!;
    const start = m.index;
    if (g.html !== undefined) {
      const attr = URL_ATTR_RE.exec(g.html);
      const url = attr ? (attr[1] ?? attr[2] ?? attr[3] ?? '').trim() : null;
      links.push({ start, end: start + g.html.length, text: g.html, url: url || null, image: !/^<\s*a\b/i.test(g.html), kind: 'markup' });
    } else if (g.inline !== undefined) {
      const [, bang, label, url] = /^(!?)\[([^\]\n]*)\]\(\s*<?([^)\s>]*)/u.exec(g.inline)!;
      links.push({ start, end: start + g.inline.length, text: g.inline, url: url!, label, image: bang === '!', kind: 'markup' });
    } else if (g.reference !== undefined) {
      const [, bang, label, ref] = /^(!?)\[([^\]\n]+)\](?:\[([^\]\n]*)\])?/u.exec(g.reference)!;
      const url = defs.get((ref || label!).trim().toLowerCase()) ?? null;
      if (url === null && bang !== '!') {
        // Plain bracketed text, e.g. a template's [order number]: look for links inside it instead.
        for (const inner of findLinks(label!, '')) {
          links.push({ ...inner, start: start + 1 + inner.start, end: start + 1 + inner.end });
        }
        continue;
      }
      links.push({ start, end: start + g.reference.length, text: g.reference, url, label, image: bang === '!', kind: 'markup' });
    } else if (g.autolink !== undefined) {
      links.push({ start, end: start + g.autolink.length, text: g.autolink, url: g.autolink.slice(1, -1), image: false, kind: 'markup' });
    } else {
      const raw = trimBare(m[0]);
      links.push({ start, end: start + raw.length, text: raw, url: raw, image: false, kind: 'bare' });
    }
  }
  return links;
}
