import { createHash } from 'node:crypto';

/**
 * What the pipeline stores instead of a contact's e-mail address: a SHA-256 of the trimmed, lower-cased
 * address under a fixed domain prefix. It lets an erasure request (`npm run erase -- --email …`) find the
 * person's rows without the tables holding the address; the retention purge clears it with the rest.
 */
export function contactHash(email: string): string {
  return createHash('sha256').update(`triage-contact:v1:${email.trim().toLowerCase()}`).digest('hex');
}
