const NUL = String.fromCharCode(0);
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * Text made safe for storage: Postgres `text` and `jsonb` reject U+0000, and a lone UTF-16 surrogate
 * (half an emoji, e.g. from a careless `.slice()`) is not valid Unicode. NUL is removed; a lone surrogate
 * becomes U+FFFD. Everything else is unchanged.
 */
export function storageSafe(text: string): string {
  return text.replaceAll(NUL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** `storageSafe` applied to every string (and object key) inside a JSON-like value. */
export function storageSafeDeep<T>(value: T): T {
  return deep(value) as T;
}

function deep(value: unknown): unknown {
  if (typeof value === 'string') return storageSafe(value);
  if (Array.isArray(value)) return value.map(deep);
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [storageSafe(k), deep(v)]));
  }
  return value;
}

/** The first `max` UTF-16 units of `text`, never ending on half a surrogate pair. */
export function cutAtCodePoint(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = max;
  const code = text.charCodeAt(end - 1);
  if (code >= 0xd800 && code <= 0xdbff) end -= 1;
  return text.slice(0, end);
}
