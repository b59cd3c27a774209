/**
 * Phase 3: GET /enrich latency of the enrichment service with fake sources at 50 ms, 500 ms and one that hangs,
 * uncached and cached — measured by enrichment-service/bench/enrich-latency.ts (measureEnrichLatency).
 */
export interface EnrichRow {
  scenario: string;
  status: string;
  uncachedP50Ms: number;
  uncachedMaxMs: number;
  cachedP50Ms: number;
  cachedMaxMs: number;
}

export type EnrichFigures = { measured: true; sourceTimeoutMs: number; samples: number; rows: EnrichRow[] } | { measured: false; reason: string };

export async function measureEnrich(): Promise<EnrichFigures> {
  let mod: typeof import('../../../enrichment-service/bench/enrich-latency.js');
  try {
    mod = await import('../../../enrichment-service/bench/enrich-latency.js');
  } catch (e) {
    return { measured: false, reason: `enrichment-service/bench/enrich-latency.ts could not be loaded: ${(e as Error).message}` };
  }
  const report = await mod.measureEnrichLatency({ delaysMs: [50, 500, [50, 500, 'hang']] });
  const describe = (d: unknown) =>
    Array.isArray(d) ? `sentry ${d[0]} ms, posthog ${d[1]} ms, account hangs` : `all three sources ${String(d)} ms`;
  return {
    measured: true,
    sourceTimeoutMs: report.timeoutMs,
    samples: report.scenarios[0]?.uncached.samples ?? 0,
    rows: report.scenarios.map((s) => ({
      scenario: describe(s.delay),
      status: s.status,
      uncachedP50Ms: s.uncached.p50Ms,
      uncachedMaxMs: s.uncached.maxMs,
      cachedP50Ms: s.cached.p50Ms,
      cachedMaxMs: s.cached.maxMs,
    })),
  };
}
