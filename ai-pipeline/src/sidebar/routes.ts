import { createHash, timingSafeEqual } from 'node:crypto';
import express, { type Request, type Response } from 'express';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChatwootClient } from '../chatwoot/client.js';
import { ChatwootApiError } from '../chatwoot/http.js';
import type { EnrichmentClient } from '../enrichment/client.js';
import { sidebarCsp, sidebarHtml } from './page.js';

/**
 * The Chatwoot dashboard app ("Customer context" sidebar), served by the pipeline because only the
 * pipeline holds the Chatwoot token. Every agent can read the dashboard app URL, so the token in it
 * (SIDEBAR_TOKEN) allows exactly one thing: the customer context of a conversation of the configured
 * account. The contact's e-mail address is resolved here through Chatwoot, and the enrichment service is
 * called with the pipeline's own ENRICHMENT_TOKEN, which never reaches a browser.
 */
export interface SidebarOptions {
  /** SIDEBAR_TOKEN: the bearer token the page sends (taken from the dashboard app URL's fragment). */
  token: string;
  /** The origin of Chatwoot's dashboard: the only page that may frame the sidebar and post it the context. */
  chatwootOrigin: string;
  chatwoot: Pick<ChatwootClient, 'getConversation'>;
  enrichment: Pick<EnrichmentClient, 'lookup'>;
  logger: Logger;
}

const MAX_ID = 2_147_483_647;
/** Only a conversation id: no e-mail, no account, nothing else. */
const contextQuery = z.strictObject({
  conversation_id: z
    // Repeated (?conversation_id=1&conversation_id=2), express hands over an array: say that, not "is required".
    .string({ error: (issue) => (issue.input === undefined ? 'is required' : 'must be given once') })
    .regex(/^\d{1,10}$/, `must be a whole number from 1 to ${MAX_ID}`)
    .transform(Number)
    .refine((n) => n >= 1 && n <= MAX_ID, `must be between 1 and ${MAX_ID}`),
});

/** Constant-time `Bearer <expected>` check (both sides hashed, so lengths do not leak). */
export function bearerMatches(header: string | undefined, expected: string): boolean {
  const given = /^Bearer[ ]+(\S+)$/i.exec(header?.trim() ?? '')?.[1];
  if (!given) return false;
  return timingSafeEqual(createHash('sha256').update(given).digest(), createHash('sha256').update(expected).digest());
}

/** `https://chatwoot.example.com/app` → `https://chatwoot.example.com`. */
export function originOf(url: string): string {
  return new URL(url).origin;
}

export function sidebarRouter(o: SidebarOptions): express.Router {
  const router = express.Router();
  const origin = originOf(o.chatwootOrigin);
  const html = sidebarHtml(origin);
  const csp = sidebarCsp(origin);

  const common = (res: Response) => {
    res.set('Cache-Control', 'no-store');
    res.set('X-Content-Type-Options', 'nosniff');
    res.set('Referrer-Policy', 'no-referrer');
  };

  router.get('/sidebar', (_req, res) => {
    common(res);
    res.set('Content-Security-Policy', csp);
    res.type('html').send(html);
  });

  router.get('/sidebar/context', async (req: Request, res: Response) => {
    common(res);
    if (!bearerMatches(req.get('authorization'), o.token)) {
      res.set('WWW-Authenticate', 'Bearer');
      res.status(401).json({ error: 'missing or invalid bearer token (the SIDEBAR_TOKEN of the dashboard app URL)' });
      return;
    }
    const query = contextQuery.safeParse(req.query);
    if (!query.success) {
      const issues = query.error.issues;
      const issue = issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0]!;
      const field = issue.code === 'unrecognized_keys' ? issue.keys.join(', ') : String(issue.path[0] ?? 'conversation_id');
      const message = issue.code === 'unrecognized_keys' ? 'not accepted: the sidebar looks up by conversation_id only' : issue.message;
      res.status(400).json({ error: `${field} ${message}` });
      return;
    }
    const conversationId = query.data.conversation_id;
    let conversation;
    try {
      conversation = await o.chatwoot.getConversation(conversationId);
    } catch (err) {
      if (err instanceof ChatwootApiError && err.status === 404) {
        res.status(404).json({ error: `conversation ${conversationId} not found in this account` });
        return;
      }
      o.logger.warn({ conversationId, err: err instanceof ChatwootApiError ? `HTTP ${err.status ?? 'none'}` : (err as Error).name }, 'sidebar: Chatwoot lookup failed');
      res.status(502).json({ error: 'Chatwoot did not answer; try again' });
      return;
    }
    const sender = conversation.meta?.sender;
    const email = sender?.email?.trim() || null;
    const enrichment = email ? await o.enrichment.lookup(email) : { status: 'skipped' as const, reason: 'the contact has no email address' };
    res.json({ conversationId, contact: { name: sender?.name ?? null, email }, enrichment });
  });

  return router;
}
