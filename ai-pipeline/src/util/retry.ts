import { setTimeout as sleep } from 'node:timers/promises';

export interface RetryPolicy {
  /** Total attempts, including the first. */
  attempts: number;
  /** Delay before the first retry; doubles each time (with full jitter), capped at maxDelayMs. */
  baseDelayMs: number;
  maxDelayMs: number;
}

/** Whether trying again can help, and optionally when (from Retry-After). */
export interface RetryHint {
  retryable: boolean;
  retryAfterMs?: number;
}

/** Exponential backoff with full jitter; a server's Retry-After wins when it is longer. */
export function backoffDelay(policy: RetryPolicy, retryIndex: number, retryAfterMs?: number, random = Math.random): number {
  const ceiling = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** retryIndex);
  const jittered = Math.round(ceiling / 2 + (random() * ceiling) / 2);
  return Math.max(jittered, Math.min(retryAfterMs ?? 0, policy.maxDelayMs * 4));
}

/** Parses a Retry-After header (seconds or HTTP date) into milliseconds. */
export function parseRetryAfter(value: string | null | undefined, now = Date.now()): number | undefined {
  if (!value) return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

/** Runs `fn`, retrying while `hint(error).retryable` and attempts remain. */
export async function withRetry<T>(policy: RetryPolicy, hint: (err: unknown) => RetryHint, fn: (attempt: number) => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn(attempt);
    } catch (err) {
      const h = hint(err);
      if (!h.retryable || attempt >= policy.attempts) throw err;
      await sleep(backoffDelay(policy, attempt - 1, h.retryAfterMs));
    }
  }
}
