import type { z } from 'zod';
import { CHATWOOT_ROUTES, routePath, type RouteName } from './routes.js';
import { DEFAULT_CHATWOOT_TIMEOUT_MS } from '../config/defaults.js';
import { classifyHttpFailure, PipelineError } from '../errors.js';
import { HttpFailure, readableErrorText, requestJson } from '../util/http-json.js';
import { withRetry, type RetryPolicy } from '../util/retry.js';

export interface ChatwootHttpOptions {
  baseUrl: string;
  apiToken: string;
  accountId: number;
  /** One attempt's wait for an answer (CHATWOOT_TIMEOUT_MS for the jobs' client); default 10 s. */
  timeoutMs?: number;
  retry?: RetryPolicy;
}

export const DEFAULT_CHATWOOT_RETRY: RetryPolicy = { attempts: 4, baseDelayMs: 300, maxDelayMs: 5_000 };

/** A failed Chatwoot call: which route, Chatwoot's status and message, and whether retrying can help. */
export class ChatwootApiError extends PipelineError {
  constructor(
    readonly route: RouteName,
    readonly status: number | null,
    readonly detail: string,
    retryable: boolean,
    more: { retryAfterMs?: number; overload?: boolean } = {},
  ) {
    super(`Chatwoot ${CHATWOOT_ROUTES[route].method} ${CHATWOOT_ROUTES[route].path} failed: ${status ?? 'no response'} ${detail}`, { retryable, ...more });
    this.name = 'ChatwootApiError';
  }
}

/**
 * Chatwoot refused the pipeline's token (401: revoked, rotated, or a role without access, Pundit answers 401 rather
 * than 403; 403: a proxy in front of it). A fault of the configuration, not of the ticket: it ends when an operator
 * fixes the token, so a job that meets it should wait rather than fail.
 */
export function isAccessRefused(err: unknown): err is ChatwootApiError {
  return err instanceof ChatwootApiError && (err.status === 401 || err.status === 403);
}

/** Chatwoot answered, but not in the shape we rely on (a version difference, a proxy page). Retrying will not help. */
export class ChatwootResponseError extends PipelineError {
  constructor(
    readonly route: RouteName,
    readonly problems: string[],
  ) {
    super(`Chatwoot answered ${route} with an unexpected shape: ${problems.join('; ')}`, { retryable: false });
    this.name = 'ChatwootResponseError';
  }
}

export interface RequestOptions {
  params?: Record<string, string | number>;
  query?: Record<string, string | number | boolean | undefined>;
  body?: unknown;
}

export interface ChatwootHttp {
  readonly accountId: number;
  request<T>(route: RouteName, options?: RequestOptions): Promise<T>;
}

function describeBody(data: unknown): string {
  if (data && typeof data === 'object') {
    const d = data as Record<string, unknown>;
    const msg = d.error ?? d.message ?? d.errors;
    if (msg !== undefined) return typeof msg === 'string' ? msg : JSON.stringify(msg).slice(0, 300);
  }
  return typeof data === 'string' ? readableErrorText(data, 300) : '';
}

const FLOOD_GUARD = /too many messages/i;
const FLOOD_WINDOW_MS = 60_000;

/** No answer, but the request may have reached Chatwoot (it timed out, or the connection broke after it was sent). */
const MAY_HAVE_ARRIVED = new Set(['ECONNABORTED', 'ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);

function toApiError(route: RouteName, err: unknown, timeoutMs: number): ChatwootApiError {
  if (err instanceof HttpFailure) {
    const failure = classifyHttpFailure(err.status, err.retryAfter);
    if (err.status === null) {
      const code = err.code ?? err.message;
      // A create that got no answer may still be made: Rails finishes a request after the client left. The job's retry
      // looks for the note's marker before posting it again, so it waits as long again for Chatwoot to finish first
      // (without this, a retry a few ms later lists the messages too early and posts the note twice). Not an overload signal.
      if (!isIdempotent(route) && MAY_HAVE_ARRIVED.has(code)) return new ChatwootApiError(route, null, code, failure.retryable, { retryAfterMs: timeoutMs, overload: false });
      return new ChatwootApiError(route, null, code, failure.retryable);
    }
    const detail = describeBody(err.data);
    // Chatwoot's flood guard (CONVERSATION_MESSAGE_PER_MINUTE_LIMIT, 200 a minute per conversation) answers a message
    // create with 422 "Too many messages": a rate limit, not a bad request. Nothing was created; it passes within the minute.
    // A limit on that one conversation, not on Chatwoot: no overload signal, so the worker's other jobs run at full pace.
    if (err.status === 422 && FLOOD_GUARD.test(detail)) return new ChatwootApiError(route, 422, detail, true, { retryAfterMs: FLOOD_WINDOW_MS, overload: false });
    return new ChatwootApiError(route, err.status, detail, failure.retryable, { retryAfterMs: failure.retryAfterMs });
  }
  return new ChatwootApiError(route, null, (err as Error).message, false);
}

/**
 * Whether a request may be sent again without knowing what the first one did. GETs may; so may writes that
 * set a state (labels, attributes, priority, assignment: the same body gives the same result). Creating a
 * message may not: a note is re-posted only by a caller that first checked it is not there (postNoteOnce).
 */
export function isIdempotent(route: RouteName): boolean {
  const { method } = CHATWOOT_ROUTES[route];
  return method === 'GET' || !route.startsWith('create');
}

/** The only HTTP transport to Chatwoot: auth header, timeouts, retries on 429/5xx/network errors for idempotent requests. */
export function createChatwootHttp(options: ChatwootHttpOptions): ChatwootHttp {
  const baseUrl = options.baseUrl.replace(/\/+$/, '');
  const headers = { api_access_token: options.apiToken };
  const timeoutMs = options.timeoutMs ?? DEFAULT_CHATWOOT_TIMEOUT_MS;
  const policy = options.retry ?? DEFAULT_CHATWOOT_RETRY;
  return {
    accountId: options.accountId,
    async request<T>(route: RouteName, { params, query, body }: RequestOptions = {}): Promise<T> {
      const url = routePath(options.accountId, route, params);
      // A create is retried blindly only when Chatwoot surely did not act on it (429: rate-limited before the controller).
      const blind = isIdempotent(route);
      return withRetry(
        policy,
        (e) => {
          const err = e as ChatwootApiError;
          return { retryable: err.retryable && (blind || err.status === 429), retryAfterMs: err.retryAfterMs };
        },
        async () => {
          try {
            return (await requestJson(`${baseUrl}${url}`, { method: CHATWOOT_ROUTES[route].method, query, headers, body, timeoutMs })) as T;
          } catch (err) {
            throw toApiError(route, err, timeoutMs);
          }
        },
      );
    },
  };
}

/** A request whose answer is checked against `schema`; a mismatch throws ChatwootResponseError naming the fields. */
export async function requestParsed<S extends z.ZodType>(http: ChatwootHttp, route: RouteName, schema: S, options?: RequestOptions): Promise<z.infer<S>> {
  const data = await http.request<unknown>(route, options);
  // A 2xx text answer (a proxy's page served with 200) is named as such, not as a field-by-field mismatch.
  if (typeof data === 'string') throw new ChatwootResponseError(route, [`a text answer instead of JSON: ${readableErrorText(data, 120) || '(empty)'}`]);
  const parsed = schema.safeParse(data);
  if (!parsed.success) {
    throw new ChatwootResponseError(
      route,
      parsed.error.issues.slice(0, 5).map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`),
    );
  }
  return parsed.data;
}
