import { createHash } from 'node:crypto';
import { z } from 'zod';

const emailSchema = z
  .string({ error: 'email is missing: pass ?email=<address>' })
  .trim()
  .min(1, 'email is empty: pass ?email=<address>')
  .max(254, 'email is longer than 254 characters')
  .pipe(z.email({ error: 'email is not a valid address (expected something like jane@example.com)' }));

export type EmailCheck = { ok: true; email: string } | { ok: false; error: string };

/** Validates the `email` query value and normalises it (trimmed, lower-cased) for lookups and the cache. */
export function checkEmail(raw: unknown): EmailCheck {
  if (Array.isArray(raw)) return { ok: false, error: 'email was given more than once; pass exactly one ?email=' };
  const parsed = emailSchema.safeParse(raw);
  if (!parsed.success) return { ok: false, error: parsed.error.issues[0]?.message ?? 'email is invalid' };
  return { ok: true, email: parsed.data.toLowerCase() };
}

/** A short, non-reversible tag of an email for log correlation (never log the address itself). */
export function emailTag(email: string): string {
  return createHash('sha256').update(email).digest('hex').slice(0, 12);
}
