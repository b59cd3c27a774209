import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * True when the Authorization header is exactly `Bearer <expected>`. Both sides are hashed first so the
 * comparison is constant-time whatever the lengths.
 */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  if (!header) return false;
  const match = /^Bearer[ ]+(.+)$/i.exec(header.trim());
  const given = match?.[1];
  if (!given) return false;
  const a = createHash('sha256').update(given).digest();
  const b = createHash('sha256').update(expected).digest();
  return timingSafeEqual(a, b);
}
