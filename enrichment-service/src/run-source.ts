import type { Section, Source } from './section.js';
import { SourceError, SourceTimeoutError } from './section.js';

/**
 * Runs one source with a hard deadline: whatever the source does (even never settling), this resolves
 * within `timeoutMs` with a Section. Thrown SourceErrors keep their message; anything else gets a generic
 * reason so that no internals (URLs with tokens, SQL, customer data) reach the response.
 */
export async function runSource<T>(name: string, source: Source<T>, email: string, timeoutMs: number): Promise<Section<T>> {
  const controller = new AbortController();
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<Section<T>>((resolve) => {
    timer = setTimeout(() => {
      controller.abort();
      resolve({ status: 'timeout', reason: `${name} did not answer within ${timeoutMs} ms` });
    }, timeoutMs);
  });
  const work = (async (): Promise<Section<T>> => {
    try {
      return await source(email, controller.signal);
    } catch (err) {
      return failureSection(name, err, timeoutMs);
    }
  })();
  try {
    return await Promise.race([work, deadline]);
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
}

function failureSection(name: string, err: unknown, timeoutMs: number): Section<never> {
  if (err instanceof SourceTimeoutError) return { status: 'timeout', reason: err.message };
  if (err instanceof SourceError) return { status: 'error', reason: err.message };
  if (err instanceof Error && err.name === 'AbortError') {
    return { status: 'timeout', reason: `${name} did not answer within ${timeoutMs} ms` };
  }
  return { status: 'error', reason: `${name} lookup failed unexpectedly` };
}
