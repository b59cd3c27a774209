import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifySignature } from './signature.js';

describe('webhook signature', () => {
  const body = Buffer.from('{"event":"message_created"}');
  const now = 1_790_000_000;

  it('matches Chatwoot: sha256= hex HMAC of "<timestamp>.<raw body>"', () => {
    const expected = `sha256=${createHmac('sha256', 's3cret').update(`${now}.{"event":"message_created"}`).digest('hex')}`;
    expect(signWebhook('s3cret', String(now), body)).toBe(expected);
  });

  it('accepts a fresh, correct signature and rejects tampering, staleness and absence', () => {
    const sig = signWebhook('s3cret', String(now), body);
    const base = { secret: 's3cret', rawBody: body, maxAgeSeconds: 300, nowSeconds: now + 10 };
    expect(verifySignature({ ...base, signature: sig, timestamp: String(now) })).toEqual({ ok: true });
    expect(verifySignature({ ...base, signature: sig, timestamp: String(now), rawBody: Buffer.from('{"event":"x"}') }).ok).toBe(false);
    expect(verifySignature({ ...base, signature: sig, timestamp: String(now), nowSeconds: now + 301 })).toEqual({
      ok: false,
      reason: "stale X-Chatwoot-Timestamp (301s old, limit WEBHOOK_MAX_AGE_SECONDS=300s; check both hosts' clocks)",
    });
    expect(verifySignature({ ...base, signature: sig, timestamp: String(now + 400), nowSeconds: now })).toEqual({
      ok: false,
      reason: "X-Chatwoot-Timestamp is 400s in the future (limit WEBHOOK_MAX_AGE_SECONDS=300s; check both hosts' clocks)",
    });
    expect(verifySignature({ ...base, signature: undefined, timestamp: String(now) })).toEqual({ ok: false, reason: 'missing X-Chatwoot-Signature header' });
    expect(verifySignature({ ...base, signature: sig.slice(0, -1), timestamp: String(now) }).ok).toBe(false);
  });
});
