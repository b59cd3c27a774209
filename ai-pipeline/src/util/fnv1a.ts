export const FNV_OFFSET = 0x811c9dc5;
export const FNV_PRIME = 0x01000193;

/** FNV-1a (32 bit) of a string's UTF-16 code units, continuing from `h`: stable across runs and platforms. */
export function fnv1a(text: string, h = FNV_OFFSET): number {
  for (let i = 0; i < text.length; i += 1) h = Math.imul(h ^ text.charCodeAt(i), FNV_PRIME);
  return h >>> 0;
}
