import { parseRetryAfter } from './util/retry.js';

/**
 * The pipeline's one error type: every failure of an outside dependency (Chatwoot, the enrichment service,
 * the model) says whether trying again can help (`retryable`) and, when the server said so, after how long.
 * The worker and the retry helper read only these two fields.
 */
export class PipelineError extends Error {
  readonly retryable: boolean;
  readonly retryAfterMs?: number;
  /**
   * Whether the failure says the dependency as a whole is overloaded or rate limiting this client (so fewer jobs should
   * run at once): set when the thrower knows, e.g. false for a limit on one conversation; absent, isOverloadSignal
   * judges by status and retry-after.
   */
  readonly overload?: boolean;

  constructor(message: string, options: { retryable: boolean; retryAfterMs?: number; overload?: boolean; cause?: unknown }) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'PipelineError';
    this.retryable = options.retryable;
    this.retryAfterMs = options.retryAfterMs;
    if (options.overload !== undefined) this.overload = options.overload;
  }

  /** Kept for code that still reads `transient` (same meaning as `retryable`). */
  get transient(): boolean {
    return this.retryable;
  }
}

/** An HTTP call failed: the status (null when no answer came) and the classification of that failure. */
export class HttpFailureError extends PipelineError {
  constructor(
    readonly service: string,
    readonly status: number | null,
    message: string,
    classification: HttpFailureClass,
  ) {
    super(message, classification);
    this.name = 'HttpFailureError';
  }
}

/** A dependency answered, but not in the shape we rely on. Retrying will not help. */
export class ResponseShapeError extends PipelineError {
  constructor(message: string) {
    super(message, { retryable: false });
    this.name = 'ResponseShapeError';
  }
}

/**
 * This worker no longer owns the job: its lease ran out and another worker (another replica, or this process after
 * the lease ended) claimed it, or the job was settled meanwhile. Thrown by the queue's fenced writes (checkpoint,
 * complete, retry, fail) when they change no row, and by the next checkpoint after the heartbeat found the lease gone.
 * Not retryable and not a failure of this job: the stale run stops, settles nothing, and the new owner carries on.
 */
export class LeaseLost extends PipelineError {
  constructor(readonly jobKey: string) {
    super(`lease lost on ${jobKey}: another worker owns the job now`, { retryable: false });
    this.name = 'LeaseLost';
  }
}

export interface HttpFailureClass {
  retryable: boolean;
  retryAfterMs?: number;
}

/** Network error codes that mean "nothing was answered; trying again may work". */
const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ETIMEDOUT', 'ECONNABORTED', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH', 'ERR_NETWORK', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

/**
 * THE place that classifies an HTTP failure: no answer (network error, timeout) → retryable;
 * 408, 409, 425, 429 and 5xx → retryable (with Retry-After when sent); any other 4xx → not retryable.
 */
export function classifyHttpFailure(status: number | null | undefined, retryAfterHeader?: string | null): HttpFailureClass {
  if (status === null || status === undefined) return { retryable: true };
  const retryable = status === 408 || status === 409 || status === 425 || status === 429 || status >= 500;
  const retryAfterMs = retryable ? parseRetryAfter(retryAfterHeader ?? undefined) : undefined;
  return retryAfterMs === undefined ? { retryable } : { retryable, retryAfterMs };
}

/** True for a Node/undici network error code (no HTTP answer at all). */
export function isNetworkCode(code: unknown): boolean {
  return typeof code === 'string' && NETWORK_CODES.has(code);
}

/**
 * Whether a job that threw `err` should be tried again. A PipelineError says so itself; anything else
 * (a database connection reset, a socket error) gets the benefit of the doubt.
 */
export function isRetryable(err: unknown): boolean {
  if (err instanceof PipelineError) return err.retryable;
  return true;
}

export function retryAfterOf(err: unknown): number | undefined {
  return err instanceof PipelineError ? err.retryAfterMs : undefined;
}
