import type Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { categoryEnum, categorySchema, prioritySchema } from '../triage/categories.js';
import { draftLanguageMismatch } from '../triage/draft-check.js';
import { classifyHttpFailure } from '../errors.js';
import { readableErrorText } from '../util/http-json.js';
import { ModelInputTooLongError, ModelOutputError, ModelUnavailableError } from './errors.js';
import { cacheControlFor } from './prompt-cache.js';
import { DEFAULT_PROMPT_CONTEXT, analysisUserMessage, draftUserMessage, translateSystem, translateUserMessage, triageSystem, type PromptContext } from './prompts.js';
import { NO_USAGE, addUsage, type Analysis, type DraftResult, type ModelProvider, type ModelResult, type Translation, type Usage } from './provider.js';

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** The SDK's own retries (429 with retry-after, 529, 5xx, timeouts). */
  maxRetries?: number;
  timeoutMs?: number;
  /** The product paragraph and categories from the triage configuration, read per call (so a reload applies). */
  promptContext?: () => PromptContext;
}

export const analysisSchema = z.strictObject({
  translation: z.string().max(20_000),
  category: categorySchema,
  priority: prioritySchema,
  confidence: z.number().min(0).max(1),
  summary: z.string().min(1).max(400),
});

/** The analysis output schema for the configured categories (the model may only name one of them). */
export function analysisSchemaFor(categories: readonly string[]): z.ZodType<Analysis> {
  return analysisSchema.extend({ category: categoryEnum(categories) }) as z.ZodType<Analysis>;
}

/** The record_triage tool with the configured categories as its enum. */
export function analysisToolFor(categories: readonly string[]): Anthropic.Tool {
  const schema = ANALYSIS_TOOL.input_schema as { properties: Record<string, unknown> };
  return {
    ...ANALYSIS_TOOL,
    input_schema: { ...ANALYSIS_TOOL.input_schema, properties: { ...schema.properties, category: { type: 'string', enum: [...categories] } } },
  };
}

const draftSchema = z.strictObject({
  reply: z.string().min(1).max(20_000),
  /** Ids of the help-center passages the reply relies on (`A1`…); only meaningful when articles were given. */
  used_article_ids: z.array(z.string().max(20)).max(20).optional(),
});

export const translationSchema = z.strictObject({
  translation: z.string().min(1).max(20_000),
  back_translation: z.string().min(1).max(20_000),
});

const TRANSLATE_TOOL: Anthropic.Tool = {
  name: 'record_translation',
  description: "Record the agent's reply translated into the customer's language.",
  input_schema: {
    type: 'object',
    properties: {
      translation: { type: 'string', description: 'The reply in target_language' },
      back_translation: { type: 'string', description: 'The translation rendered back into English' },
    },
    required: ['translation', 'back_translation'],
    additionalProperties: false,
  },
};

// Short schemas: a description only where the property name does not say it all (the system prompt explains each).
const ANALYSIS_TOOL: Anthropic.Tool = {
  name: 'record_triage',
  input_schema: {
    type: 'object',
    properties: {
      translation: { type: 'string' },
      category: { type: 'string', enum: [...categorySchema.options] },
      priority: { type: 'string', enum: [...prioritySchema.options] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      summary: { type: 'string' },
    },
    required: ['translation', 'category', 'priority', 'confidence', 'summary'],
    additionalProperties: false,
  },
};

const DRAFT_TOOL: Anthropic.Tool = {
  name: 'write_draft',
  input_schema: {
    type: 'object',
    properties: {
      reply: { type: 'string' },
      used_article_ids: { type: 'array', items: { type: 'string' } },
    },
    required: ['reply'],
    additionalProperties: false,
  },
};

function usageOf(msg: Anthropic.Message): Usage {
  return {
    calls: 1,
    inputTokens: msg.usage.input_tokens,
    outputTokens: msg.usage.output_tokens,
    cacheReadTokens: msg.usage.cache_read_input_tokens ?? 0,
    cacheWriteTokens: msg.usage.cache_creation_input_tokens ?? 0,
  };
}

/** What one structured call sends besides the user message: the shared system prompt, every tool, and the one to call. */
interface CallShape {
  system: string;
  tools: Anthropic.Tool[];
  tool: string;
}

/** The system prompt as one text block, marked for the prompt cache when tools + system are long enough to be cached. */
function systemBlocks(model: string, shape: CallShape): Anthropic.TextBlockParam[] {
  const cache = cacheControlFor(model, { tools: shape.tools, system: shape.system });
  return [{ type: 'text', text: shape.system, ...(cache ? { cache_control: cache } : {}) }];
}

/** A 400 that says the request exceeds the model's context window (Anthropic: "prompt is too long: N tokens > M maximum"). */
const TOO_LONG = /prompt is too long|too many (input )?tokens|context (window|length)|exceeds? the (maximum|context)/i;

export function toUnavailable(err: unknown): unknown {
  if (sdk && err instanceof sdk.APIError) {
    const status = err.status;
    if ((status === 400 || status === 413) && TOO_LONG.test(err.message)) {
      return new ModelInputTooLongError(`Anthropic API ${status}: the request is longer than the model's context`);
    }
    const failure = classifyHttpFailure(status ?? null, (err.headers as Headers | undefined)?.get?.('retry-after'));
    return new ModelUnavailableError(`Anthropic API ${status ?? 'connection'} error: ${readableErrorText(err.message, 200)}`, failure.retryable, failure.retryAfterMs);
  }
  return err;
}

/** Why an answer has no tool call, in words an agent can act on: Claude refused, ran out of tokens, or just wrote text. */
function noToolCall(tool: string, msg: Anthropic.Message): string {
  const reason = msg.stop_reason as string | null;
  if (reason === 'refusal') return `Claude declined to answer (stop_reason refusal), no ${tool} tool call`;
  if (reason === 'max_tokens') return `the answer was cut off (max_tokens) before the ${tool} tool call`;
  const empty = msg.content.length === 0 ? 'an empty answer' : 'text only';
  return `no ${tool} tool call (${empty}${reason ? `, stop_reason ${reason}` : ''})`;
}

/** The SDK once the first model call has loaded it (~0.3 s and ~15 MB: not spent at start-up, nor ever without Claude). */
let sdk: typeof Anthropic | null = null;

/** The client, created at its first request (the SDK is imported then, once per process). */
function lazyClient(options: ConstructorParameters<typeof Anthropic>[0]): { messages: { create(body: Anthropic.MessageCreateParamsNonStreaming): Promise<Anthropic.Message> } } {
  let client: Promise<Anthropic> | null = null;
  const get = () =>
    (client ??= import('@anthropic-ai/sdk').then(
      (m) => new (sdk = m.default)(options),
      (e: unknown) => {
        client = null;
        throw e;
      },
    ));
  return { messages: { create: async (body) => (await get()).messages.create(body) } };
}

/** The analysis and the draft: one system prompt and the same two tools, so both calls share one cacheable prefix. */
function triageShape(ctx: PromptContext, tool: 'record_triage' | 'write_draft'): CallShape {
  return { system: triageSystem(ctx), tools: [analysisToolFor(ctx.categories.map((c) => c.name)), DRAFT_TOOL], tool };
}

/** Claude behind the ModelProvider interface: tool-use for structured output, zod-validated, one repair attempt. */
export function createAnthropicProvider(opts: AnthropicProviderOptions): ModelProvider {
  const client = lazyClient({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: opts.maxRetries ?? 3,
    timeout: opts.timeoutMs ?? 60_000,
  });

  async function structured<S extends z.ZodType>(shape: CallShape, user: string, schema: S, maxTokens: number): Promise<ModelResult<z.infer<S>>> {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: user }];
    const tool = { name: shape.tool };
    const system = systemBlocks(opts.model, shape);
    let usage = NO_USAGE;
    for (let attempt = 0; attempt < 2; attempt++) {
      let msg: Anthropic.Message;
      try {
        msg = await client.messages.create({
          model: opts.model,
          max_tokens: maxTokens,
          system,
          messages,
          tools: shape.tools,
          tool_choice: { type: 'tool', name: tool.name },
        });
      } catch (err) {
        throw toUnavailable(err);
      }
      usage = addUsage(usage, usageOf(msg));
      const block = msg.content.find((b): b is Anthropic.ToolUseBlock => b.type === 'tool_use' && b.name === tool.name);
      const parsed = block ? schema.safeParse(block.input) : undefined;
      if (parsed?.success) return { value: parsed.data, usage };
      const problem = !block
        ? noToolCall(tool.name, msg)
        : msg.stop_reason === 'max_tokens'
          ? 'the answer was cut off (max_tokens)'
          : parsed!.error.issues.map((i) => `${i.path.join('.') || '(root)'}: ${i.message}`).join('; ');
      if (attempt === 1 || !block) {
        if (attempt === 1) throw new ModelOutputError(`model output failed validation after one repair: ${problem}`);
        // No tool call at all: ask once more with the same prompt.
        messages.push({ role: 'assistant', content: msg.content }, { role: 'user', content: `You must call the ${tool.name} tool.` });
        continue;
      }
      messages.push(
        { role: 'assistant', content: msg.content },
        {
          role: 'user',
          content: [
            { type: 'tool_result', tool_use_id: block.id, is_error: true, content: `Invalid input: ${problem}. Call ${tool.name} again with valid values.` },
          ],
        },
      );
    }
    throw new ModelOutputError('unreachable');
  }

  return {
    kind: 'anthropic',
    model: opts.model,
    async analyze(input): Promise<ModelResult<Analysis>> {
      const ctx = opts.promptContext?.() ?? DEFAULT_PROMPT_CONTEXT;
      const names = ctx.categories.map((c) => c.name);
      return structured(triageShape(ctx, 'record_triage'), analysisUserMessage(input), analysisSchemaFor(names), 4096);
    },
    async draft(input): Promise<DraftResult> {
      // A draft in another language than reply_language is invalid output: repaired once, then the fallback.
      const given = new Set((input.articles ?? []).map((a) => a.id));
      const inLanguage = draftSchema.superRefine((d, ctx) => {
        const found = draftLanguageMismatch(d.reply, input.language);
        if (found) ctx.addIssue({ code: 'custom', path: ['reply'], message: `must be written in reply_language ${input.language}, but it is in ${found}` });
        const unknown = (d.used_article_ids ?? []).filter((id) => !given.has(id));
        if (unknown.length) ctx.addIssue({ code: 'custom', path: ['used_article_ids'], message: `unknown article ids ${unknown.join(', ')}; use only ids of the given <article> elements` });
      });
      const r = await structured(triageShape(opts.promptContext?.() ?? DEFAULT_PROMPT_CONTEXT, 'write_draft'), draftUserMessage(input), inLanguage, 2048);
      return { value: r.value.reply, usage: r.usage, ...(given.size ? { usedArticleIds: [...new Set(r.value.used_article_ids ?? [])] } : {}) };
    },
    async translate(input): Promise<ModelResult<Translation>> {
      // A translation that is not in the target language is invalid output: repaired once, then an error.
      const inLanguage = translationSchema.superRefine((t, ctx) => {
        const found = draftLanguageMismatch(t.translation, input.targetLanguage);
        if (found) ctx.addIssue({ code: 'custom', path: ['translation'], message: `must be written in target_language ${input.targetLanguage}, but it is in ${found}` });
      });
      const r = await structured({ system: translateSystem(opts.promptContext?.() ?? DEFAULT_PROMPT_CONTEXT), tools: [TRANSLATE_TOOL], tool: TRANSLATE_TOOL.name }, translateUserMessage(input), inLanguage, 4096);
      return { value: { translation: r.value.translation, backTranslation: r.value.back_translation }, usage: r.usage };
    },
  };
}
