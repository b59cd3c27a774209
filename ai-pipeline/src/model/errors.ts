/** The model's answer did not fit the schema, even after the one repair attempt. Retrying the job will not help. */
export class ModelOutputError extends Error {
  readonly transient = false;
  constructor(message: string) {
    super(message);
    this.name = 'ModelOutputError';
  }
}

/** The model provider could not be reached or refused (after the SDK's own retries). */
export class ModelUnavailableError extends Error {
  constructor(
    message: string,
    readonly transient: boolean,
    readonly retryAfterMs?: number,
  ) {
    super(message);
    this.name = 'ModelUnavailableError';
  }
}

/** This provider cannot translate (the offline model); retrying will not help. */
export class TranslationUnavailableError extends Error {
  readonly transient = false;
  constructor(message = 'translation needs the Claude model (set ANTHROPIC_API_KEY); the offline model cannot translate') {
    super(message);
    this.name = 'TranslationUnavailableError';
  }
}
