import { signWebhook } from '../../../ai-pipeline/src/ingress/signature.js';
import type { PacedRequest } from './paced.js';

/** One webhook of the bench's load: `template` with a fresh conversation id, message id, timestamp and signature. */
export function signedWebhook(secret: string, template: Record<string, unknown>, id: number): PacedRequest {
  const body = JSON.stringify({ ...template, id, conversation: { ...(template.conversation as object), id } });
  const ts = String(Math.floor(Date.now() / 1000));
  return {
    id,
    body,
    headers: {
      'content-type': 'application/json',
      'x-chatwoot-delivery': `bench-${id}`,
      'x-chatwoot-timestamp': ts,
      'x-chatwoot-signature': signWebhook(secret, ts, body),
    },
  };
}
