import { createHmac, timingSafeEqual } from 'node:crypto';

export type SignatureCheck = { ok: true } | { ok: false; reason: string };

/** `sha256=` + hex HMAC-SHA256(secret, "<timestamp>.<raw body>"), as Chatwoot ≥ 4.11.2 signs webhooks. */
export function signWebhook(secret: string, timestamp: string, rawBody: Buffer | string): string {
  return `sha256=${createHmac('sha256', secret).update(`${timestamp}.`).update(rawBody).digest('hex')}`;
}

function safeEqual(a: string, b: string): boolean {
  const ab = Buffer.from(a);
  const bb = Buffer.from(b);
  return ab.length === bb.length && timingSafeEqual(ab, bb);
}

/** Verifies Chatwoot's signature headers over the raw body, and rejects stale (replayed) timestamps. */
export function verifySignature(opts: {
  secret: string;
  rawBody: Buffer;
  signature: string | undefined;
  timestamp: string | undefined;
  maxAgeSeconds: number;
  nowSeconds?: number;
  /** The variable holding the secret, named in the mismatch reason. */
  secretName?: string;
}): SignatureCheck {
  const { signature, timestamp } = opts;
  if (!signature) return { ok: false, reason: 'missing X-Chatwoot-Signature header' };
  if (!timestamp || !/^\d{1,12}$/.test(timestamp)) return { ok: false, reason: 'missing or malformed X-Chatwoot-Timestamp header' };
  const now = opts.nowSeconds ?? Math.floor(Date.now() / 1000);
  const age = now - Number(timestamp);
  if (age > opts.maxAgeSeconds) return { ok: false, reason: `stale X-Chatwoot-Timestamp (${age}s old, limit WEBHOOK_MAX_AGE_SECONDS=${opts.maxAgeSeconds}s; check both hosts' clocks)` };
  if (age < -opts.maxAgeSeconds) return { ok: false, reason: `X-Chatwoot-Timestamp is ${-age}s in the future (limit WEBHOOK_MAX_AGE_SECONDS=${opts.maxAgeSeconds}s; check both hosts' clocks)` };
  if (!safeEqual(signature, signWebhook(opts.secret, timestamp, opts.rawBody))) {
    return { ok: false, reason: `signature does not match (check ${opts.secretName ?? 'CHATWOOT_WEBHOOK_SECRET'})` };
  }
  return { ok: true };
}

/** The opt-in for unsigned (pre-4.11.2) Chatwoot: a shared token in the webhook URL. */
export function verifyUrlToken(expected: string, given: unknown): boolean {
  return typeof given === 'string' && safeEqual(given, expected);
}
