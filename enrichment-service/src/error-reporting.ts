import * as Sentry from '@sentry/node';

/**
 * The service's own errors to Sentry (SENTRY_DSN): unhandled exceptions and rejections only. Every event is cut
 * down to its class, a masked message, stack frames and tags; no request, user, breadcrumb or extra data is sent.
 */
const EMAIL = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}.-]+\.[\p{L}]{2,}/gu;
const SECRET = /\b(api[_-]?key|token|secret|password|authorization|bearer)\b(\s*[=:]?\s*)[^\s&"',]+/gi;
const LONG = /\b(?=[A-Za-z0-9_-]*\d)(?=[A-Za-z0-9_-]*[A-Za-z])[A-Za-z0-9_-]{24,}\b/g;
const KEPT = new Set(['event_id', 'timestamp', 'platform', 'level', 'release', 'environment', 'server_name', 'sdk', 'tags', 'exception', 'message', 'fingerprint', 'type']);

export function maskText(text: string): string {
  return text.replace(/(https?:\/\/[^\s?#]+)\?[^\s#]*/g, '$1?[query]').replace(EMAIL, '[email]').replace(SECRET, '$1$2[redacted]').replace(LONG, '[redacted]').slice(0, 300);
}

/** File, function, line and column of each frame; never source lines or local variables. */
function framesOnly(stacktrace: unknown): unknown {
  const frames = (stacktrace as { frames?: unknown } | undefined)?.frames;
  if (!Array.isArray(frames)) return undefined;
  return { frames: frames.map((f: Record<string, unknown>) => ({ filename: f.filename, module: f.module, function: f.function, lineno: f.lineno, colno: f.colno, in_app: f.in_app })) };
}

export function scrubErrorEvent<T extends object>(input: T): T {
  const event = input as { message?: unknown; exception?: { values?: { value?: string; stacktrace?: unknown }[] } };
  const out: Record<string, unknown> = Object.fromEntries(Object.entries(input).filter(([k]) => KEPT.has(k)));
  if (typeof event.message === 'string') out.message = maskText(event.message);
  if (event.exception?.values) {
    out.exception = { values: event.exception.values.map((v) => ({ ...v, value: v.value === undefined ? undefined : maskText(v.value), stacktrace: framesOnly(v.stacktrace) })) };
  }
  return out as T;
}

export function initErrorReporting(o: { dsn: string; environment: string }): void {
  Sentry.init({
    dsn: o.dsn,
    environment: o.environment,
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false },
    tracesSampleRate: 0,
    maxBreadcrumbs: 0,
    beforeBreadcrumb: () => null,
    beforeSend: (event) => scrubErrorEvent(event),
  });
}

export async function flushErrorReporting(): Promise<void> {
  await Sentry.flush(2000).catch(() => false);
}
