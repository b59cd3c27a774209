import { fallbackReasonFor, ModelUnavailableError } from '../model/errors.js';
import { NO_USAGE, addUsage, type DraftInput, type ModelProvider, type ModelResult, type ThreadMessage, type Usage } from '../model/provider.js';
import { noReplyToAutomaticMail } from '../triage/automatic-mail.js';
import { cutAtCodePoint, storageSafeDeep } from '../util/safe-text.js';
import { elapsed, type JobDeps } from './deps.js';
import type { ClaimedJob } from './queue.js';

/**
 * What a job keeps between attempts: each finished step's value (so a retry or a restart never pays for a
 * model call twice), each step's latency, and small counters.
 */
export interface JobCheckpoint {
  steps?: Record<string, unknown>;
  latencyMs?: Record<string, number>;
  waitsForMessage?: number;
  /** The triage found the conversation held by the chat bot and did nothing (the hand-over runs it again). */
  heldByBot?: boolean;
  /** Run again after the bot gave the conversation back (queue.rerunHeld): any webhook copy of it is from the bot's time. */
  givenBack?: boolean;
}

/**
 * Runs a job as a list of named steps. `step(name, fn)` returns the checkpointed value of `name` when an earlier
 * attempt finished it, otherwise runs `fn`, saves its value in the job's checkpoint and records its latency.
 * Adding a step to a job is one line: `const x = await run.step('x', () => ...)`.
 *
 * Every step starts only while the job's lease holds, as far as this process knows (`lease.check()`, no round trip),
 * and every checkpoint write is fenced by the lease in the database: a run whose job another worker took over throws
 * LeaseLost at its next step or checkpoint, before that step's Chatwoot writes. A step already running is not
 * interrupted (a Chatwoot write cut off mid-request may or may not have happened; the boundary is the safe place).
 */
export class StepRunner {
  readonly checkpoint: JobCheckpoint;
  private saving: Promise<void> = Promise.resolve();

  constructor(
    private readonly job: ClaimedJob,
    private readonly deps: Pick<JobDeps, 'queue'>,
  ) {
    const cp = (job.checkpoint ?? {}) as JobCheckpoint;
    this.checkpoint = { ...cp, steps: { ...(cp.steps ?? {}) }, latencyMs: { ...(cp.latencyMs ?? {}) } };
  }

  /** A checkpointed step: its value must be JSON (it is stored in the job row, made safe for storage). */
  async step<T>(name: string, fn: () => Promise<T>): Promise<T> {
    const steps = this.checkpoint.steps!;
    if (Object.hasOwn(steps, name)) return steps[name] as T;
    const value = storageSafeDeep(await this.timed(name, fn));
    steps[name] = value;
    await this.save();
    return value;
  }

  /** A step that is not checkpointed (it reads the current state, or its writes are idempotent): latency only. */
  async timed<T>(name: string, fn: () => Promise<T>): Promise<T> {
    this.job.lease.check();
    const t = performance.now();
    const value = await fn();
    this.checkpoint.latencyMs![name] = elapsed(t);
    return value;
  }

  get latency(): Record<string, number> {
    return { ...this.checkpoint.latencyMs };
  }

  /** Saves the checkpoint; saves run one after another, so a slower earlier save never overwrites a later one. */
  save(): Promise<void> {
    this.saving = this.saving.then(() => this.deps.queue.saveCheckpoint(this.job.lease, storageSafeDeep({ ...this.checkpoint })));
    return this.saving;
  }
}

/** Who produced a model result; `fallbackReason` says why the offline model stood in. */
export interface Provided {
  provider: 'anthropic' | 'offline';
  model: string;
  fallbackReason?: string;
}

/** A model result and who produced it. */
export type ProvidedResult<T> = ModelResult<T> & Provided;

export interface FallbackPolicy {
  /** Also fall back when the model is unreachable (used on a job's last attempt, when failing is worse). */
  whenUnavailable?: boolean;
}

/**
 * Runs `call` on the primary provider; when its output is unusable (or the input too long for it), and on the
 * last chance also when it is unreachable, on the offline model instead, with the reason. Whatever else the
 * result carries (a draft's used article ids) is kept.
 */
export async function withFallback<R extends ModelResult<unknown>>(
  deps: Pick<JobDeps, 'provider' | 'fallback'>,
  call: (p: ModelProvider) => Promise<R>,
  policy: FallbackPolicy = {},
): Promise<R & Provided> {
  try {
    const r = await call(deps.provider);
    return { ...r, provider: deps.provider.kind, model: deps.provider.model };
  } catch (err) {
    const reason =
      fallbackReasonFor(err) ??
      (policy.whenUnavailable && err instanceof ModelUnavailableError ? `Claude could not be reached (${err.message})` : null);
    if (!reason || !deps.fallback) throw err;
    const r = await call(deps.fallback);
    return { ...r, provider: deps.fallback.kind, model: deps.fallback.model, fallbackReason: `${reason}; the offline model was used instead.` };
  }
}

/**
 * The reply draft for a customer message: the reason there is none when a machine wrote it (an out-of-office, a bounce,
 * bulk mail; no model call), else the provider's draft with the offline fallback. Shared by the triage and the
 * follow-up flows.
 */
export function draftReply(deps: Pick<JobDeps, 'provider' | 'fallback'>, input: DraftInput, policy: FallbackPolicy = {}): Promise<ProvidedResult<string> & { usedArticleIds?: string[] }> {
  const none = noReplyToAutomaticMail(input.subject, input.customerText);
  if (none !== null) return Promise.resolve({ value: none, usage: NO_USAGE, provider: deps.provider.kind, model: deps.provider.model });
  return withFallback(deps, (p) => p.draft(input), policy);
}

/** The summed usage of a job's model results. */
export function totalUsage(results: (Pick<ProvidedResult<unknown>, 'usage'> | null | undefined)[]): Usage {
  return results.reduce<Usage>((sum, r) => (r ? addUsage(sum, r.usage) : sum), NO_USAGE);
}

/** Default of MODEL_INPUT_MAX_CHARS: about 5k tokens of customer text, far below any model's context. */
export const DEFAULT_MODEL_INPUT_MAX_CHARS = 20_000;

/** The customer's text, cut for the model at `maxChars`, and a line for the note when it was cut. */
export interface ModelInput {
  text: string;
  cutNotice?: string;
}

export function capForModel(text: string, maxChars = DEFAULT_MODEL_INPUT_MAX_CHARS): ModelInput {
  if (text.length <= maxChars) return { text };
  return {
    text: cutAtCodePoint(text, maxChars),
    cutNotice: `The customer's text has ${text.length} characters; only the first ${maxChars} were given to the model (MODEL_INPUT_MAX_CHARS).`,
  };
}

/** The newest messages of a thread that fit in `maxChars` together (the newest one cut if it alone is longer). */
export function capThread(thread: ThreadMessage[], maxChars = DEFAULT_MODEL_INPUT_MAX_CHARS): ThreadMessage[] {
  const kept: ThreadMessage[] = [];
  let budget = maxChars;
  for (let i = thread.length - 1; i >= 0 && budget > 0; i--) {
    const m = thread[i]!;
    kept.unshift(m.text.length <= budget ? m : { ...m, text: cutAtCodePoint(m.text, budget) });
    budget -= m.text.length;
  }
  return kept;
}
