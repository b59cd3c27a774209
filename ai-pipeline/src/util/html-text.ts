/**
 * An HTML mail body as the text a reader sees: what the rendered mail hides is removed first (`visibleHtml`), then
 * html-to-text turns the rest into plain text. Used for customers' mail (chatwoot/customer-text.ts) and for the HTML
 * error pages a proxy puts in front of Chatwoot (util/http-json.ts).
 */
import { createRequire } from 'node:module';
import type { convert as HtmlConvert } from 'html-to-text';
import { DomUtils, parseDocument } from 'htmlparser2';

const require = createRequire(import.meta.url);
/** html-to-text (with selderee, parseley, deepmerge-ts) is loaded at the first HTML body, not while the pipeline idles. */
let convert: typeof HtmlConvert | null = null;

type DomNode = ReturnType<typeof parseDocument>['children'][number];

/** Declarations of an inline `style` attribute, lower-cased, `!important` dropped. */
function styleOf(style: string | undefined): Map<string, string> {
  const out = new Map<string, string>();
  for (const decl of (style ?? '').split(';')) {
    const i = decl.indexOf(':');
    if (i < 0) continue;
    out.set(decl.slice(0, i).trim().toLowerCase(), decl.slice(i + 1).replace(/!important/i, '').trim().toLowerCase());
  }
  return out;
}

const ZERO_SIZE = /^(?:0+(?:\.0+)?|0*\.\d+px|[01](?:\.0+)?px|0+(?:\.0+)?[a-z%]*)$/;
const WHITE = /^(?:white|#fff(?:fff)?|rgba?\(\s*255\s*,\s*255\s*,\s*255\s*(?:,\s*1(?:\.0+)?\s*)?\))$/;
const TRANSPARENT = /^(?:transparent|rgba\([^)]*,\s*0(?:\.0+)?\s*\))$/;
const HIDDEN_TAGS = new Set(['script', 'style', 'template', 'noscript', 'head', 'title', 'meta', 'object', 'iframe', 'svg']);

/** What an element's own attributes say about whether a reader can see it (inherited colours aside). */
function hiddenBySelf(attribs: Record<string, string>, name: string): boolean {
  if (HIDDEN_TAGS.has(name)) return true;
  if ('hidden' in attribs || (name === 'input' && attribs.type?.toLowerCase() === 'hidden')) return true;
  if (name === 'font' && /^\s*[-+]?0/.test(attribs.size ?? '')) return true;
  const s = styleOf(attribs.style);
  if (s.get('display') === 'none' || s.get('visibility') === 'hidden' || s.get('visibility') === 'collapse') return true;
  if (/^0*(?:\.0+)?%?$/.test(s.get('opacity') ?? 'x')) return true;
  if (ZERO_SIZE.test(s.get('font-size') ?? 'x') || ZERO_SIZE.test(s.get('line-height') ?? 'x') && s.get('overflow') === 'hidden') return true;
  if (s.get('overflow') === 'hidden' && (ZERO_SIZE.test(s.get('max-height') ?? s.get('height') ?? 'x') || ZERO_SIZE.test(s.get('max-width') ?? s.get('width') ?? 'x'))) return true;
  if (TRANSPARENT.test(s.get('color') ?? 'x')) return true;
  const indent = s.get('text-indent') ?? '';
  if (/^-\d{3,}/.test(indent) || /^-\d{4,}/.test(s.get('left') ?? '') || /^-\d{4,}/.test(s.get('margin-left') ?? '')) return true;
  return false;
}

function backgroundOf(attribs: Record<string, string>): string | undefined {
  const s = styleOf(attribs.style);
  const bg = s.get('background-color') ?? s.get('background') ?? attribs.bgcolor?.toLowerCase();
  return bg?.split(/\s+/)[0];
}

/**
 * Removes what a reader of the rendered email does not see (display:none, visibility:hidden, zero or 1px
 * fonts, opacity 0, zero-height boxes, transparent or white-on-white text, off-screen indents, the
 * `hidden` attribute, comments, scripts and styles), so the model reads what the agent reads. Pure.
 */
export function visibleHtml(html: string): string {
  return stripHidden(html).html;
}

/** `visibleHtml` plus whether anything that carried text was hidden from the reader. */
export function stripHidden(html: string): { html: string; hidText: boolean } {
  const doc = parseDocument(html);
  let hidText = false;
  const drop = (node: DomNode): void => {
    if (!DomUtils.isComment(node) && !(DomUtils.isTag(node) && HIDDEN_TAGS.has(node.name.toLowerCase())) && DomUtils.textContent(node).trim() !== '') hidText = true;
    DomUtils.removeElement(node);
  };
  const walk = (nodes: DomNode[], background: string): void => {
    for (const node of [...nodes]) {
      if (DomUtils.isComment(node) || node.type === 'directive' || node.type === 'cdata') {
        if (DomUtils.isComment(node) && node.data.trim() !== '') hidText = true;
        DomUtils.removeElement(node);
        continue;
      }
      if (!DomUtils.isTag(node)) continue;
      const name = node.name.toLowerCase();
      if (hiddenBySelf(node.attribs, name)) {
        drop(node);
        continue;
      }
      const bg = backgroundOf(node.attribs) ?? background;
      const color = styleOf(node.attribs.style).get('color') ?? (name === 'font' ? node.attribs.color?.toLowerCase() : undefined);
      if (color && WHITE.test(color) && WHITE.test(bg)) {
        drop(node);
        continue;
      }
      walk(node.children, bg);
    }
  };
  walk(doc.children, 'white');
  return { html: DomUtils.getOuterHTML(doc), hidText };
}

export function htmlToText(html: string): string {
  convert ??= (require('html-to-text') as typeof import('html-to-text')).convert;
  return convert(visibleHtml(html), {
    wordwrap: false,
    selectors: [
      { selector: 'img', format: 'skip' },
      { selector: 'a', options: { ignoreHref: true } },
    ],
  });
}
