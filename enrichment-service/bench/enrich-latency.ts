/**
 * Latency of `GET /enrich` with fake sources that answer after fixed delays (or never).
 * Run: `npx tsx enrichment-service/bench/enrich-latency.ts` (prints a table), or import measureEnrichLatency.
 * Everything stays on 127.0.0.1.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { pathToFileURL } from 'node:url';
import { createApp } from '../src/server.js';
import type { Section, Source } from '../src/section.js';

export type Delay = number | 'hang';
/** One delay for all three sources, or one each: [sentry, posthog, account]. */
export type ScenarioDelays = Delay | readonly [Delay, Delay, Delay];

export interface LatencyOptions {
  /** One scenario per entry: the sources answer after this many ms, or never ('hang'). */
  delaysMs?: ScenarioDelays[];
  /** SOURCE_TIMEOUT_MS for the run (default 2000, the service default). */
  timeoutMs?: number;
  /** Requests per scenario and kind (default 5). */
  samples?: number;
}

export interface LatencyFigures {
  samples: number;
  p50Ms: number;
  maxMs: number;
}

export interface ScenarioResult {
  delay: ScenarioDelays;
  /** Status per source, e.g. "sentry=ok posthog=ok account=timeout". */
  status: string;
  uncached: LatencyFigures;
  cached: LatencyFigures;
}

export interface LatencyReport {
  timeoutMs: number;
  scenarios: ScenarioResult[];
}

const BENCH_TOKEN = 'bench-token-0123456789abcdef';

function delayedSource<T>(delay: Delay, section: Section<T>): Source<T> {
  return () => (delay === 'hang' ? new Promise<Section<T>>(() => {}) : new Promise((r) => setTimeout(() => r(section), delay)));
}

function figures(ms: number[]): LatencyFigures {
  const sorted = [...ms].sort((a, b) => a - b);
  const p50 = sorted[Math.floor((sorted.length - 1) / 2)] ?? 0;
  return { samples: ms.length, p50Ms: round(p50), maxMs: round(sorted.at(-1) ?? 0) };
}
const round = (n: number) => Math.round(n * 10) / 10;
const describeDelay = (d: Delay) => (d === 'hang' ? 'hangs' : `${d} ms`);

/** "ok" when all three agree, otherwise each source's status. */
function distinct(parts: string[]): string {
  const statuses = new Set(parts.map((p) => p.split('=')[1]));
  return statuses.size === 1 ? [...statuses][0]! : parts.join(' ');
}

async function timedGet(url: string): Promise<{ ms: number; body: Record<string, { status: string }> }> {
  const started = performance.now();
  const res = await fetch(url, { headers: { Authorization: `Bearer ${BENCH_TOKEN}` } });
  const body = (await res.json()) as Record<string, { status: string }>;
  return { ms: performance.now() - started, body };
}

export async function measureEnrichLatency(options: LatencyOptions = {}): Promise<LatencyReport> {
  const delays = options.delaysMs ?? [50, 100, 500, 'hang', [100, 500, 'hang']];
  const timeoutMs = options.timeoutMs ?? 2000;
  const samples = options.samples ?? 5;
  const scenarios: ScenarioResult[] = [];

  for (const delay of delays) {
    const [sentryDelay, posthogDelay, accountDelay] = typeof delay === 'object' ? delay : [delay, delay, delay];
    const app = createApp({
      token: BENCH_TOKEN,
      sourceTimeoutMs: timeoutMs,
      cacheTtlSeconds: 60,
      sources: {
        sentry: delayedSource(sentryDelay, { status: 'ok', data: { issues: [] } }),
        posthog: delayedSource(posthogDelay, { status: 'ok', data: { personUrl: 'https://posthog.test/p', recordings: [] } }),
        account: delayedSource(accountDelay, { status: 'ok', data: { plan: 'pro', signedUpAt: null, attributes: {} } }),
      },
    });
    const server = await new Promise<Server>((resolve) => {
      const s = app.listen(0, '127.0.0.1', () => resolve(s));
    });
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/enrich?email=`;
    try {
      await timedGet(`${base}warmup@bench.test`);
      const uncached: number[] = [];
      let status = '';
      for (let i = 0; i < samples; i++) {
        const { ms, body } = await timedGet(`${base}user${i}@bench.test`);
        uncached.push(ms);
        status = distinct(['sentry', 'posthog', 'account'].map((k) => `${k}=${body[k]?.status ?? '?'}`));
      }
      const cached: number[] = [];
      for (let i = 0; i < samples; i++) cached.push((await timedGet(`${base}user0@bench.test`)).ms);
      scenarios.push({ delay, status, uncached: figures(uncached), cached: figures(cached) });
    } finally {
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    }
  }
  return { timeoutMs, scenarios };
}

export function formatReport(report: LatencyReport): string {
  const header = ['sources answer after', 'status', 'uncached p50', 'uncached max', 'cached p50', 'cached max'];
  const rows = report.scenarios.map((s) => [
    typeof s.delay === 'object'
      ? `sentry ${describeDelay(s.delay[0])}, posthog ${describeDelay(s.delay[1])}, account ${describeDelay(s.delay[2])}`
      : s.delay === 'hang'
        ? 'all hang'
        : `all ${s.delay} ms`,
    s.status,
    `${s.uncached.p50Ms} ms`,
    `${s.uncached.maxMs} ms`,
    `${s.cached.p50Ms} ms`,
    `${s.cached.maxMs} ms`,
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) => `| ${cells.map((c, i) => c.padEnd(widths[i]!)).join(' | ')} |`;
  return [
    `GET /enrich latency, SOURCE_TIMEOUT_MS=${report.timeoutMs}, ${report.scenarios[0]?.uncached.samples ?? 0} samples each`,
    line(header),
    `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`,
    ...rows.map(line),
  ].join('\n');
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  measureEnrichLatency()
    .then((report) => {
      console.log(formatReport(report));
      process.exit(0);
    })
    .catch((err: unknown) => {
      console.error(err);
      process.exit(1);
    });
}
