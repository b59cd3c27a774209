/** The answer of one enrichment source, as sent in `/enrich` (the ai-pipeline validates this exact shape). */
export type Section<T> =
  | { status: 'ok'; data: T }
  | { status: 'not_configured' }
  | { status: 'not_found' }
  | { status: 'timeout'; reason: string }
  | { status: 'error'; reason: string };

export type SectionStatus = Section<unknown>['status'];

export interface SentryIssue {
  id: string;
  title: string;
  level: string;
  count: number;
  lastSeen: string;
  link: string;
}
export interface SentryData {
  issues: SentryIssue[];
}

export interface PosthogRecording {
  id: string;
  startTime: string;
  durationSeconds: number;
  link: string;
}
export interface PosthogData {
  personUrl: string;
  recordings: PosthogRecording[];
}

export type AttributeValue = string | number | boolean | null;
export interface AccountData {
  plan: string | null;
  signedUpAt: string | null;
  attributes: Record<string, AttributeValue>;
}

export interface EnrichResponse {
  email: string;
  sentry: Section<SentryData>;
  posthog: Section<PosthogData>;
  account: Section<AccountData>;
}

/**
 * One source: looks the customer up by (normalised) email. It resolves with ok / not_found / not_configured,
 * and throws (or rejects) for anything that went wrong; the runner turns that into `error` or `timeout`.
 * It should stop work when `signal` aborts (the runner aborts it at the source timeout).
 */
export type Source<T> = (email: string, signal: AbortSignal) => Promise<Section<T>>;

export interface Sources {
  sentry: Source<SentryData>;
  posthog: Source<PosthogData>;
  account: Source<AccountData>;
}

export const notConfigured: Source<never> = async () => ({ status: 'not_configured' });

/** An error whose message is safe to show to the agent and the ai-pipeline (no secrets, no customer data). */
export class SourceError extends Error {
  override name = 'SourceError';
}

/** A source hit its own deadline (e.g. Postgres' statement_timeout) before the runner's. */
export class SourceTimeoutError extends SourceError {
  override name = 'SourceTimeoutError';
}
