/**
 * What may leave the process in an error report: the error's class, a scrubbed message, the stack frames
 * and our own tags. Never request bodies, headers, cookies, users, breadcrumbs or extra data; e-mail
 * addresses, bearer tokens, API keys, long secrets and quoted text are masked in every remaining string.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const BEARER = /\b(bearer|token|basic)\s+[^\s"']+/gi;
const KEY_VALUE = /\b(api[_-]?key|token|secret|password|authorization|dsn|access_token)\b(\s*[=:]\s*)[^\s&"',]+/gi;
const LONG_SECRET = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g;
const QUOTED = /(["“„«'`])[^"“”„«»'`\n]{12,}(["”“»'`])/g;
const URL_QUERY = /(https?:\/\/[^\s?#]+)\?[^\s#]*/g;

export function scrubText(text: string): string {
  return text
    .replace(URL_QUERY, '$1?[query]')
    .replace(EMAIL, '[email]')
    .replace(KEY_VALUE, '$1$2[redacted]')
    .replace(BEARER, '$1 [redacted]')
    .replace(LONG_SECRET, '[redacted]')
    .replace(QUOTED, '$1[text]$2')
    .slice(0, 300);
}

/** The subset of Sentry's event shape the scrubber touches; everything not listed here is dropped. */
export interface ScrubbableEvent {
  message?: string;
  exception?: { values?: { type?: string; value?: string; stacktrace?: unknown; mechanism?: unknown }[] };
  tags?: Record<string, unknown>;
  [key: string]: unknown;
}

const KEPT_KEYS = new Set([
  'event_id', 'timestamp', 'platform', 'level', 'logger', 'release', 'environment', 'server_name', 'sdk',
  'contexts', 'tags', 'exception', 'message', 'fingerprint', 'type', 'transaction', 'modules',
]);

/** Stack frames without source lines or local variables: file, function, line and column only. */
export function framesOnly(stacktrace: unknown): unknown {
  const frames = (stacktrace as { frames?: unknown } | undefined)?.frames;
  if (!Array.isArray(frames)) return undefined;
  return {
    frames: frames.map((f: Record<string, unknown>) => ({
      filename: f.filename,
      module: f.module,
      function: f.function,
      lineno: f.lineno,
      colno: f.colno,
      in_app: f.in_app,
    })),
  };
}

/** Sentry `beforeSend`: returns a copy holding nothing but the whitelisted, scrubbed fields. */
export function scrubEvent<T extends object>(input: T): T {
  const event = input as ScrubbableEvent;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(event)) if (KEPT_KEYS.has(k)) out[k] = v;
  if (typeof event.message === 'string') out.message = scrubText(event.message);
  if (event.exception?.values) {
    out.exception = {
      values: event.exception.values.map((v) => ({ ...v, value: v.value === undefined ? undefined : scrubText(v.value), stacktrace: framesOnly(v.stacktrace) })),
    };
  }
  if (event.tags) out.tags = Object.fromEntries(Object.entries(event.tags).map(([k, v]) => [k, typeof v === 'string' ? scrubText(v) : v]));
  if (out.contexts && typeof out.contexts === 'object') {
    // Runtime/os/device contexts are harmless; anything else (e.g. a framework's request context) is not kept.
    const keep = ['runtime', 'os', 'device', 'app', 'culture', 'cloud_resource', 'trace'];
    out.contexts = Object.fromEntries(Object.entries(out.contexts as Record<string, unknown>).filter(([k]) => keep.includes(k)));
  }
  return out as T;
}
