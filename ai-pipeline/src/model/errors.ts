import { PipelineError } from '../errors.js';

/** The model's answer did not fit the schema, even after the one repair attempt. Retrying the job will not help. */
export class ModelOutputError extends PipelineError {
  constructor(message: string) {
    super(message, { retryable: false });
    this.name = 'ModelOutputError';
  }
}

/** The request was more than the model takes (a 400 "prompt is too long"). Retrying will not help; a smaller model input or the offline model will. */
export class ModelInputTooLongError extends PipelineError {
  constructor(message: string) {
    super(message, { retryable: false });
    this.name = 'ModelInputTooLongError';
  }
}

/** The model provider could not be reached or refused (after the SDK's own retries). */
export class ModelUnavailableError extends PipelineError {
  constructor(message: string, retryable: boolean, retryAfterMs?: number) {
    super(message, { retryable, retryAfterMs });
    this.name = 'ModelUnavailableError';
  }
}

/** Errors after which the offline model should do the step instead (the job itself is fine). */
export function fallbackReasonFor(err: unknown): string | null {
  if (err instanceof ModelOutputError) return `Claude's answer was unusable (${err.message})`;
  if (err instanceof ModelInputTooLongError) return `the ticket is longer than Claude accepts (${err.message})`;
  return null;
}

/** This provider cannot translate (the offline model); retrying will not help. */
export class TranslationUnavailableError extends PipelineError {
  constructor(message = 'translation needs the Claude model (set ANTHROPIC_API_KEY); the offline model cannot translate') {
    super(message, { retryable: false });
    this.name = 'TranslationUnavailableError';
  }
}
