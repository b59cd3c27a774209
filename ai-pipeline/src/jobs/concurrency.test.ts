import { describe, expect, it } from 'vitest';
import { HttpFailureError, PipelineError } from '../errors.js';
import { AdaptiveLimit, isOverloadSignal } from './concurrency.js';

const rateLimited = (retryAfterMs?: number) =>
  new HttpFailureError('anthropic', 429, 'Anthropic API 429', retryAfterMs === undefined ? { retryable: true } : { retryable: true, retryAfterMs });

describe('AdaptiveLimit', () => {
  it('starts at min(ceiling, 8) and grows by one per success up to the ceiling', () => {
    const l = new AdaptiveLimit({ ceiling: 10 });
    expect(l.limit).toBe(8);
    l.onSuccess();
    l.onSuccess();
    l.onSuccess();
    expect(l.limit).toBe(10);
    expect(new AdaptiveLimit({ ceiling: 3 }).limit).toBe(3);
  });

  it('halves on a 429, holds for the cool-down or the retry-after, then grows again', () => {
    let t = 0;
    const l = new AdaptiveLimit({ ceiling: 64, initial: 32, coolDownMs: 1000, now: () => t });
    l.onFailure(rateLimited(5000));
    expect(l.limit).toBe(16);
    l.onFailure(rateLimited()); // same episode: no second cut
    l.onSuccess(); // held
    expect(l.limit).toBe(16);
    t = 4999;
    l.onSuccess();
    expect(l.limit).toBe(16);
    t = 5000;
    l.onSuccess();
    expect(l.limit).toBe(17);
    l.onFailure(rateLimited());
    expect(l.limit).toBe(8);
  });

  it('never goes below one, and ignores errors that are not overload', () => {
    let t = 0;
    const l = new AdaptiveLimit({ ceiling: 4, initial: 1, coolDownMs: 10, now: () => t });
    l.onFailure(rateLimited());
    expect(l.limit).toBe(1);
    t = 100;
    l.onFailure(new HttpFailureError('chatwoot', 404, 'not found', { retryable: false }));
    l.onFailure(new Error('socket hang up'));
    expect(l.limit).toBe(1);
  });
});

describe('isOverloadSignal', () => {
  it('is true for 429, 529, 503 and any retry-after, false otherwise', () => {
    expect(isOverloadSignal(rateLimited())).toBe(true);
    expect(isOverloadSignal(new HttpFailureError('anthropic', 529, 'overloaded', { retryable: true }))).toBe(true);
    expect(isOverloadSignal(new PipelineError('Anthropic API 529 error: Overloaded', { retryable: true }))).toBe(true);
    expect(isOverloadSignal(new PipelineError('busy', { retryable: true, retryAfterMs: 100 }))).toBe(true);
    expect(isOverloadSignal(new HttpFailureError('chatwoot', 500, 'boom', { retryable: true }))).toBe(false);
    expect(isOverloadSignal(new Error('ECONNRESET'))).toBe(false);
  });

  it('is false for an error that says it concerns one item only, whatever its status and retry-after', () => {
    expect(isOverloadSignal(new PipelineError('Chatwoot 422 Too many messages', { retryable: true, retryAfterMs: 60_000, overload: false }))).toBe(false);
  });
});
