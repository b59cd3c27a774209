import type * as SentryModule from '@sentry/node';
import { scrubEvent } from './scrub.js';

type SentrySdk = typeof SentryModule;

export interface SentryOptions {
  dsn: string;
  environment: string;
  release?: string;
}

let initialisedDsn: string | null = null;
/** The SDK once `initSentry` has loaded and started it (it is ~0.6 s and ~25 MB to load, so only with a DSN). */
let sdk: Promise<SentrySdk> | null = null;

/**
 * Starts the Sentry SDK once per process (it is global): unhandled errors and rejections are reported through
 * its default integrations, every event passes `scrubEvent`, breadcrumbs (URLs, console lines) are never sent,
 * and no tracing is done. The SDK is imported here, in the background, so a pipeline without SENTRY_DSN never
 * loads it; reports made while it loads wait for it.
 */
export function initSentry(o: SentryOptions): void {
  if (initialisedDsn === o.dsn) return;
  initialisedDsn = o.dsn;
  const loading = import('@sentry/node').then((Sentry) => {
    start(Sentry, o);
    return Sentry;
  });
  loading.catch(() => undefined);
  sdk = loading;
}

function start(Sentry: SentrySdk, o: SentryOptions): void {
  Sentry.init({
    dsn: o.dsn,
    environment: o.environment,
    release: o.release,
    dataCollection: { userInfo: false, cookies: false, httpHeaders: false, httpBodies: [], urlQueryParams: false, genAI: { inputs: false, outputs: false } },
    tracesSampleRate: 0,
    maxBreadcrumbs: 0,
    beforeBreadcrumb: () => null,
    beforeSend: (event) => scrubEvent(event),
  });
}

/** The error's class name, for grouping and tagging (never its message). */
export function errorClass(err: unknown): string {
  if (err instanceof Error) return err.name && err.name !== 'Error' ? err.name : err.constructor.name;
  return typeof err;
}

/**
 * A job that ended `ai-failed`: reported as an error named after the original's class, with its stack frames
 * but none of its message (which may quote a model's answer), tagged with the job kind and attempt count.
 */
export function reportJobFailure(job: { kind: string; attempts: number }, err: unknown): void {
  if (!sdk) return;
  const cls = errorClass(err);
  const report = new Error(`${job.kind} job failed after ${job.attempts} attempt(s): ${cls}`);
  report.name = cls;
  const frames = err instanceof Error && err.stack ? err.stack.split('\n').filter((l) => /^\s+at /.test(l)) : [];
  if (frames.length > 0) report.stack = [`${cls}: ${report.message}`, ...frames].join('\n');
  void sdk.then(
    (Sentry) =>
      Sentry.withScope((scope) => {
        scope.setTags({ job_kind: job.kind, attempts: String(job.attempts), error_class: cls });
        scope.setFingerprint(['job-failed', job.kind, cls]);
        Sentry.captureException(report);
      }),
    () => undefined,
  );
}

export async function flushSentry(timeoutMs: number): Promise<void> {
  if (!sdk) return;
  const Sentry = await sdk.catch(() => null);
  if (Sentry) await Sentry.flush(timeoutMs).catch(() => false);
}
