import { isAxiosError } from 'axios';
import { SourceError, SourceTimeoutError } from '../section.js';

/**
 * Turns an axios failure into a SourceError whose message is safe to return: the service name, the HTTP
 * status or network error code, and a hint. Never the URL (it carries the email) nor any header.
 */
export function httpFailure(service: string, err: unknown, hints: Partial<Record<number, string>> = {}): Error {
  if (!isAxiosError(err)) return err instanceof Error ? err : new SourceError(`${service} lookup failed`);
  if (err.code === 'ERR_CANCELED') {
    const abort = new Error(`${service} request aborted`);
    abort.name = 'AbortError';
    return abort;
  }
  if (err.code === 'ECONNABORTED' || err.code === 'ETIMEDOUT') return new SourceTimeoutError(`${service} request timed out`);
  const status = err.response?.status;
  if (status !== undefined) return httpStatusFailure(service, status, hints);
  return new SourceError(`${service} is unreachable (${err.code ?? 'network error'})`);
}

export function httpStatusFailure(service: string, status: number, hints: Partial<Record<number, string>> = {}): SourceError {
  const hint = hints[status] ?? DEFAULT_HINTS[status];
  return new SourceError(`${service} answered HTTP ${status}${hint ? `: ${hint}` : ''}`);
}

const DEFAULT_HINTS: Partial<Record<number, string>> = {
  401: 'the API token was rejected',
  403: 'the API token lacks a needed scope',
  429: 'rate limited, try again later',
};
