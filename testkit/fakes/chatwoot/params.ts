import { HttpError } from './http-error.js';

export type Json = Record<string, unknown>;

/** Chatwoot wraps JSON params (`wrap_parameters`): `{label:{…}}` and `{…}` are both accepted. */
export function unwrap(body: Json, root: string): Json {
  const inner = body[root];
  return inner && typeof inner === 'object' && !Array.isArray(inner) ? (inner as Json) : body;
}

export function optionalString(v: unknown): string | undefined {
  if (v === undefined || v === null) return undefined;
  return typeof v === 'string' ? v : String(v);
}

export function toInt(v: unknown, name: string): number {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new HttpError(400, { error: `${name} must be an integer` });
  return n;
}

export function isHttpUrl(v: unknown): v is string {
  if (typeof v !== 'string') return false;
  try {
    const u = new URL(v);
    return u.protocol === 'http:' || u.protocol === 'https:';
  } catch {
    return false;
  }
}

export function plainObject(v: unknown): Json {
  return v && typeof v === 'object' && !Array.isArray(v) ? { ...(v as Json) } : {};
}

export const truthy = (v: unknown) => v === true || v === 'true' || v === 1 || v === '1';
