import { detectLanguage } from '../language/detect.js';
import { findLinks } from './links.js';

const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.\p{L}{2,}/gu;

/** A link or address reduced to what identifies it: lower case, no scheme, no `www.`, no trailing punctuation. */
export function normaliseReference(s: string): string {
  return s
    .toLowerCase()
    .replace(/[.,;:!?)]+$/, '')
    .replace(/^[a-z][a-z0-9+.-]*:(?=\/\/)/, '')
    .replace(/^\/\//, '')
    .replace(/^www\./, '')
    .replace(/\/$/, '');
}

/** Markup a message to a customer must never carry: images, raw HTML, Chatwoot mentions. */
const UNSAFE_MARKUP = /!\[|<\/?[a-z][^>]*>|mention:\/\//i;

/** True when text meant for a customer carries an image, raw HTML or a Chatwoot mention (auto-reply and chat bot). */
export function hasUnsafeMarkup(text: string): boolean {
  return UNSAFE_MARKUP.test(text);
}

/**
 * Links (markdown, reference-style, images, HTML, autolinks, bare, protocol-relative, bare IP, bare
 * domains) and email addresses in the draft that appear in none of the inputs (ticket, enrichment,
 * thread). The model is untrusted: such a draft is flagged in the note and its links are removed. Pure.
 */
export function unsupportedReferences(draft: string, inputs: string[]): string[] {
  const haystack = inputs.join('\n').toLowerCase();
  const found = new Set<string>();
  const refs = [
    ...findLinks(draft).flatMap((l) => (l.url === null ? [] : [l.url])),
    ...[...draft.matchAll(EMAIL_RE)].map((m) => m[0]),
  ];
  for (const raw of refs) {
    const ref = raw.replace(/[.,;:!?)]+$/, '');
    const norm = normaliseReference(ref);
    if (norm.length < 4 || haystack.includes(norm)) continue;
    if ([...found].some((f) => normaliseReference(f).includes(norm) || norm.includes(normaliseReference(f)))) continue;
    found.add(ref);
  }
  return [...found];
}

/**
 * Whether a link of the draft is one of the unsupported references (the same reference, or one that
 * contains or is contained in it), so the note can remove it. Pure.
 */
export function isUnsupportedLink(url: string, unsupported: string[]): boolean {
  const norm = normaliseReference(url);
  if (norm.length < 4) return false;
  return unsupported.some((u) => {
    const other = normaliseReference(u);
    return other === norm || norm.includes(other) || other.includes(norm);
  });
}

/**
 * The language a draft reads as when the local detector is sure it is not `expected` (e.g. an English
 * draft for a German ticket); null when it matches, or when either side is unknown or too short to tell. Pure.
 */
export function draftLanguageMismatch(draft: string, expected: string): string | null {
  if (!expected || expected === 'unknown') return null;
  const guess = detectLanguage(draft);
  return guess.reliable && guess.language !== 'unknown' && guess.language !== expected ? guess.language : null;
}
