import { sectionTtlMs, TtlCache } from './cache.js';
import { runSource } from './run-source.js';
import type { EnrichResponse, Section, Source, Sources } from './section.js';

export interface EnricherOptions {
  sources: Sources;
  timeoutMs: number;
  cacheTtlSeconds: number;
}

export type Enricher = (email: string) => Promise<EnrichResponse>;

/**
 * Looks an (already normalised) email up in all three sources in parallel, each with its own deadline,
 * each cached per email: a cache hit makes no outbound call, and concurrent identical lookups share one.
 */
export function createEnricher({ sources, timeoutMs, cacheTtlSeconds }: EnricherOptions): Enricher {
  const cache = new TtlCache<Section<unknown>>((section) => sectionTtlMs(section.status, cacheTtlSeconds));

  function cached<T>(name: string, source: Source<T>, email: string): Promise<Section<T>> {
    return cache.getOrLoad(`${name}\u0000${email}`, () => runSource(name, source, email, timeoutMs)) as Promise<Section<T>>;
  }

  return async (email) => {
    const [sentry, posthog, account] = await Promise.all([
      cached('Sentry', sources.sentry, email),
      cached('PostHog', sources.posthog, email),
      cached('Account database', sources.account, email),
    ]);
    return { email, sentry, posthog, account };
  };
}
