/**
 * The pipeline's one small HTTP client for JSON services (Chatwoot, the enrichment service), on Node's own fetch:
 * the Anthropic SDK uses fetch too, so one HTTP stack is loaded instead of two (axios cost ~25 MB of RSS, ~0.2 s
 * of start-up and most of the per-request garbage during a burst).
 */
import { DomUtils, parseDocument } from 'htmlparser2';
import { htmlToText } from './html-text.js';

export interface JsonRequest {
  method?: string;
  /** Query parameters; undefined values are left out. */
  query?: Record<string, string | number | boolean | undefined>;
  headers?: Record<string, string>;
  /** Sent as JSON. */
  body?: unknown;
  timeoutMs: number;
}

/**
 * A request that got no 2xx answer. `status` null: no answer at all, `code` says why (a Node network code such as
 * ECONNREFUSED, or ECONNABORTED when `timeoutMs` passed).
 */
export class HttpFailure extends Error {
  constructor(
    readonly status: number | null,
    readonly code: string | undefined,
    readonly retryAfter: string | undefined,
    /** The answer's body (parsed JSON, else its text); undefined without an answer. */
    readonly data: unknown,
  ) {
    super(status === null ? `no answer (${code ?? 'network error'})` : `HTTP ${status}`);
    this.name = 'HttpFailure';
  }
}

export function urlWithQuery(url: string, query: JsonRequest['query']): string {
  if (!query) return url;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) if (v !== undefined) params.append(k, String(v));
  const qs = params.toString();
  return qs ? `${url}${url.includes('?') ? '&' : '?'}${qs}` : url;
}

/** The body as JSON when it parses, else as text ('' when empty). */
function parseBody(text: string): unknown {
  if (text === '') return '';
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return text;
  }
}

const HTML = /<(!doctype|html|head|body|title|h1|center|div|p|pre)\b/i;

/** How much of an error body is looked at: an error page's title and first words are near its start. */
const ERROR_TEXT_SCAN_CHARS = 65_536;

/**
 * An error body as one readable line for a log or a note: an HTML page (a proxy's or the web server's error page,
 * not the service's JSON) becomes its title, else its first heading, else its visible text (htmlparser2 and the
 * customer text's `htmlToText`: entities decoded, scripts and styles dropped), and says it was a page; whitespace is
 * collapsed; cut at `max` characters. Only the first 64 KiB are read.
 */
export function readableErrorText(text: string, max = 200): string {
  let t = text.slice(0, ERROR_TEXT_SCAN_CHARS);
  if (HTML.test(t)) {
    const doc = parseDocument(t);
    const textOf = (name: string) => {
      const element = DomUtils.findOne((e) => e.name === name, doc.children);
      return element ? DomUtils.textContent(element).trim() : '';
    };
    const words = (textOf('title') || textOf('h1') || htmlToText(t)).replace(/\s+/g, ' ').trim();
    t = `${words.slice(0, max)} (an HTML page instead of JSON)`;
  }
  return t.replace(/\s+/g, ' ').trim().slice(0, max + 40);
}

function failureCode(err: unknown): string | undefined {
  const e = err as { name?: unknown; code?: unknown; cause?: { code?: unknown; name?: unknown } } | null;
  if (e?.name === 'TimeoutError' || e?.name === 'AbortError' || e?.cause?.name === 'TimeoutError') return 'ECONNABORTED';
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  if (typeof e?.code === 'string') return e.code;
  return undefined;
}

/** Sends the request and returns the parsed 2xx body; anything else throws HttpFailure. */
export async function requestJson(url: string, r: JsonRequest): Promise<unknown> {
  const headers: Record<string, string> = { accept: 'application/json', ...r.headers };
  if (r.body !== undefined) headers['content-type'] = 'application/json';
  let res: Response;
  let text: string;
  try {
    res = await fetch(urlWithQuery(url, r.query), {
      method: r.method ?? 'GET',
      headers,
      body: r.body === undefined ? undefined : JSON.stringify(r.body),
      signal: AbortSignal.timeout(r.timeoutMs),
    });
    text = await res.text();
  } catch (err) {
    throw new HttpFailure(null, failureCode(err), undefined, undefined);
  }
  const data = parseBody(text);
  if (!res.ok) throw new HttpFailure(res.status, undefined, res.headers.get('retry-after') ?? undefined, data);
  return data;
}
