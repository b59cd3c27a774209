import { z } from 'zod';
import { classifyHttpFailure } from '../errors.js';
import { HttpFailure, requestJson } from '../util/http-json.js';
import { withRetry, type RetryPolicy } from '../util/retry.js';

const section = <T extends z.ZodType>(data: T) =>
  z.discriminatedUnion('status', [
    z.object({ status: z.literal('ok'), data }),
    z.object({ status: z.literal('not_configured') }),
    z.object({ status: z.literal('not_found') }),
    z.object({ status: z.literal('timeout'), reason: z.string().default('timed out') }),
    z.object({ status: z.literal('error'), reason: z.string().default('error') }),
  ]);

const text = z.string().max(2000);

/** The enrichment service's GET /enrich answer (see enrichment-service/README.md). */
export const enrichmentSchema = z.object({
  sentry: section(
    z.object({
      issues: z
        .array(z.object({ id: text, title: text, level: text, count: z.number(), lastSeen: text, link: text }))
        .max(50),
    }),
  ),
  posthog: section(
    z.object({
      personUrl: text,
      recordings: z.array(z.object({ id: text, startTime: text, durationSeconds: z.number(), link: text })).max(50),
    }),
  ),
  account: section(
    z.object({
      plan: text.nullable(),
      signedUpAt: text.nullable(),
      attributes: z.record(z.string(), z.union([z.string().transform((v) => v.slice(0, 500)), z.number(), z.boolean(), z.null()])),
    }),
  ),
});
export type Enrichment = z.infer<typeof enrichmentSchema>;

/** What the pipeline knows about enrichment for one ticket: the service's answer, or why there is none. */
export type EnrichmentResult =
  | { status: 'ok'; enrichment: Enrichment }
  | { status: 'skipped'; reason: string }
  | { status: 'unavailable'; reason: string };

export interface EnrichmentClientOptions {
  baseUrl?: string;
  token?: string;
  timeoutMs: number;
  retry?: RetryPolicy;
}

export class EnrichmentClient {
  constructor(private readonly options: EnrichmentClientOptions) {}

  /** Never throws: an unreachable or broken service becomes `unavailable` with the reason, and the triage goes on. */
  async lookup(email: string | null | undefined): Promise<EnrichmentResult> {
    const { baseUrl, token, timeoutMs } = this.options;
    if (!baseUrl) return { status: 'skipped', reason: 'enrichment service not configured (ENRICHMENT_SERVICE_URL)' };
    if (!email) return { status: 'skipped', reason: 'the contact has no email address' };
    const policy = this.options.retry ?? { attempts: 2, baseDelayMs: 200, maxDelayMs: 1000 };
    try {
      const data = await withRetry(
        policy,
        (e) => (e instanceof HttpFailure ? classifyHttpFailure(e.status, e.retryAfter) : { retryable: false }),
        () =>
          requestJson(`${baseUrl.replace(/\/+$/, '')}/enrich`, {
            query: { email },
            headers: { authorization: `Bearer ${token ?? ''}` },
            timeoutMs,
          }),
      );
      const parsed = enrichmentSchema.safeParse(data);
      if (!parsed.success) return { status: 'unavailable', reason: 'the enrichment service answered in an unexpected format' };
      return { status: 'ok', enrichment: parsed.data };
    } catch (e) {
      if (e instanceof HttpFailure) {
        if (e.status !== null) return { status: 'unavailable', reason: `the enrichment service answered HTTP ${e.status}` };
        if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT') return { status: 'unavailable', reason: `no answer within ${timeoutMs} ms` };
        return { status: 'unavailable', reason: `unreachable (${e.code ?? 'network error'})` };
      }
      return { status: 'unavailable', reason: (e as Error).message };
    }
  }
}
