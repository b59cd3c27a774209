/**
 * Shortens `text` to at most `max` characters (UTF-16 units, what JSON consumers count) with "…" at the end,
 * cutting between code points: never in the middle of a surrogate pair (an emoji), which would leave a lone
 * surrogate that Postgres and strict JSON parsers reject.
 */
export function truncateText(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = Math.max(0, max - 1);
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1; // a high surrogate whose low half would be cut off
  return `${text.slice(0, end)}…`;
}
