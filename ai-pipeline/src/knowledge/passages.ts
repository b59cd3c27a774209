import type { Passage } from './types.js';

const HEADING = /^(#{1,6})\s+(.+?)\s*#*\s*$/;
/** Passages longer than this are cut at paragraph boundaries, so one passage never eats the prompt budget. */
const MAX_PASSAGE_CHARS = 1600;

/** Markdown → plain text for indexing and prompts: images and HTML dropped, links reduced to their text. Pure. */
export function markdownToText(markdown: string): string {
  return markdown
    .replace(/```[\s\S]*?```/g, (block) => block.replace(/```\w*/g, ''))
    .replace(/!\[[^\]]*]\([^)]*\)/g, '')
    .replace(/\[([^\]]+)]\(([^)]+)\)/g, '$1 ($2)')
    .replace(/<[^>]+>/g, '')
    .replace(/^\s{0,3}>\s?/gm, '')
    .replace(/^\s*[-*+]\s+/gm, '- ')
    .replace(/(\*\*|__|`)/g, '')
    .replace(/[ \t]+/g, ' ')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

function cut(body: string): string[] {
  if (body.length <= MAX_PASSAGE_CHARS) return [body];
  const parts: string[] = [];
  let current = '';
  for (const para of body.split(/\n\n+/)) {
    if (current && current.length + para.length + 2 > MAX_PASSAGE_CHARS) {
      parts.push(current);
      current = '';
    }
    current = current ? `${current}\n\n${para}` : para.slice(0, MAX_PASSAGE_CHARS);
  }
  if (current) parts.push(current);
  return parts;
}

/**
 * Splits an article into passages at its headings (any level). Text before the first heading is a passage
 * headed by the title. Empty sections are dropped; long ones are cut at paragraphs. Pure.
 */
export function splitIntoPassages(title: string, markdown: string): Passage[] {
  const sections: { heading: string; lines: string[] }[] = [{ heading: title, lines: [] }];
  let inFence = false;
  for (const line of markdown.replace(/\r\n?/g, '\n').split('\n')) {
    if (/^\s*```/.test(line)) inFence = !inFence;
    const h = inFence ? null : HEADING.exec(line);
    if (h) sections.push({ heading: markdownToText(h[2]!), lines: [] });
    else sections.at(-1)!.lines.push(line);
  }
  const passages: Passage[] = [];
  for (const s of sections) {
    const body = markdownToText(s.lines.join('\n'));
    if (!body) continue;
    for (const part of cut(body)) passages.push({ position: passages.length, heading: s.heading, body: part });
  }
  return passages;
}
