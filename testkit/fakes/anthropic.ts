import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** The parts of a Messages API request the fake looks at. */
export interface FakeMessagesRequest {
  model: string;
  /** A string, or text blocks (the last may carry cache_control). */
  system?: string | { type: 'text'; text: string; cache_control?: unknown }[];
  messages: { role: string; content: unknown }[];
  tool_choice?: { type: string; name?: string };
  max_tokens: number;
}

export type FakeReply =
  | { kind: 'tool'; input: unknown; stopReason?: string }
  | { kind: 'text'; text: string }
  | { kind: 'http'; status: number; body?: unknown; headers?: Record<string, string> }
  | { kind: 'raw'; status: number; body: string }
  | { kind: 'hang' };

export interface FakeAnthropicOptions {
  /** Answer for each request; default: a valid triage (bug-report, 0.9) or a short draft. */
  reply?: (req: FakeMessagesRequest, index: number) => FakeReply | Promise<FakeReply>;
  delayMs?: number;
}

export interface FakeAnthropic {
  url: string;
  requests: FakeMessagesRequest[];
  /** Replies used (in order) before falling back to `reply`. */
  queue: FakeReply[];
  inputTokens: number;
  /** Of inputTokens: the part a prompt cache would serve — the tools and system prompt, when marked with cache_control and seen before. */
  cachedInputTokens: number;
  outputTokens: number;
  close(): Promise<void>;
}

/** The last user message's text (what the pipeline sent as the ticket). */
export function userText(req: FakeMessagesRequest): string {
  const first = req.messages[0];
  if (!first) return '';
  return typeof first.content === 'string' ? first.content : JSON.stringify(first.content);
}

/** The system prompt's text, whether it was sent as a string or as text blocks. */
export function systemText(req: FakeMessagesRequest): string {
  return typeof req.system === 'string' ? req.system : (req.system ?? []).map((b) => b.text).join('\n');
}

export function toolName(req: FakeMessagesRequest): string | undefined {
  return req.tool_choice?.name;
}

/**
 * Drafts the well-behaved fake Claude writes, one per reply_language the pipeline may ask for (the
 * pipeline rejects a draft in another language than the one it asked for).
 */
const DRAFTS: Record<string, string> = {
  de: 'Hallo, vielen Dank für Ihre Nachricht. Wir prüfen Ihr Anliegen und melden uns so schnell wie möglich bei Ihnen.',
  nl: 'Hallo, hartelijk dank voor je bericht. We bekijken het en nemen zo snel mogelijk contact met je op.',
  fr: 'Bonjour, merci beaucoup pour votre message. Nous examinons votre demande et revenons vers vous dès que possible.',
  en: 'Hello, thank you very much for your message. We are looking into it and will get back to you as soon as possible.',
  it: 'Ciao, grazie mille per il tuo messaggio. Stiamo verificando e ti risponderemo il prima possibile.',
  es: 'Hola, muchas gracias por tu mensaje. Lo estamos revisando y te responderemos lo antes posible.',
  pt: 'Olá, muito obrigado pela sua mensagem. Estamos a verificar e responderemos o mais rapidamente possível.',
  sv: 'Hej, tack så mycket för ditt meddelande. Vi tittar på det och återkommer till dig så snart som möjligt.',
  da: 'Hej, mange tak for din besked. Vi kigger på det og vender tilbage til dig hurtigst muligt.',
  no: 'Hei, tusen takk for meldingen din. Vi ser på saken og kommer tilbake til deg så snart som mulig.',
  pl: 'Dzień dobry, bardzo dziękujemy za wiadomość. Sprawdzamy sprawę i odpowiemy najszybciej, jak to możliwe.',
};

/** The reply_language line of a write_draft request ('unknown' when absent). */
function replyLanguage(req: FakeMessagesRequest): string {
  return /^reply_language: (\S+)$/m.exec(userText(req))?.[1] ?? 'unknown';
}

function draftIn(language: string): string {
  return DRAFTS[language] ?? DRAFTS.en!;
}

const VALID_ANALYSIS = {
  translation: 'Translated text.',
  category: 'bug-report',
  priority: 'high',
  confidence: 0.9,
  summary: 'The customer reports a problem.',
} as const;

/** The target_language line of a record_translation request ('unknown' when absent). */
function targetLanguage(req: FakeMessagesRequest): string {
  return /^target_language: (\S+)$/m.exec(userText(req))?.[1] ?? 'unknown';
}

/** The default answer to each tool: the triage above, a short draft in the requested language, or a translation (the draft sentence of that language, back-translated to the English one). */
export function defaultReply(req: FakeMessagesRequest): FakeReply {
  if (toolName(req) === 'write_draft') return { kind: 'tool', input: { reply: draftIn(replyLanguage(req)) } };
  if (toolName(req) === 'record_translation') return { kind: 'tool', input: { translation: draftIn(targetLanguage(req)), back_translation: DRAFTS.en } };
  return { kind: 'tool', input: { ...VALID_ANALYSIS } };
}

const approxTokens = (s: string) => Math.ceil(s.length / 4);
/** The smallest prefix the fake caches (Anthropic's documented minimum for Sonnet models), in its ⌈chars/4⌉ tokens. */
export const MIN_CACHEABLE_TOKENS = 1024;

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of req) chunks.push(c as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** A loopback stand-in for the Anthropic Messages API (POST /v1/messages), usable across processes. */
export async function startFakeAnthropic(options: FakeAnthropicOptions = {}): Promise<FakeAnthropic> {
  const state: FakeAnthropic = {
    url: '',
    requests: [],
    queue: [],
    inputTokens: 0,
    cachedInputTokens: 0,
    outputTokens: 0,
    close: async () => {},
  };
  const seenPrefixes = new Set<string>();
  const hanging = new Set<import('node:http').ServerResponse>();
  const server: Server = createServer(async (req, res) => {
    if (req.method !== 'POST' || !req.url?.startsWith('/v1/messages')) {
      res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ type: 'error', error: { type: 'not_found_error', message: 'not found' } }));
      return;
    }
    const body = JSON.parse(await readBody(req)) as FakeMessagesRequest;
    const index = state.requests.push(body) - 1;
    if (options.delayMs) await new Promise((r) => setTimeout(r, options.delayMs));
    const reply = state.queue.shift() ?? (await (options.reply ?? defaultReply)(body, index));
    const sent = JSON.stringify(body);
    if (reply.kind === 'hang') {
      hanging.add(res);
      return;
    }
    if (reply.kind === 'http') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.headers ?? {}) });
      res.end(JSON.stringify(reply.body ?? { type: 'error', error: { type: reply.status === 529 ? 'overloaded_error' : 'api_error', message: `fake ${reply.status}` } }));
      return;
    }
    if (reply.kind === 'raw') {
      res.writeHead(reply.status, { 'content-type': 'application/json' }).end(reply.body);
      return;
    }
    const content =
      reply.kind === 'tool'
        ? [{ type: 'tool_use', id: `toolu_${index}`, name: toolName(body) ?? 'tool', input: reply.input }]
        : [{ type: 'text', text: reply.text }];
    const input = approxTokens(sent);
    const output = approxTokens(JSON.stringify(content));
    state.inputTokens += input;
    // Like Anthropic: a marked prefix at least MIN_CACHEABLE_TOKENS long is written once, then read from the cache.
    const prefix = cacheablePrefix(body);
    let cacheRead = 0;
    let cacheWrite = 0;
    if (prefix !== null && approxTokens(prefix) >= MIN_CACHEABLE_TOKENS) {
      if (seenPrefixes.has(prefix)) cacheRead = approxTokens(prefix);
      else cacheWrite = approxTokens(prefix);
      seenPrefixes.add(prefix);
    }
    state.cachedInputTokens += cacheRead;
    state.outputTokens += output;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(
      JSON.stringify({
        id: `msg_${index}`,
        type: 'message',
        role: 'assistant',
        model: body.model,
        content,
        stop_reason: reply.kind === 'tool' ? (reply.stopReason ?? 'tool_use') : 'end_turn',
        stop_sequence: null,
        usage: { input_tokens: input - cacheRead - cacheWrite, output_tokens: output, cache_read_input_tokens: cacheRead, cache_creation_input_tokens: cacheWrite },
      }),
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  state.close = async () => {
    for (const r of hanging) r.destroy();
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return state;
}

/** The tools and system prompt as sent, when either carries a cache_control breakpoint (what the prompt cache would key on); otherwise null. Counted as in the request, so a cached part is never more than was sent. */
function cacheablePrefix(body: FakeMessagesRequest): string | null {
  const b = body as unknown as { tools?: unknown; system?: unknown };
  const prefix = JSON.stringify([b.tools ?? null, b.system ?? null]);
  return prefix.includes('"cache_control"') ? prefix : null;
}
