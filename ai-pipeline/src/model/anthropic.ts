import Anthropic from '@anthropic-ai/sdk';
import { z } from 'zod';
import { categorySchema, prioritySchema } from '../triage/categories.js';
import { draftLanguageMismatch } from '../triage/draft-check.js';
import { ModelOutputError, ModelUnavailableError } from './errors.js';
import { ANALYSIS_SYSTEM, DRAFT_SYSTEM, TRANSLATE_SYSTEM, analysisUserMessage, draftUserMessage, translateUserMessage } from './prompts.js';
import { NO_USAGE, addUsage, type Analysis, type ModelProvider, type ModelResult, type Translation, type Usage } from './provider.js';
import { parseRetryAfter } from '../util/retry.js';

export interface AnthropicProviderOptions {
  apiKey: string;
  baseURL?: string;
  model: string;
  /** The SDK's own retries (429 with retry-after, 529, 5xx, timeouts). */
  maxRetries?: number;
  timeoutMs?: number;
}

export const analysisSchema = z.strictObject({
  translation: z.string().max(20_000),
  category: categorySchema,
  priority: prioritySchema,
  confidence: z.number().min(0).max(1),
  summary: z.string().min(1).max(400),
});

const draftSchema = z.strictObject({ reply: z.string().min(1).max(20_000) });

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

const ANALYSIS_TOOL: Anthropic.Tool = {
  name: 'record_triage',
  description: 'Record the triage of the ticket.',
  input_schema: {
    type: 'object',
    properties: {
      translation: { type: 'string', description: "English translation of the customer's text" },
      category: { type: 'string', enum: [...categorySchema.options] },
      priority: { type: 'string', enum: [...prioritySchema.options] },
      confidence: { type: 'number', minimum: 0, maximum: 1 },
      summary: { type: 'string', description: 'One English sentence' },
    },
    required: ['translation', 'category', 'priority', 'confidence', 'summary'],
    additionalProperties: false,
  },
};

const DRAFT_TOOL: Anthropic.Tool = {
  name: 'write_draft',
  description: 'Record the reply draft.',
  input_schema: {
    type: 'object',
    properties: { reply: { type: 'string', description: 'The reply text, in the reply language' } },
    required: ['reply'],
    additionalProperties: false,
  },
};

function usageOf(msg: Anthropic.Message): Usage {
  return { calls: 1, inputTokens: msg.usage.input_tokens, outputTokens: msg.usage.output_tokens };
}

function toUnavailable(err: unknown): unknown {
  if (err instanceof Anthropic.APIError) {
    const status = err.status;
    const transient = status === undefined || status === 408 || status === 409 || status === 429 || status >= 500;
    const retryAfter = parseRetryAfter((err.headers as Headers | undefined)?.get?.('retry-after') ?? undefined);
    return new ModelUnavailableError(`Anthropic API ${status ?? 'connection'} error: ${err.message.slice(0, 200)}`, transient, retryAfter);
  }
  return err;
}

/** Claude behind the ModelProvider interface: tool-use for structured output, zod-validated, one repair attempt. */
export function createAnthropicProvider(opts: AnthropicProviderOptions): ModelProvider {
  const client = new Anthropic({
    apiKey: opts.apiKey,
    baseURL: opts.baseURL,
    maxRetries: opts.maxRetries ?? 3,
    timeout: opts.timeoutMs ?? 60_000,
  });

  async function structured<S extends z.ZodType>(
    system: string,
    user: string,
    tool: Anthropic.Tool,
    schema: S,
    maxTokens: number,
  ): Promise<ModelResult<z.infer<S>>> {
    const messages: Anthropic.MessageParam[] = [{ role: 'user', content: user }];
    let usage = NO_USAGE;
    for (let attempt = 0; attempt < 2; attempt++) {
      let msg: Anthropic.Message;
      try {
        msg = await client.messages.create({
          model: opts.model,
          max_tokens: maxTokens,
          system,
          messages,
          tools: [tool],
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
        ? `no ${tool.name} tool call`
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
      return structured(ANALYSIS_SYSTEM, analysisUserMessage(input), ANALYSIS_TOOL, analysisSchema, 4096);
    },
    async draft(input): Promise<ModelResult<string>> {
      // A draft in another language than reply_language is invalid output: repaired once, then the fallback.
      const inLanguage = draftSchema.superRefine((d, ctx) => {
        const found = draftLanguageMismatch(d.reply, input.language);
        if (found) ctx.addIssue({ code: 'custom', path: ['reply'], message: `must be written in reply_language ${input.language}, but it is in ${found}` });
      });
      const r = await structured(DRAFT_SYSTEM, draftUserMessage(input), DRAFT_TOOL, inLanguage, 2048);
      return { value: r.value.reply, usage: r.usage };
    },
    async translate(input): Promise<ModelResult<Translation>> {
      // A translation that is not in the target language is invalid output: repaired once, then an error.
      const inLanguage = translationSchema.superRefine((t, ctx) => {
        const found = draftLanguageMismatch(t.translation, input.targetLanguage);
        if (found) ctx.addIssue({ code: 'custom', path: ['translation'], message: `must be written in target_language ${input.targetLanguage}, but it is in ${found}` });
      });
      const r = await structured(TRANSLATE_SYSTEM, translateUserMessage(input), TRANSLATE_TOOL, inLanguage, 4096);
      return { value: { translation: r.value.translation, backTranslation: r.value.back_translation }, usage: r.usage };
    },
  };
}
