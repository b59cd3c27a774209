import { HttpFailureError, PipelineError, retryAfterOf } from '../errors.js';

/** Statuses that mean "slow down" rather than "this request is wrong": rate limited, overloaded, unavailable. */
const OVERLOAD_STATUSES = new Set([429, 503, 529]);

/**
 * Whether a job's error says a dependency is rate limiting or overloaded (so fewer jobs should run at once). An error
 * that says it is not (`overload: false`, e.g. Chatwoot's per-conversation flood guard, whose retry-after concerns one
 * conversation) is not, whatever its retry-after.
 */
export function isOverloadSignal(err: unknown): boolean {
  if (err instanceof PipelineError && err.overload !== undefined) return err.overload;
  if (retryAfterOf(err) !== undefined) return true;
  if (err instanceof HttpFailureError) return err.status !== null && OVERLOAD_STATUSES.has(err.status);
  if (err instanceof PipelineError) return /\b(429|529|overloaded|rate.?limit)/i.test(err.message);
  return false;
}

export interface AdaptiveLimitOptions {
  /** The configured ceiling (WORKER_CONCURRENCY): never more jobs at once than this. */
  ceiling: number;
  /** Where to start; defaults to min(ceiling, 8). */
  initial?: number;
  /** After a cut, no growth and no further cut for this long (or the server's retry-after, when longer). */
  coolDownMs?: number;
  now?: () => number;
}

/**
 * How many jobs may run at once, for an I/O-bound worker (AIMD with slow start): every job that succeeds
 * adds one slot (so the limit doubles per round while everything succeeds), up to the ceiling; a rate-limit
 * or overload answer (429, 529, 503, retry-after) halves it, at most once per cool-down, and holds it there
 * until the cool-down (or the retry-after) has passed. Pure: no timers, the clock is injected.
 */
export class AdaptiveLimit {
  private current: number;
  private holdUntil = 0;
  private readonly coolDownMs: number;
  private readonly now: () => number;

  constructor(private readonly options: AdaptiveLimitOptions) {
    const ceiling = Math.max(1, Math.floor(options.ceiling));
    this.current = Math.min(ceiling, Math.max(1, Math.floor(options.initial ?? 8)));
    this.coolDownMs = options.coolDownMs ?? 2000;
    this.now = options.now ?? Date.now;
  }

  get limit(): number {
    return this.current;
  }

  get ceiling(): number {
    return Math.max(1, Math.floor(this.options.ceiling));
  }

  onSuccess(): void {
    if (this.now() < this.holdUntil) return;
    this.current = Math.min(this.ceiling, this.current + 1);
  }

  /** A job ended with `err`: an overload signal halves the limit (once per cool-down); other errors change nothing. */
  onFailure(err: unknown): void {
    if (!isOverloadSignal(err)) return;
    const now = this.now();
    if (now < this.holdUntil) return;
    this.current = Math.max(1, Math.floor(this.current / 2));
    this.holdUntil = now + Math.max(this.coolDownMs, retryAfterOf(err) ?? 0);
  }
}
